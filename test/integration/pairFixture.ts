// What the tests that deploy the project's pair share: the two test hosts, a run's stack file, bounded
// waits and preview inspection. A run's dirs and cleanup are in runOnHosts.ts, the suite lifecycle in
// fixture.ts (both re-exported here for the callers that import them from this module).
import { Stack, EngineEvent } from "@pulumi/pulumi/automation";
import { testHost, sshKeyPath, knownHostsPath } from "./testhosts";
import { Workspace } from "./pulumiHarness";
import { useFixture, Lazy } from "./fixture";
import { Run } from "./runOnHosts";

export { quiet } from "./pulumiHarness";
export { newRun, runOf, keptLogsDir, keepLogs, cleanupHosts, noteRunStack, sweepLeftoverRuns } from "./runOnHosts";
export type { Run } from "./runOnHosts";

export const hosts = [testHost(1), testHost(2)];

/** What each side's clients write in the tests (its pipe carries these). */
export const OWNS_A = ["root.dual.**", ...Array.from({ length: 8 }, (_, k) => `root.load_a_${k}.**`)];
export const OWNS_B = ["root.dual_b.**", ...Array.from({ length: 8 }, (_, k) => `root.load_b_${k}.**`)];

/** The stack file of a run on the two test hosts, with `extra` keys (namespace added) on top. */
export function stackConfig(run: Run, extra: Record<string, unknown> = {}): string {
    const ns = "iotdb-dual-active";
    const config: Record<string, unknown> = {
        [`${ns}:sideA`]: { clusterName: "it-a", nodes: [{ hostname: hosts[0].label, address: hosts[0].address }], owns: OWNS_A },
        [`${ns}:sideB`]: { clusterName: "it-b", nodes: [{ hostname: hosts[1].label, address: hosts[1].address }], owns: OWNS_B },
        [`${ns}:ssh`]: { user: "root", privateKeyPath: sshKeyPath(), knownHostsPath: knownHostsPath(), dialTimeoutSeconds: 5, dialAttempts: 2 },
        [`${ns}:memory`]: { confignode: "512M", datanode: "1G" },
        [`${ns}:installDir`]: run.installDir,
        [`${ns}:dataDir`]: run.dataDir,
        [`${ns}:startTimeoutSeconds`]: 300,
    };
    for (const [k, v] of Object.entries(extra)) config[`${ns}:${k}`] = v;
    return JSON.stringify({ config }, null, 2); // JSON is YAML
}

/**
 * useFixture for a suite that deploys the project's pair on the two test hosts: `stackFile` as
 * `stacks/Pulumi.<stackName>.yaml` of a copy of the project, passwords generated, `use` handed the
 * work dir and the stack; after the suite, logs kept, destroy, then whatever the run left removed.
 */
export function pairHooks(prefix: string, run: Run, stackName: string, stackFile: Lazy<string>, use: (ws: Workspace, stack: Stack) => void): void {
    useFixture({
        hosts: 2, noIotdbRunning: true, run,
        workspace: { prefix, project: true },
        stack: { name: stackName, file: stackFile, passwords: true },
    }, (f) => use(f.ws, f.stack));
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
