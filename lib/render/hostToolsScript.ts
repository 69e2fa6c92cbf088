// The project's host tools on each machine: the SQL runner and the flusher (host-tools/), compiled
// into their own small archive by scripts/host-tools-dist.sh and installed into the IoTDB home where
// every script expects them (IOTDB_SQL_PATH, IOTDB_FLUSHER_PATH), whatever distribution was installed.
// Its bash: sh/host-tools.sh.
import { isSha256 } from "../rules";
import { checkSafePath, HOST_TOOLS_DIR, HostScriptError } from "./hostScripts";
import { renderScript } from "./template";

/** Marker file in HOST_TOOLS_DIR; holds the archive's sha256. */
export const HOST_TOOLS_MARKER = ".iotdb-dual-active-host-tools";

/** File name of the host tools archive (in the cache and in `<installDir>/dist/` on each machine). */
export function hostToolsArchiveName(version: string): string {
    return `iotdb-dual-active-host-tools-${version}.tar.gz`;
}

/** Parameters of {@link hostToolsScript}. */
export interface HostToolsScriptParams {
    /** Absolute path of the uploaded host tools archive. */
    archivePath: string;
    /** Its sha256 (64 lower-case hex digits). */
    archiveSha256: string;
    /** The IoTDB home the tools go into (installed first). */
    home: string;
}

/**
 * Installs the host tools archive (one top folder `iotdb-sql/`) as `<home>/tools/iotdb-sql`: verifies
 * its sha256, does nothing when the marker holds it and the tools are complete, otherwise swaps the
 * directory in. stdout: `changed` or `unchanged`.
 */
export function hostToolsScript(p: HostToolsScriptParams): string {
    if (!isSha256(p.archiveSha256)) throw new HostScriptError(`host tools sha256 must be 64 lowercase hex digits: ${JSON.stringify(p.archiveSha256)}`);
    return renderScript("iotdb-host-tools", {
        archive: checkSafePath("host tools archivePath", p.archivePath),
        want_sum: p.archiveSha256,
        home: checkSafePath("home", p.home),
        tools_rel: HOST_TOOLS_DIR,
        marker_name: HOST_TOOLS_MARKER,
    }, ["host-tools"]);
}
