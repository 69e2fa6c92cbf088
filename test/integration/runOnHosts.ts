// What one deploying test run puts on the test hosts: its own install and data dirs, the IoTDB logs
// kept after it, and the removal of whatever it left (processes, dirs, hosts lines).
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { sshExec, TEST_HOSTS_DIR } from "./testhosts";

/** Install and data dirs of one test run, so runs never share state on the hosts. */
export interface Run {
    id: string;
    installDir: string;
    dataDir: string;
    home: string;
}

/** The dirs of the run named `id` (`<prefix>-<6 hex digits>` for the runs newRun makes). */
export function runOf(id: string): Run {
    const installDir = `/opt/iotdb-${id}`;
    return { id, installDir, dataDir: `/var/lib/iotdb/${id}`, home: `${installDir}/apache-iotdb-2.0.10` };
}

/** A new run with its own dirs, named after `prefix`; this process is noted as its owner (sweepLeftoverRuns). */
export function newRun(prefix: string): Run {
    const run = runOf(`${prefix}-${crypto.randomBytes(3).toString("hex")}`);
    noteOwner(run, {});
    return run;
}

/**
 * Where this machine notes, per run, the process that made it and the stack that deploys it: a later
 * process tells a run in progress (its owner alive) from one a killed or failed process left behind.
 */
const RUN_OWNERS_DIR = path.join(TEST_HOSTS_DIR, "runs");
/** A run's id as newRun makes it, in the host paths that name it. */
const RUN_IN_PATH = /\/(?:opt\/iotdb-|var\/lib\/iotdb\/)([a-z]+-[0-9a-f]{6})(?=[\/\s:]|$)/gm;

interface RunOwner {
    pid: number;
    /** The owner's start time (field 22 of /proc/<pid>/stat), so a recycled pid is not taken for it. */
    started: string;
    stack?: string;
}

function processStarted(pid: number): string | undefined {
    try {
        return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[19];
    } catch {
        return undefined;
    }
}

function noteOwner(run: Run, extra: { stack?: string }): void {
    const owner: RunOwner = { pid: process.pid, started: processStarted(process.pid) ?? "", ...extra };
    fs.mkdirSync(RUN_OWNERS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RUN_OWNERS_DIR, run.id), JSON.stringify(owner) + "\n");
}

/** Notes the stack that deploys the run, so a sweep can remove its hosts lines too. */
export function noteRunStack(run: Run, stack: string): void {
    noteOwner(run, { stack });
}

function ownerOf(id: string): RunOwner | undefined {
    try {
        return JSON.parse(fs.readFileSync(path.join(RUN_OWNERS_DIR, id), "utf8")) as RunOwner;
    } catch {
        return undefined;
    }
}

const ownerAlive = (o: RunOwner | undefined): boolean => o !== undefined && processStarted(o.pid) === o.started;

const sweptHosts = new Set<number>();

/**
 * Removes from hosts `indexes` (once per host and process) every test run whose owner is gone: a CI
 * machine that is not fresh may still run the IoTDB of a run whose process was killed, and the suites
 * refuse to start beside it. Runs of live processes (a suite of another mocha beside this one) and
 * anything that is not a test run (the `local` stack's /opt/iotdb) are left alone.
 */
export function sweepLeftoverRuns(indexes: number[]): void {
    for (const i of indexes.filter((k) => !sweptHosts.has(k))) {
        const seen = sshExec(i, "ls -d /opt/iotdb-*/ /var/lib/iotdb/*/ 2>/dev/null; pgrep -af '[/]opt/iotdb-' || true").stdout;
        const ids = new Set([...seen.matchAll(RUN_IN_PATH)].map((m) => m[1]));
        for (const id of ids) {
            const owner = ownerOf(id);
            if (ownerAlive(owner)) continue;
            const run = runOf(id);
            const pids = sshExec(i, `pgrep -f '[/]${run.installDir.slice(1)}/' || true`).stdout.split("\n").filter(Boolean);
            process.stderr.write(`      [hosts] host ${i}: removing run ${id}, left by a test process that is gone` +
                `${pids.length ? ` (its processes ${pids.join(", ")} still running)` : ""}; its logs go to ${keptLogsDir(run, i)}\n`);
            keepLogs(run, [i]);
            removeRun(run, owner?.stack, i);
        }
        sweptHosts.add(i);
    }
    pruneOwners();
}

/** Forgets the owners of runs made over a week ago by processes now gone. */
function pruneOwners(): void {
    const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
    for (const id of fs.existsSync(RUN_OWNERS_DIR) ? fs.readdirSync(RUN_OWNERS_DIR) : []) {
        const file = path.join(RUN_OWNERS_DIR, id);
        if (fs.statSync(file).mtimeMs < weekAgo && !ownerAlive(ownerOf(id))) fs.rmSync(file, { force: true });
    }
}

/**
 * Where host i keeps a run's IoTDB logs after its cleanup: in the host's own /tmp, which this machine
 * sees as `<TEST_HOSTS_DIR>/iotdb-<i>/fs/tmp` (scripts/lib/testhosts.sh).
 */
export const keptLogsDir = (run: Run, i: number) => `/tmp/iotdb-it-logs/${run.id}/host${i}`;

/** Copies the run's IoTDB logs, where the hosts still hold them, to keptLogsDir (newer files win). */
export function keepLogs(run: Run, hostIndexes: number[] = [1, 2]): void {
    for (const i of hostIndexes) {
        const keep = keptLogsDir(run, i);
        try {
            sshExec(i, `if [ -d ${run.home}/logs ]; then mkdir -p ${keep} && cp -a ${run.home}/logs/. ${keep}/; fi`);
        } catch {
            // a host a test made vanish: nothing to keep from it
        }
    }
}

/**
 * Whatever a run left on the hosts, failed or not: its processes (found by their home), dirs and
 * hosts lines. Its logs are kept first (keepLogs), so a failure can be read afterwards.
 */
export function cleanupHosts(run: Run, stackName: string, hostIndexes: number[] = [1, 2]): void {
    keepLogs(run, hostIndexes);
    for (const i of hostIndexes) removeRun(run, stackName, i);
}

/** Stops the run's processes on host i (TERM, then KILL after 60 s), removes its dirs and, if its stack is known, its hosts lines. */
function removeRun(run: Run, stackName: string | undefined, i: number): void {
    // "[/]" keeps the patterns from matching this very command line.
    const everything = `[/]${run.installDir.slice(1)}/`;
    // The node supervisors first (lib/render/supervisorScripts.ts): they would start what is stopped next.
    const supervisors = `[/]${run.installDir.slice(1)}/supervisor/iotdb-supervisor[.]sh`;
    const hostsLines = stackName ? `sed -i '\\|# managed-by iotdb-dual-active/${stackName}$|d' /etc/hosts` : "true";
    const r = sshExec(i, `pkill -TERM -f '${supervisors}' || true; sed -i '\\|# iotdb-dual-active supervisor [/]${run.installDir.slice(1)}/supervisor |d' /etc/rc.local 2>/dev/null || true; ` +
        `pkill -TERM -f '${everything}' || true; for k in $(seq 60); do pgrep -f '${everything}' >/dev/null || break; sleep 1; done; ` +
        `pkill -KILL -f '${everything}' || true; for k in $(seq 10); do pgrep -f '${everything}' >/dev/null || break; sleep 1; done; ` +
        `if pgrep -af '${everything}'; then echo 'still running after SIGKILL' >&2; exit 1; fi; ` +
        `rm -rf ${run.installDir} ${run.dataDir}; ${hostsLines}`, { timeoutMs: 180000 });
    if (r.code !== 0) throw new Error(`run ${run.id} not removed from test host ${i} (exit ${r.code}): ${(r.stdout + r.stderr).trim()}`);
}
