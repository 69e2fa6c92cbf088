// Faults, against the real engine and real IoTDB: a machine unreachable during up and during
// destroy, and an up killed half-way.
import * as assert from "assert";
import * as path from "path";
import { execFileSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { sshExec } from "./testhosts";
import { rewriteStackFile, runPulumi, REPO_ROOT, Workspace } from "./pulumiHarness";
import { newRun, stackConfig, quiet, waitFor } from "./pairFixture";
import { runSql, column, rootPasswords, RootPassword } from "./iotdbClient";
import { iotdbPids, journal } from "./hostProbes";
import { useFixture } from "./fixture";

const run = newRun("ft");
const hostsCtl = (cmd: "cut" | "heal", i: number) => execFileSync("bash", [path.join(REPO_ROOT, "scripts/hosts.sh"), cmd, String(i)], { stdio: "ignore" });

async function failure(p: Promise<unknown>): Promise<{ message: string; seconds: number }> {
    const t0 = Date.now();
    try {
        await p;
    } catch (e) {
        return { message: String((e as Error).message), seconds: (Date.now() - t0) / 1000 };
    }
    throw new Error("expected the operation to fail");
}

describe("faults (real engine, real IoTDB, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    // Each side its own root password (host 1 is side A, host 2 side B).
    let password: RootPassword = "";

    useFixture({
        hosts: 2, noIotdbRunning: true, run,
        workspace: { prefix: "faults", project: true },
        stack: { name: "ft", file: stackConfig(run), passwords: true },
        beforeTeardown: () => hostsCtl("heal", 2),
        // the test below may have left state for a machine it made vanish; cleanup follows
        destroyErrors: "ignore",
    }, (f) => { ws = f.ws; stack = f.stack; });

    it("host B unreachable during an up from nothing: fails in bounded time naming B, side A completes; a second up finishes without duplicates", async () => {
        hostsCtl("cut", 2);
        const { message, seconds } = await failure(stack.up(quiet));
        hostsCtl("heal", 2);
        assert.ok(seconds < 120, `took ${seconds}s to fail`);
        assert.match(message, /cannot reach root@10\.213\.7\.12:22/);
        assert.match(message, /dual-hosts-iotdb-2/);
        assert.deepStrictEqual(journal(1, run.installDir).map((e) => e.event).filter((e) => e === "datanode started"), ["datanode started"], "side A did not complete");
        assert.strictEqual(iotdbPids(1).length, 2);

        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = rootPasswords(up.outputs);
        for (const [i, pipe] of [[1, "AB"], [2, "BA"]] as const) {
            const [pipes] = runSql(i, run.home, password, ["show pipes"]);
            assert.deepStrictEqual(column(pipes, "ID").filter((id) => !id.startsWith("__")), [pipe]);
            for (const name of ["iotdb-1", "iotdb-2"]) {
                assert.strictEqual(sshExec(i, `grep -cw ${name} /etc/hosts`).stdout.trim(), "1", `host ${i}: ${name} not exactly once`);
            }
        }
    });

    it("an up killed half-way (SIGKILL of the pulumi process): after `pulumi cancel`, the next up completes", async () => {
        rewriteStackFile(ws, "stacks/Pulumi.ft.yaml", stackConfig(run, { pipes: { ab: { sink: { "batch.max-delay-seconds": "2" } } } }));
        let killed = false;
        const onEvent = (e: any) => {
            const urn: string | undefined = e.resourcePreEvent?.metadata?.urn;
            if (!killed && urn?.endsWith("dual-pipe-ab-pipe")) {
                killed = true;
                execFileSync("bash", ["-c", "pkill -KILL -f '[p]ulumi up .*--stack ft' || true"]);
            }
        };
        await failure(stack.up({ onEvent, onOutput: () => undefined }));
        assert.ok(killed, "the up was not killed");
        const cancel = runPulumi(ws, ["cancel", "--yes", "--stack", "ft"]);
        assert.strictEqual(cancel.code, 0, cancel.stderr);
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        const [pipes] = runSql(1, run.home, password, ["show pipes"]);
        const k = column(pipes, "ID").indexOf("AB");
        assert.strictEqual(column(pipes, "State")[k], "RUNNING");
        assert.match(column(pipes, "PipeSink")[k], /batch.max-delay-seconds=2/);
    });

    it("destroy while host B is gone: a clear error naming B; the documented way out (state delete) lets destroy finish", async () => {
        hostsCtl("cut", 2);
        const { message, seconds } = await failure(stack.destroy(quiet));
        assert.ok(seconds < 120, `took ${seconds}s to fail`);
        assert.match(message, /cannot reach root@10\.213\.7\.12:22/);

        const urns = runPulumi(ws, ["stack", "--show-urns", "--stack", "ft"]).stdout;
        const hostsEntryB = urns.split(/\s+/).find((u) => u.startsWith("urn:pulumi:") && u.endsWith("::dual-hosts-iotdb-2-hosts"));
        assert.ok(hostsEntryB, urns);
        const del = runPulumi(ws, ["state", "delete", "--target-dependents", "--yes", "--stack", "ft", hostsEntryB!]);
        assert.strictEqual(del.code, 0, del.stderr);
        const down = await stack.destroy(quiet);
        assert.strictEqual(down.summary.result, "succeeded");
        assert.deepStrictEqual(iotdbPids(1), [], "side A still runs");
        hostsCtl("heal", 2);
        await waitFor("host B back", 30, () => (sshExec(2, "true").code === 0 ? true : undefined));
    });
});
