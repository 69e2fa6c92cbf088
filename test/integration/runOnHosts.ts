// What one deploying test run puts on the test hosts: its own install and data dirs, the IoTDB logs
// kept after it, and the removal of whatever it left (processes, dirs, hosts lines).
import * as crypto from "crypto";
import { sshExec } from "./testhosts";

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

/** A new run with its own dirs, named after `prefix`. */
export function newRun(prefix: string): Run {
    return runOf(`${prefix}-${crypto.randomBytes(3).toString("hex")}`);
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
    // "[/]" keeps the pattern from matching this very command line.
    const pattern = `[/]${run.home.slice(1)}`;
    // The node supervisors first (lib/render/supervisorScripts.ts): they would start what is stopped next.
    const supervisors = `[/]${run.installDir.slice(1)}/supervisor/iotdb-supervisor[.]sh`;
    keepLogs(run, hostIndexes);
    for (const i of hostIndexes) {
        sshExec(i, `pkill -TERM -f '${supervisors}' || true; sed -i '\\|# iotdb-dual-active supervisor ${run.installDir}/supervisor |d' /etc/rc.local 2>/dev/null || true; ` +
            `pkill -TERM -f '${pattern}' || true; for k in $(seq 60); do pgrep -f '${pattern}' >/dev/null || break; sleep 1; done; ` +
            `rm -rf ${run.installDir} ${run.dataDir}; sed -i '\\|# managed-by iotdb-dual-active/${stackName}$|d' /etc/hosts`);
    }
}
