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
