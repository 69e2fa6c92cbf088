// The explicit rebuild of a node (issue 14, "Fixed-at-first-start changes"): the only way the
// project applies a change IoTDB fixed at a node's first start. Its bash: sh/node-rebuild.sh.
import { renderScript } from "./template";
import { stopScript } from "./hostScripts";
import { stopFlusherScript } from "./flusherScripts";
import { claimDataDirScript, DataDirParams, purgeDataDirScript } from "./dataDirScripts";
import { journalFile } from "../plan/layout";
import type { IotdbRole } from "../model/config";

export interface RebuildParams extends DataDirParams {
    /** The IoTDB home the node runs from. */
    home: string;
    /** Its roles. */
    roles: IotdbRole[];
    /** Bound of each stop wait, in seconds. */
    stopTimeoutSeconds: number;
}

/**
 * Stops the node's flusher and roles, purges IoTDB's subdirectories of its data directory (as
 * purgeDataDirScript: only where this stack's marker is, never a system directory) and claims the
 * directory again. Fails, leaving the data, when the directory is not purged (not this stack's,
 * another owner's, or IoTDB still in it). stdout: `rebuilt`. No stdin.
 */
export function rebuildNodeScript(p: RebuildParams): string {
    const dir: DataDirParams = { dataDir: p.dataDir, installDir: p.installDir, owner: p.owner, hostname: p.hostname };
    return renderScript("iotdb-rebuild", {
        node_name: p.hostname, data_dir: p.dataDir, journal_file: journalFile(p.installDir.replace(/\/+$/, "")),
        stop_flusher_script: stopFlusherScript(p.home),
        stop_script: stopScript({ home: p.home, timeoutSeconds: p.stopTimeoutSeconds, roles: p.roles }),
        purge_script: purgeDataDirScript(dir),
        claim_script: claimDataDirScript(dir),
    }, ["journal", "node-rebuild"]);
}
