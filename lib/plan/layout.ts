// Where things live on a machine, and small script pieces shared by components.
import { shellQuote } from "../render/shell";
import { DIRECTORY_KEYS } from "../render/properties";

/** Directory of the project's host tools inside an IoTDB home (installed by hostToolsScript, lib/render/hostToolsScript.ts). */
export const HOST_TOOLS_DIR = "tools/iotdb-sql";

/** Relative path of the flusher inside an IoTDB home. */
export const IOTDB_FLUSHER_PATH = `${HOST_TOOLS_DIR}/iotdb-flusher`;

/** Where the flusher writes its state changes and summaries, relative to the IoTDB home. */
export const FLUSHER_LOG = "logs/iotdb-flusher.log";

/** The timestamped event log the project's scripts append to on each machine. */
export const journalFile = (installDir: string) => `${installDir}/journal.log`;

/**
 * Runs `script` in its own bash, then appends `event` to the journal if it succeeded, or `<event> failed
 * (exit N)` if it did not (the rollout gate watches for those: providers/rolloutGate.ts).
 */
export function withJournal(file: string, event: string, script: string): string {
    const stamp = `printf '%s %s%s\\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" ${shellQuote(event)}`;
    return `set -euo pipefail
rc=0
bash -c ${shellQuote(script)} || rc=$?
mkdir -p "$(dirname ${shellQuote(file)})"
if [ "$rc" -ne 0 ]; then ${stamp} " failed (exit $rc)" >> ${shellQuote(file)}; exit "$rc"; fi
${stamp} "" >> ${shellQuote(file)}`;
}

/**
 * Directories of the operating system that are never a data directory (the one definition: the
 * config check at preview and the data directory's scripts on the machine both use it). `exact` are
 * refused themselves, a directory below them is fine (/var/lib/iotdb); `trees` are refused with
 * everything below them.
 */
export const SYSTEM_DIRECTORIES: Readonly<{ exact: readonly string[]; trees: readonly string[] }> = Object.freeze({
    exact: Object.freeze(["/", "/home", "/lost+found", "/media", "/mnt", "/opt", "/root", "/snap", "/srv", "/tmp",
        "/var", "/var/backups", "/var/cache", "/var/lib", "/var/local", "/var/log", "/var/mail", "/var/opt", "/var/spool", "/var/tmp"]),
    trees: Object.freeze(["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run", "/sbin", "/sys", "/usr",
        "/var/lock", "/var/run"]),
});

/** An absolute path with `//`, `.` components and a trailing `/` taken out (`..` is kept: callers refuse it). */
export function normalizeDir(p: string): string {
    return "/" + p.split("/").filter((part) => part !== "" && part !== ".").join("/");
}

const within = (p: string, dir: string) => p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);

/** Whether `dir` is one of the {@link SYSTEM_DIRECTORIES} or lies in one of their trees. */
export function isSystemDirectory(dir: string): boolean {
    const d = normalizeDir(dir);
    return SYSTEM_DIRECTORIES.exact.includes(d) || SYSTEM_DIRECTORIES.trees.some((t) => within(d, t));
}

/**
 * Why `dataDir` cannot hold this project's data beside an installation in `installDir`, with the fix;
 * undefined when it can. A purge removes IoTDB's subdirectories of it, so it must be a directory of
 * its own: not a system directory, not the install directory, nor inside or around it.
 */
export function dataDirProblem(dataDir: string, installDir: string): string | undefined {
    const d = normalizeDir(dataDir);
    const i = normalizeDir(installDir);
    const fix = "use a directory of its own, such as /var/lib/iotdb";
    if (isSystemDirectory(d)) return `${JSON.stringify(dataDir)} is a directory of the operating system; ${fix}`;
    if (d === i) return `${JSON.stringify(dataDir)} is installDir itself; ${fix}, outside installDir`;
    if (within(d, i)) return `${JSON.stringify(dataDir)} is inside installDir (${i}); ${fix}, outside installDir`;
    if (within(i, d)) return `${JSON.stringify(dataDir)} holds installDir (${i}); ${fix}, apart from installDir`;
    return undefined;
}

/**
 * The file in the data directory that says which stack and machine own it, written when the stack
 * first claims the directory (lib/dataDirScripts.ts); a purge runs only where it is found as written.
 */
export const DATA_DIR_MARKER = ".iotdb-dual-active-owner";

/** What {@link DATA_DIR_MARKER} holds (without the final newline). */
export function dataDirMarker(p: { owner: string; hostname: string; dataDir: string }): string {
    return `owner=${p.owner}\nhostname=${p.hostname}\ndataDir=${p.dataDir}`;
}

/**
 * The subdirectories of the data directory that are IoTDB's: the first component of every
 * directory key's path (lib/properties.ts), so `confignode`, `datanode` and `ext`. A purge removes
 * these and nothing else.
 */
export const IOTDB_DATA_SUBDIRS: ReadonlyArray<string> = Object.freeze([...new Set(DIRECTORY_KEYS.map(([, rel]) => rel.split("/")[0]))]);
