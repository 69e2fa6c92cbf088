// What the tests that deploy the project's pair share: a run's own directories, its stack file,
// bounded waits, preview inspection and cleanup of the test hosts.
import * as crypto from "crypto";
import { Stack, EngineEvent } from "@pulumi/pulumi/automation";
import { testHost, sshExec, sshKeyPath, ensureTestHosts, assertTestHostUp } from "./testhosts";
import { makeWorkspace, openStack, generatePasswords, Workspace } from "./pulumiHarness";
import { requireNoIotdbRunning } from "./hostProbes";

export const hosts = [testHost(1), testHost(2)];
export const quiet = { onOutput: () => undefined };

/** What each side's clients write in the tests (its pipe carries these). */
export const OWNS_A = ["root.dual.**", ...Array.from({ length: 8 }, (_, k) => `root.load_a_${k}.**`)];
export const OWNS_B = ["root.dual_b.**", ...Array.from({ length: 8 }, (_, k) => `root.load_b_${k}.**`)];

/** Install and data dirs of one test run, so runs never share state on the hosts. */
export function newRun(prefix: string) {
    const id = `${prefix}-${crypto.randomBytes(3).toString("hex")}`;
    const installDir = `/opt/iotdb-${id}`;
    return { id, installDir, dataDir: `/var/lib/iotdb/${id}`, home: `${installDir}/apache-iotdb-2.0.10` };
}
export type Run = ReturnType<typeof newRun>;

/** The stack file of a run on the two test hosts, with `extra` keys (namespace added) on top. */
export function stackConfig(run: Run, extra: Record<string, unknown> = {}): string {
    const ns = "iotdb-dual-active";
    const config: Record<string, unknown> = {
        [`${ns}:sideA`]: { clusterName: "it-a", nodes: [{ hostname: hosts[0].label, address: hosts[0].address }], owns: OWNS_A },
        [`${ns}:sideB`]: { clusterName: "it-b", nodes: [{ hostname: hosts[1].label, address: hosts[1].address }], owns: OWNS_B },
        [`${ns}:ssh`]: { user: "root", privateKeyPath: sshKeyPath(), dialTimeoutSeconds: 5, dialAttempts: 2 },
        [`${ns}:memory`]: { confignode: "512M", datanode: "1G" },
        [`${ns}:installDir`]: run.installDir,
        [`${ns}:dataDir`]: run.dataDir,
        [`${ns}:startTimeoutSeconds`]: 300,
    };
    for (const [k, v] of Object.entries(extra)) config[`${ns}:${k}`] = v;
    return JSON.stringify({ config }, null, 2); // JSON is YAML
}

/**
 * The mocha hooks of a test that deploys the project's pair on the two test hosts. Before: the hosts
 * up with no IoTDB running, a work dir with the program and `stacks/Pulumi.<stackName>.yaml`, the stack
 * with generated passwords, handed to `use`. After: destroy, then whatever the run left on the hosts.
 */
export function pairHooks(prefix: string, run: Run, stackName: string, stackFile: string, use: (ws: Workspace, stack: Stack) => void): void {
    let ws: Workspace | undefined;
    let stack: Stack | undefined;
    before(async () => {
        ensureTestHosts(2);
        for (const h of hosts) assertTestHostUp(h.address);
        for (const i of [1, 2]) requireNoIotdbRunning(i);
        ws = makeWorkspace(prefix, { [`stacks/Pulumi.${stackName}.yaml`]: stackFile }, true);
        stack = await openStack(ws, stackName);
        generatePasswords(ws, stackName);
        use(ws, stack);
    });
    after(async () => {
        try {
            keepLogs(run); // destroy removes the install dir, logs included
            if (stack) await stack.destroy(quiet);
        } finally {
            cleanupHosts(run, stackName);
            ws?.cleanup();
        }
    });
}

/** Polls `probe` every `intervalMs` until it returns a value, for at most `seconds`. */
export async function waitFor<T>(what: string, seconds: number, probe: () => T | undefined, intervalMs = 2000): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    let last: unknown;
    for (;;) {
        try {
            const v = probe();
            if (v !== undefined) return v;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) throw new Error(`${what}: not reached within ${seconds}s${last ? ` (last error: ${last})` : ""}`);
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/** A pipe's resume step (components/pipe.ts): it runs again, as a replacement, whenever a DataNode of either side starts. */
export const isResume = (change: string): boolean => / dual-pipe-(ab|ba)-resume$/.test(change);

/** The resources a preview would change (op and name), leaving out the dynamic providers' plugin resource. */
export async function previewChanges(stack: Stack, opts: { refresh?: boolean } = {}): Promise<string[]> {
    const changed: string[] = [];
    const onEvent = (e: EngineEvent) => {
        const m = e.resourcePreEvent?.metadata;
        // The plugin resource of the dynamic providers ("default") sees stack config changes; it runs nothing.
        if (m && m.op !== "same" && m.op !== "refresh" && !m.type.startsWith("pulumi:providers:")) {
            changed.push(`${m.op} ${m.urn.split("::").pop()}`);
        }
    };
    await stack.preview({ ...opts, onEvent, onOutput: () => undefined });
    return changed;
}

/** Where a run's IoTDB logs are kept after its cleanup, one dir per host (the test hosts share this filesystem). */
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
    keepLogs(run, hostIndexes);
    for (const i of hostIndexes) {
        sshExec(i, `pkill -TERM -f '${pattern}' || true; for k in $(seq 60); do pgrep -f '${pattern}' >/dev/null || break; sleep 1; done; ` +
            `rm -rf ${run.installDir} ${run.dataDir}; sed -i '\\|# managed-by iotdb-dual-active/${stackName}$|d' /etc/hosts`);
    }
}
