// `npm run status` against a real pair (issue 13): exit 0 when healthy; degraded (1) naming the node or
// the pipe when B's DataNode is killed, when pipe AB is stopped by hand and when both pipes stall (the
// two hosts cut from each other); the canary lag it shows agrees with a lag the test measures itself;
// never a password in what it prints. Also the stack outputs that stay true (endpoints, pipe names).
import * as assert from "assert";
import * as path from "path";
import { spawnSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, quiet, waitFor, pairHooks, hosts } from "./pairFixture";
import { sshExec, partitionHosts, healHosts } from "./testhosts";
import { startLoad } from "./replicationLoad";
import { REPO_ROOT, Workspace } from "./pulumiHarness";
import { runSql } from "./iotdbClient";
import { supervisorPids } from "./hostProbes";
import { alterPipePatternSql } from "../../lib/render/sql";
import { ensurePipeScript, stdinLines } from "../../lib/render/sqlScripts";
import { withoutCanary } from "../../lib/plan/canary";
import { journalFile } from "../../lib/plan/layout";

const run = newRun("st");
const { home } = run;

interface StatusDoc { healthy: boolean; exitCode: number; nodes: { hostname: string; role: string; process: string; status: string }[]; pipes: { name: string; state: string; remainingEventCount: number | null; exceptionMessage: string; lagSeconds: number | null }[]; problems: { subject: string; why: string }[] }

describe("status: the pair's health at a glance (real pair, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    let password = "";
    let passwordB = "";
    // The sync user's password on side B, which pipe AB logs in with (an ALTER PIPE must give it again).
    let syncPasswordB = "";

    pairHooks("status", run, "st", stackConfig(run), (w, s) => { ws = w; stack = s; });

    function status(...extra: string[]): { code: number; doc: StatusDoc; text: string } {
        const r = spawnSync("npx", ["ts-node", "--transpile-only", path.join(REPO_ROOT, "scripts/status.ts"), "st", "--json", "--cwd", ws.dir, ...extra], {
            cwd: REPO_ROOT, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 180_000,
        });
        const text = (r.stdout ?? "") + (r.stderr ?? "");
        assert.ok(!password || !text.includes(password), "status printed A's root password");
        assert.ok(!passwordB || !text.includes(passwordB), "status printed B's root password");
        assert.ok(!syncPasswordB || !text.includes(syncPasswordB), "status printed B's sync password");
        let doc: StatusDoc;
        try { doc = JSON.parse(r.stdout); } catch { throw new Error(`status printed no JSON (exit ${r.status}): ${text.slice(0, 2000)}`); }
        return { code: r.status ?? -1, doc, text };
    }

    it("healthy pair: exit 0, every node Running, both pipes RUNNING with at most the canary's backlog, each lag within the bound", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = String(up.outputs.adminPassword.value);
        // Side B has its own root password (adminPasswordB).
        passwordB = String(up.outputs.adminPasswordB.value);
        syncPasswordB = String(up.outputs.syncPasswordB.value);
        const s = await waitFor("status healthy", 120, () => { const r = status(); return r.code === 0 ? r : undefined; }, 5000);
        assert.strictEqual(s.doc.healthy, true);
        assert.deepStrictEqual(s.doc.nodes.map((n) => `${n.hostname} ${n.role} ${n.process} ${n.status}`).sort(), [
            "iotdb-1 confignode running Running", "iotdb-1 datanode running Running", "iotdb-2 confignode running Running", "iotdb-2 datanode running Running"]);
        assert.deepStrictEqual(s.doc.pipes.map((p) => `${p.name} ${p.state}`), ["AB RUNNING", "BA RUNNING"]);
        // At most the canary's own trickle (a heartbeat and a TsFile a second on each side): seen 0 and 1 here.
        for (const p of s.doc.pipes) assert.ok(p.remainingEventCount !== null && p.remainingEventCount < 5, `pipe ${p.name} backlog ${p.remainingEventCount}`);
        // The canary: each side's heartbeat reached the other within the bound (replication.maxLagSeconds 2).
        for (const p of s.doc.pipes) assert.ok(p.lagSeconds !== null && p.lagSeconds <= 2, `pipe ${p.name} lag ${p.lagSeconds}`);
        assert.deepStrictEqual(s.doc.problems, []);
        // Each pipe carries its side's canary device besides what the side owns, and not the other's.
        const source = runSql(1, home, password, ["show pipes"])[0];
        const ab = source.rows.find((r) => r[0] === "AB")![source.columns.indexOf("PipeSource")];
        assert.match(ab, /root\.__dual_active_canary\.a\.\*\*/);
        assert.doesNotMatch(ab, /__dual_active_canary\.b/);
        // Outputs that stay true: every client endpoint of each side, the pipes' names, no state read at creation.
        const out = await stack.outputs();
        assert.deepStrictEqual(out.endpoints.value, { a: [{ host: hosts[0].address, port: 6667 }], b: [{ host: hosts[1].address, port: 6667 }] });
        assert.deepStrictEqual(out.pipes.value, { ab: { name: "AB" }, ba: { name: "BA" } });
    });

    it("a pipe made before the canary (its pattern without it) is altered in place by the pipe's create script, and the lag comes back", async () => {
        const sourceOf = () => { const set = runSql(1, home, password, ["show pipes"])[0]; return set.rows.find((r) => r[0] === "AB")![set.columns.indexOf("PipeSource")]; };
        const wanted = /source\.pattern\.inclusion=([^ ,}]+(?:,[^ ,}]+)*)/.exec(sourceOf())![1];
        assert.ok(wanted.endsWith(",root.__dual_active_canary.a.**"), wanted);
        // As an older version of the project left it: the owned paths only.
        runSql(1, home, password, [alterPipePatternSql("AB", withoutCanary(wanted), syncPasswordB)]);
        assert.doesNotMatch(sourceOf(), /__dual_active_canary/);
        const behind = await waitFor("status naming AB's canary behind", 60, () => { const r = status(); return r.doc.problems.some((p) => p.subject === "pipe AB (side A)") ? r : undefined; }, 2000);
        console.log(`      AB without the canary: ${behind.doc.problems.map((p) => p.why).join("; ")}`);
        // What `up` runs when a pipe's CREATE statement changed (components/pipe.ts): the real script, on host 1.
        const script = ensurePipeScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, journalFile: journalFile(run.installDir) }, "AB", 120, { pattern: wanted });
        const file = `/tmp/ensure-ab-${run.id}.sh`;
        assert.strictEqual(sshExec(1, `cat > ${file}`, { input: script }).code, 0);
        try {
            // The CREATE line is never run for a pipe that exists: a placeholder stands for it.
            const r = sshExec(1, `bash ${file}`, { input: stdinLines([password, "CREATE PIPE not used", alterPipePatternSql("AB", wanted, syncPasswordB)]) });
            assert.strictEqual(r.code, 0, r.stderr);
            assert.strictEqual(r.stdout.trim(), "RUNNING");
            assert.match(r.stderr, /pipe AB altered in place/);
        } finally {
            sshExec(1, `rm -f ${file}`);
        }
        assert.match(sourceOf(), /__dual_active_canary\.a/);
        assert.match(sshExec(1, `cat ${journalFile(run.installDir)}`).stdout, /pipe AB altered in place: it carries/);
        await waitFor("status healthy once AB carries the canary again", 120, () => { const r = status(); return r.code === 0 ? r : undefined; }, 5000);
    });

    it("the canary lag agrees within 2 s with a lag the test measures: rows stamped with its own clock written on A, B polled for the newest", async () => {
        // test/support/ReplicationLoad.java, from this machine: a row every 200 ms on A (its time: the
        // client's clock), and every second B's newest of those: the lag is newest written less newest on B.
        const load = startLoad({
            a: `${hosts[0].address}:6667`, b: `${hosts[1].address}:6667`, password: { a: password, b: passwordB },
            databases: 1, devices: 2, tickMs: 200, seconds: 30, layout: "owned", prefix: "root.load", devicePrefix: "lag", only: "a", sampleMs: 1000,
        });
        await new Promise((r) => setTimeout(r, 12_000));
        const s = status();
        const r = await load.done;
        const canary = s.doc.pipes.find((p) => p.name === "AB")!.lagSeconds;
        const measured = r.lag.AB.map((ms) => ms / 1000);
        const median = [...measured].sort((x, y) => x - y)[Math.floor(measured.length / 2)];
        console.log(`      lag A→B measured by the test: median ${median.toFixed(2)} s (${measured.length} samples, ${Math.min(...measured).toFixed(2)} to ${Math.max(...measured).toFixed(2)} s); canary: AB ${canary} s, BA ${s.doc.pipes.find((p) => p.name === "BA")!.lagSeconds} s`);
        assert.strictEqual(r.failed.A, 0, "writes refused on a healthy pair");
        assert.ok(measured.length >= 20, `only ${measured.length} lag samples`);
        assert.ok(canary !== null, s.text);
        assert.ok(Math.abs(canary - median) <= 2, `canary lag ${canary} s, measured ${median.toFixed(2)} s`);
    });

    it("pipe AB stopped by hand: exit 1, naming AB", () => {
        runSql(1, home, password, ["stop pipe AB"]);
        try {
            const s = status();
            assert.strictEqual(s.code, 1, s.text);
            // Stopped: and, the longer it stays so, the canary lag over the bound, on AB alone.
            assert.ok(s.doc.problems.some((p) => p.subject === "pipe AB (side A)" && p.why === "STOPPED, not RUNNING"), JSON.stringify(s.doc.problems));
            assert.deepStrictEqual(s.doc.problems.filter((p) => p.subject !== "pipe AB (side A)"), []);
        } finally {
            runSql(1, home, password, ["start pipe AB"]);
        }
    });

    it("both pipes stalled (the two hosts cut from each other, each still up and reachable from here): exit 1, the lag over the bound named", async () => {
        await waitFor("status healthy again", 120, () => { const r = status(); return r.code === 0 ? r : undefined; }, 5000);
        partitionHosts(1, 2);
        try {
            // Past the bound (2 s) by a margin: the canary's newest heartbeat on each side ages from the cut.
            await new Promise((r) => setTimeout(r, 8000));
            const s = status();
            assert.strictEqual(s.code, 1, s.text);
            for (const pipe of ["pipe AB (side A)", "pipe BA (side B)"]) {
                assert.ok(s.doc.problems.some((p) => p.subject === pipe && /^lag \d+\.\d s, over the bound of 2 s$/.test(p.why)), `${pipe}: ${JSON.stringify(s.doc.problems)}`);
            }
            for (const p of s.doc.pipes) assert.ok(p.lagSeconds !== null && p.lagSeconds >= 8, `pipe ${p.name} lag ${p.lagSeconds} s, cut 8 s before`);
            console.log(`      stalled: ${s.doc.problems.map((p) => `${p.subject}: ${p.why}`).join("; ")}`);
        } finally {
            healHosts(1, 2);
        }
        const back = await waitFor("status healthy once healed", 180, () => { const r = status(); return r.code === 0 ? r : undefined; }, 5000);
        assert.deepStrictEqual(back.doc.problems, []);
    });

    it("B's DataNode killed: non-zero, naming iotdb-2", async () => {
        // Held down first (its supervisor would start it again within seconds): what is checked is a node that stays down.
        sshExec(2, `touch ${run.installDir}/supervisor/datanode.stopped`);
        await waitFor("B's DataNode supervisor gone (its ConfigNode's and flusher's stay)", 30, () => (supervisorPids(2).length === 2 ? true : undefined));
        sshExec(2, "pkill -9 -f 'org[.]apache[.]iotdb[.]db[.]service[.]DataNode'");
        const s = status();
        assert.notStrictEqual(s.code, 0, s.text);
        assert.ok(s.doc.problems.some((p) => p.subject === "iotdb-2 DataNode (side B)" && /down/.test(p.why)), JSON.stringify(s.doc.problems));
        // Started again by up (its probe sees the port closed), so that destroy finds both sides up.
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
    });
});
