/**
 * The data directory's own scripts: claiming it for this stack when the node is first made, and
 * purging IoTDB's part of it when the node is destroyed with purgeDataOnDestroy. Pure: each returns
 * the text of a bash script, run on the machine as `bash -c <script>` by the node's `-data` resource.
 *
 * - claim ({@link claimDataDirScript}): makes IoTDB's subdirectories private (they hold the pipes'
 *   sink password) and writes {@link DATA_DIR_MARKER} (the owner `<project>/<stack>`,
 *   the node's hostname and the directory) into a data directory that is new or empty; one that
 *   already carries exactly that marker is this stack's. One that holds anything else, or another
 *   marker, is left unclaimed, with a warning: this stack will never purge it.
 * - purge ({@link purgeDataDirScript}): only where the marker is as written, and while no IoTDB
 *   process uses the directory, removes IoTDB's subdirectories ({@link IOTDB_DATA_SUBDIRS}) and the
 *   marker, then the directory itself only if it is then empty. Never `rm -rf` of the directory.
 *   Where the marker is missing or foreign it removes nothing, warns and exits 0 (destroy goes on).
 *
 * Their bash: sh/data-dir.sh (shared), sh/data-dir-claim.sh, sh/data-dir-purge.sh. Conventions as in hostScripts.ts: `set -euo pipefail` first, every value quoted, every step
 * checked, idempotent, progress on stderr. Lines starting `warning: ` on stderr are shown in Pulumi's
 * output (providers/remoteScript.ts). Each outcome is a line in the machine's journal.
 */
import { renderScript, ShellInput } from "./template";
import { checkDataDir } from "./properties";
import { DATA_DIR_MARKER, IOTDB_DATA_SUBDIRS, SYSTEM_DIRECTORIES, dataDirMarker, dataDirProblem, journalFile } from "../plan/layout";

/** What both scripts are about. */
export interface DataDirParams {
    /** The data directory (the stack's `dataDir`). */
    dataDir: string;
    /** The install root (`installDir`): the journal is `<installDir>/journal.log`. */
    installDir: string;
    /** The owner tag, `<project>/<stack>`. */
    owner: string;
    /** The node's hostname. */
    hostname: string;
}

/** Thrown for parameters no script is made for. */
export class DataDirScriptError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DataDirScriptError";
    }
}

function oneLine(what: string, v: string): string {
    if (typeof v !== "string" || v === "" || /[\0\n\r]/.test(v)) {
        throw new DataDirScriptError(`${what} must be a non-empty single line: ${JSON.stringify(v)}`);
    }
    return v;
}

function render(tag: string, p: DataDirParams, template: string, inputs: Record<string, ShellInput> = {}): string {
    const dataDir = checkDataDir(p.dataDir);
    const installDir = oneLine("installDir", p.installDir);
    if (!installDir.startsWith("/")) throw new DataDirScriptError(`installDir must be absolute: ${JSON.stringify(installDir)}`);
    const problem = dataDirProblem(dataDir, installDir);
    if (problem) throw new DataDirScriptError(`refusing the data directory: ${problem}`);
    const marker = dataDirMarker({ owner: oneLine("owner", p.owner), hostname: oneLine("hostname", p.hostname), dataDir });
    return renderScript(tag, {
        data_dir: dataDir,
        marker: `${dataDir}/${DATA_DIR_MARKER}`,
        want: marker,
        journal_file: journalFile(installDir.replace(/\/+$/, "")),
        system_exact: SYSTEM_DIRECTORIES.exact,
        system_trees: SYSTEM_DIRECTORIES.trees,
        ...inputs,
    }, ["journal", "data-dir", template]);
}

/**
 * Claims the data directory for this stack: creates it when missing (mode 0750) and writes the marker
 * when it is empty (a `lost+found` alone counts as empty: a file system's root). Makes IoTDB's own
 * subdirectories ({@link IOTDB_DATA_SUBDIRS}, not symbolic links) private, `g-w,o-rwx` recursively,
 * and the directory itself when it is this stack's. Changes nothing else in a directory already
 * claimed by this stack, nor in one it does not claim (it holds other files, or another owner's
 * marker), which it warns about. Fails when the directory resolves to a system
 * directory, is not a directory, or the marker cannot be written and read back. Safe while IoTDB runs.
 *
 * stdout: `claimed`, `owned` (claimed before) or `unclaimed`.
 */
export function claimDataDirScript(p: DataDirParams): string {
    return render("iotdb-data-claim", p, "data-dir-claim", { subdirs: IOTDB_DATA_SUBDIRS });
}

/**
 * Purges IoTDB's part of the data directory, run when the node itself is destroyed with
 * purgeDataOnDestroy (after its services stopped). Removes nothing, warns and exits 0 when the
 * directory lacks this stack's marker or resolves to a system directory. Fails while an IoTDB
 * ConfigNode or DataNode (of any home) has its working directory or an open file in it. Otherwise
 * removes each of {@link IOTDB_DATA_SUBDIRS} (a symbolic link in their place: the link only), then
 * the marker, then the directory if nothing else is left in it. Idempotent: a missing directory is
 * nothing to do.
 *
 * stdout: `purged`, `kept` or `absent`.
 */
export function purgeDataDirScript(p: DataDirParams): string {
    return render("iotdb-data-purge", p, "data-dir-purge", { subdirs: IOTDB_DATA_SUBDIRS });
}
