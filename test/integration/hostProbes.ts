// What the tests observe on a test host, independently of the code under test.
import * as fs from "fs";
import * as path from "path";
import { sshExec, TEST_HOSTS_DIR } from "./testhosts";

/** PIDs of IoTDB java processes on host i (ConfigNode or DataNode), whatever their home. */
export function iotdbPids(i: number): number[] {
    const out = sshExec(i, "pgrep -f 'org[.]apache[.]iotdb[.](confignode[.]service[.]ConfigNode|db[.]service[.]DataNode)' || true").stdout;
    return out.split("\n").filter(Boolean).map(Number);
}

/** Refuses to go on while some IoTDB already runs on host i (a `local` stack left up, say). */
export function requireNoIotdbRunning(i: number): void {
    const pids = iotdbPids(i);
    if (pids.length > 0) {
        throw new Error(`IoTDB already runs on test host ${i} (pids ${pids.join(", ")}): stop it first (npm run local:destroy)`);
    }
}

/** The timestamped events the project's scripts appended to the journal under installDir. */
export function journal(i: number, installDir: string): { at: string; event: string }[] {
    const out = sshExec(i, `cat ${installDir}/journal.log 2>/dev/null || true`).stdout;
    return out.split("\n").filter(Boolean).map((l) => ({ at: l.slice(0, l.indexOf(" ")), event: l.slice(l.indexOf(" ") + 1) }));
}

/** Lines of host i's sshd log that contain `text` (read on this machine: no login itself). */
export function sshdLogLines(i: number, text: string): number {
    const log = path.join(TEST_HOSTS_DIR, `iotdb-${i}`, "sshd.log");
    return (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "").split("\n").filter((l) => l.includes(text)).length;
}

/** SSH logins host i's sshd has accepted so far. */
export function sshLoginCount(i: number): number {
    return sshdLogLines(i, "Accepted publickey");
}

/** TsFiles the DataNode of host i has loaded so far (received through a pipe as files), from its own log. */
export function tsFileLoads(i: number, home: string): number {
    const out = sshExec(i, `grep -c 'is successfully loaded' ${home}/logs/log_datanode_all.log || true`).stdout.trim();
    return Number(out || "0");
}

/** Points the DataNode of host i has written so far, its own and the pipe's (IoTDB's points_in counter; needs the Prometheus reporter on 9092). */
export function pointsIn(i: number): number {
    const out = sshExec(i, `curl -s --max-time 5 http://iotdb-${i}:9092/metrics || wget -q -T 5 -O - http://iotdb-${i}:9092/metrics`).stdout;
    const lines = out.split("\n").filter((l) => l.startsWith("quantity_total{") && l.includes("points_in"));
    if (lines.length === 0) throw new Error(`host ${i}: no points_in counter in the DataNode's metrics`);
    return lines.reduce((n, l) => n + Number(l.split(" ").pop()), 0);
}

/** Lines of host i's DataNode log since `since` ("YYYY-MM-DD HH:MM:SS", UTC) that say a pipe lacked memory. */
export function pipeErrors(i: number, home: string, since: string): string[] {
    const out = sshExec(i, `awk -v s='${since}' '($1 " " substr($2, 1, 8)) >= s' ${home}/logs/log_datanode_all.log | grep -E 'PipeRuntimeOutOfMemoryCriticalException|Not enough memory for pipe|failed to allocate memory' | tail -n 5 || true`).stdout;
    return out.split("\n").filter(Boolean);
}

/** Pids of host i's running IoTDB role (`confignode` or `datanode`). */
export function rolePids(i: number, role: "confignode" | "datanode"): number[] {
    const cls = role === "confignode" ? "confignode[.]service[.]ConfigNode" : "db[.]service[.]DataNode";
    return sshExec(i, `pgrep -f 'org[.]apache[.]iotdb[.]${cls}' || true`).stdout.split("\n").filter(Boolean).map(Number);
}

/** Pids of host i's node supervisor loops (lib/render/supervisorScripts.ts); not their passing subshells (same command line). */
export function supervisorPids(i: number): number[] {
    const script = "ps -eo pid=,ppid=,args= | awk '/[i]otdb-supervisor[.]sh run/ { pid[$1] = $2 } END { for (p in pid) if (!(pid[p] in pid)) print p }'";
    return sshExec(i, script).stdout.split("\n").filter(Boolean).map(Number);
}

/** Pids of host i's flushers (host-tools/IotdbFlusher.java), whatever their home. */
export function flusherPids(i: number): number[] {
    return sshExec(i, "pgrep -f '[I]otdbFlusher' || true").stdout.split("\n").filter(Boolean).map(Number);
}
