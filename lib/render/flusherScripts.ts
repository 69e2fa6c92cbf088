/**
 * Host scripts of the flusher (host-tools/IotdbFlusher.java): the daemon beside each DataNode that
 * runs `FLUSH ON LOCAL` at a fixed interval, so the pipes see unflushed rows in bounded time (Apache
 * IoTDB 2.0.10's user pipes only carry sealed TsFiles). Pure functions, same conventions as
 * hostScripts.ts (their bash: sh/flusher*.sh); the password is read from stdin and handed to the daemon on its stdin.
 *
 * The daemon is found by its command line: the class IotdbFlusher and `-Diotdb.flusher.home=<home>`.
 */
import { isIotdbUser } from "../rules";
import { checkHost, checkPort, checkSafePath, HostScriptError } from "./hostScripts";
import * as path from "path";
import { supervisionInputs, supervisorDir, SupervisionParams, SupervisorHostPaths } from "./supervisorScripts";
import { renderScript } from "./template";
import { IOTDB_FLUSHER_PATH, FLUSHER_LOG } from "../plan/layout";

export { IOTDB_FLUSHER_PATH };

export interface FlusherParams {
    /** The IoTDB home. */
    home: string;
    /** The DataNode's RPC address and port. */
    rpcHost: string;
    rpcPort: number;
    /** IoTDB user the daemon logs in as (needs the right to FLUSH). */
    user: string;
    /** Milliseconds between two flushes. */
    intervalMs: number;
    /** The device its side's canary heartbeat is written into before each flush (lib/plan/canary.ts); none when absent. */
    heartbeatDevice?: string;
    /**
     * Keep the daemon running without `up` (the node's supervisor, supervisorScripts.ts, with a `flusher`
     * role): its arguments and password are kept in the supervisor's directory, readable by the owner
     * only, and a loop starts it again when it is gone, at boot too. Absent: no supervision, nothing kept.
     * `dataDir` must be the node's own (the supervisor's script is shared with its roles).
     */
    supervise?: SupervisionParams;
    /** Test overrides of the host files supervision touches. */
    supervisorHostPaths?: SupervisorHostPaths;
}

const DEVICE_RE = /^root(\.[A-Za-z0-9_]+)+$/;

/** The daemon's own arguments, in the order its drift check compares them. */
function flusherArgs(p: FlusherParams): string[] {
    if (p.heartbeatDevice !== undefined && !DEVICE_RE.test(p.heartbeatDevice)) {
        throw new HostScriptError(`heartbeatDevice must be a device path like root.__dual_active_canary.a: ${JSON.stringify(p.heartbeatDevice)}`);
    }
    return ["--host", checkHost("rpcHost", p.rpcHost), "--port", String(checkPort("rpcPort", p.rpcPort)),
        "--user", p.user, "--interval-ms", String(checkInterval(p.intervalMs)),
        ...(p.heartbeatDevice !== undefined ? ["--heartbeat", p.heartbeatDevice] : [])];
}

function checkInterval(ms: number): number {
    if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
        throw new HostScriptError(`intervalMs must be an integer from 100 to 3600000: ${ms}`);
    }
    return ms;
}

/**
 * Starts the flusher of a DataNode unless one with the same arguments runs (another one is stopped
 * first), then waits until its log says it connected (bounded: 60 s); then supervises it, or takes
 * any supervision of it away (see FlusherParams.supervise). stdin line 1: the password.
 * stdout: `changed` or `unchanged`.
 */
export function startFlusherScript(p: FlusherParams): string {
    const args = flusherArgs(p);
    if (!isIotdbUser(p.user)) throw new HostScriptError(`not an IoTDB user name: ${JSON.stringify(p.user)}`);
    return renderScript("iotdb-flusher-start", {
        home: checkSafePath("home", p.home),
        args,
        flusher_rel: IOTDB_FLUSHER_PATH,
        log_rel: FLUSHER_LOG,
        ...supervisionInputs(p.home, p.supervise, p.supervisorHostPaths),
    }, ["roles", "flusher", "supervision", "flusher-start"]);
}

/**
 * Stops the flusher of an IoTDB home (TERM, then KILL after 10 s: it holds no data), its supervisor
 * first, and removes what the supervisor kept of it (its password). Idempotent.
 */
export function stopFlusherScript(home: string, supervisorHostPaths?: SupervisorHostPaths): string {
    return renderScript("iotdb-flusher-stop", {
        home: checkSafePath("home", home), ...supervisionInputs(home, undefined, supervisorHostPaths),
    }, ["roles", "flusher", "supervision", "flusher-stop"]);
}

/** Drift check: last line `ok` while exactly one flusher of this home runs with the given settings. */
export function checkFlusherScript(p: FlusherParams): string {
    return renderScript("iotdb-flusher-check", {
        home: checkSafePath("home", p.home),
        sup_dir: supervisorDir(path.posix.dirname(p.home)),
        want: flusherArgs(p).join(" "),
    }, ["roles", "flusher", "flusher-check"]);
}
