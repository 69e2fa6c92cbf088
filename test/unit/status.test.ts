// `npm run status`'s judgement (lib/status): from SHOW CLUSTER, SHOW PIPES samples and processes to
// problems that name the node or the pipe and why, and the exit code.
import * as assert from "assert";
import { parseResultSets } from "../../lib/status/resultSets";
import { judgeHealth, Expected, SideSeen } from "../../lib/status/health";
import { statusJson, statusText } from "../../lib/status/report";

const expected: Expected = {
    nodes: [{ side: "A", hostname: "iotdb-1", roles: ["confignode", "datanode"] }, { side: "B", hostname: "iotdb-2", roles: ["confignode", "datanode"] }],
    pipes: [{ side: "A", name: "AB", variants: ["AB", "AB_history", "AB_realtime"] }, { side: "B", name: "BA", variants: ["BA", "BA_history", "BA_realtime"] }],
    maxLagSeconds: 2,
    heartbeatSilentAfterMs: 5000,
};
const clusterOf = (host: string, dnStatus = "Running") => parseResultSets(
    `NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\tVersion\tBuildInfo\n0\tConfigNode\tRunning\t${host}\t10710\t2.0.10\tx\n1\tDataNode\t${dnStatus}\t${host}\t10730\t2.0.10\tx\n`)[0];
const pipesOf = (id: string, state = "RUNNING", remaining = 0, exc = "") => parseResultSets(
    `ID\tCreationTime\tState\tPipeSource\tPipeProcessor\tPipeSink\tExceptionMessage\tRemainingEventCount\tEstimatedRemainingSeconds\n${id}\t2026-12-02T10:00\t${state}\t{}\t{}\t{}\t${exc}\t${remaining}\t0.00\n`)[0];
/** Both sides' clock when they read the canary; each holds both heartbeats, 0.4 s old. */
const T = 1_800_000_000_000;
const side = (s: "A" | "B", over: Partial<SideSeen> = {}): SideSeen => {
    const host = s === "A" ? "iotdb-1" : "iotdb-2";
    return { side: s, processes: { [host]: { confignode: true, datanode: true } }, cluster: clusterOf(host), pipes: [pipesOf(s === "A" ? "AB" : "BA")], gapSeconds: 5, heartbeats: { A: T - 400, B: T - 400 }, clockMs: T, ...over };
};

describe("status: the pair's health from what each side shows", () => {
    it("parses iotdb-sql --separate output, escapes included", () => {
        const sets = parseResultSets("--\na\tb\n1\tx\\ty\n--\nc\n2\n");
        assert.deepStrictEqual(sets, [{ header: ["a", "b"], rows: [["1", "x\ty"]] }, { header: ["c"], rows: [["2"]] }]);
    });

    it("healthy: every node Running, both pipes RUNNING and drained, lag within the bound: exit 0", () => {
        const h = judgeHealth(expected, [side("A"), side("B")]);
        assert.deepStrictEqual(h.problems, []);
        assert.strictEqual(h.exitCode, 0);
        assert.strictEqual(h.nodes.length, 4);
        assert.deepStrictEqual(h.pipes.map((p) => [p.name, p.state, p.remainingEventCount, p.lagSeconds]), [["AB", "RUNNING", 0, 0.4], ["BA", "RUNNING", 0, 0.4]]);
    });

    it("B's DataNode killed: exit 1, naming iotdb-2's DataNode", () => {
        const h = judgeHealth(expected, [side("A"), side("B", { processes: { "iotdb-2": { confignode: true, datanode: false } }, cluster: clusterOf("iotdb-2", "Unknown") })]);
        assert.strictEqual(h.exitCode, 1);
        assert.deepStrictEqual(h.problems, [{ subject: "iotdb-2 DataNode (side B)", why: "down: its process is not running" }]);
    });

    it("pipe AB stopped by hand: exit 1, naming AB", () => {
        const h = judgeHealth(expected, [side("A", { pipes: [pipesOf("AB", "STOPPED", 12)] }), side("B")]);
        assert.strictEqual(h.exitCode, 1);
        assert.deepStrictEqual(h.problems, [{ subject: "pipe AB (side A)", why: "STOPPED, not RUNNING" }]);
    });

    it("a stalled pipe, a growing backlog, an exception and a lag over the bound are each named", () => {
        // The backlog verdicts where the canary cannot vouch (no clock read: lag unknown).
        const blind = (s: "A" | "B", over: Partial<SideSeen> = {}) => side(s, { clockMs: undefined, ...over });
        const stalled = judgeHealth(expected, [blind("A", { pipes: [pipesOf("AB", "RUNNING", 7), pipesOf("AB", "RUNNING", 7)] }), blind("B")]);
        assert.deepStrictEqual(stalled.problems, [{ subject: "pipe AB (side A)", why: "stalled: RemainingEventCount 7, not falling over 5 s" }]);
        const growing = judgeHealth(expected, [blind("A"), blind("B", { pipes: [pipesOf("BA", "RUNNING", 3), pipesOf("BA", "RUNNING", 40)] })]);
        assert.deepStrictEqual(growing.problems, [{ subject: "pipe BA (side B)", why: "backlog growing: RemainingEventCount 3 then 40 over 5 s" }]);
        const draining = judgeHealth(expected, [blind("A", { pipes: [pipesOf("AB", "RUNNING", 40), pipesOf("AB", "RUNNING", 3)] }), blind("B")]);
        assert.deepStrictEqual(draining.problems, []);
        // With the canary within the bound, the heartbeats' own trickle (0 then 2, seen on the test hosts) is no stall;
        // over the bound, the same backlog is named with the lag.
        const trickle = [pipesOf("BA", "RUNNING", 0), pipesOf("BA", "RUNNING", 2)];
        assert.deepStrictEqual(judgeHealth(expected, [side("A"), side("B", { pipes: trickle })]).problems, []);
        assert.deepStrictEqual(judgeHealth(expected, [side("A", { heartbeats: { A: T - 400, B: T - 7000 } }), side("B", { pipes: trickle })]).problems, [
            { subject: "pipe BA (side B)", why: "backlog growing: RemainingEventCount 0 then 2 over 5 s" },
            { subject: "pipe BA (side B)", why: "lag 7.0 s, over the bound of 2 s" },
        ]);
        const refused = judgeHealth(expected, [side("A", { pipes: [pipesOf("AB", "RUNNING", 0, "Connection refused")] }), side("B", { heartbeats: { A: T - 9500, B: T - 400 } })]);
        assert.deepStrictEqual(refused.problems, [
            { subject: "pipe AB (side A)", why: "exception: Connection refused" },
            { subject: "pipe AB (side A)", why: "lag 9.5 s, over the bound of 2 s" },
        ]);
    });

    it("canary: the lag is the receiver's clock less the sender's newest heartbeat it holds; a silent writer is named, not the pipe's lag", () => {
        const behind = judgeHealth(expected, [side("A"), side("B", { heartbeats: { A: T - 3250, B: T - 400 } })]);
        assert.deepStrictEqual(behind.pipes.map((p) => p.lagSeconds), [3.25, 0.4]);
        assert.deepStrictEqual(behind.problems, [{ subject: "pipe AB (side A)", why: "lag 3.3 s, over the bound of 2 s" }]);
        // A's flushers stopped: A's own heartbeat is old, so B's copy is old too; the writer is named, the lag not judged.
        const silent = judgeHealth(expected, [side("A", { heartbeats: { A: T - 60_000, B: T - 400 } }), side("B", { heartbeats: { A: T - 60_000, B: T - 400 } })]);
        assert.deepStrictEqual(silent.problems, [{ subject: "pipe AB (side A)", why: "canary: side A writes no heartbeat (the newest is 60.0 s old; its flushers write it): the lag cannot be measured" }]);
        assert.strictEqual(silent.exitCode, 1);
        const none = judgeHealth(expected, [side("A"), side("B", { heartbeats: { B: T - 400 } })]);
        assert.deepStrictEqual(none.problems, [{ subject: "pipe AB (side A)", why: "canary: no heartbeat of side A has reached side B" }]);
        assert.deepStrictEqual(none.pipes.map((p) => p.lagSeconds), [null, 0.4]);
        const unread = judgeHealth(expected, [side("A"), side("B", { canaryError: "failed: 701: bad", heartbeats: {}, clockMs: undefined })]);
        assert.deepStrictEqual(unread.problems.map((p) => p.why), ["canary: side B's heartbeats cannot be read: failed: 701: bad", "canary: side B's heartbeats cannot be read: failed: 701: bad"]);
    });

    it("a side no machine of which answers: exit 2", () => {
        const h = judgeHealth(expected, [side("A"), { side: "B", unreachable: "root@10.213.7.12:22: connect ECONNREFUSED", processes: {}, pipes: [], gapSeconds: 5 }]);
        assert.strictEqual(h.exitCode, 2);
        assert.deepStrictEqual(h.problems.map((p) => p.subject), ["side B"]);
    });

    it("prints aligned text (colour only when asked) and a stable JSON document", () => {
        const h = judgeHealth(expected, [side("A", { pipes: [pipesOf("AB", "STOPPED")] }), side("B")]);
        const at = new Date("2026-12-02T12:00:00Z");
        const text = statusText("local", at, h, false);
        assert.ok(text.startsWith("stack local at 2026-12-02T12:00:00.000Z: degraded\n"));
        assert.ok(!text.includes("\x1b["));
        assert.match(text, /\nAB    A     STOPPED  0 +0 +0\.4 s +-\n/);
        assert.ok(statusText("local", at, h, true).includes("\x1b[33mdegraded"));
        const doc = JSON.parse(statusJson("local", at, h));
        assert.deepStrictEqual(Object.keys(doc), ["version", "stack", "time", "healthy", "exitCode", "nodes", "pipes", "problems"]);
        assert.strictEqual(doc.healthy, false);
    });
});

describe("status probe output (lib/render/sh/status-probe.sh) as data", () => {
    it("processes, then SHOW CLUSTER and each SHOW PIPES sample", async () => {
        const { parseProbe } = await import("../../lib/status/probe");
        const out = "process confignode running\nprocess datanode absent\n=== cluster\nNodeID\tStatus\n0\tRunning\n=== pipes\nID\tState\nAB\tRUNNING\n=== pipes\nID\tState\nAB\tSTOPPED\n";
        const p = parseProbe(out);
        assert.deepStrictEqual(p.processes, { confignode: true, datanode: false });
        assert.deepStrictEqual(p.cluster, { header: ["NodeID", "Status"], rows: [["0", "Running"]] });
        assert.deepStrictEqual(p.pipes.map((s) => s.rows), [[["AB", "RUNNING"]], [["AB", "STOPPED"]]]);
        assert.strictEqual(p.sqlError, undefined);
        assert.strictEqual(parseProbe("process datanode running\n=== sql-error\nconnection refused \n").sqlError, "connection refused");
        const c = parseProbe("=== cluster\nNodeID\n0\n=== canary\nTime\tTimeseries\tValue\tDataType\n5\troot.__dual_active_canary.a.beat\t1800000000000.0\tDOUBLE\n=== clock\n1800000000400\n=== pipes\nID\nAB\n");
        assert.deepStrictEqual(c.canary?.rows, [["5", "root.__dual_active_canary.a.beat", "1800000000000.0", "DOUBLE"]]);
        assert.strictEqual(c.clockMs, 1800000000400);
        const { heartbeatsOf } = await import("../../lib/status/probe");
        assert.deepStrictEqual(heartbeatsOf(c.canary), { A: 1800000000000 });
        assert.deepStrictEqual(heartbeatsOf(parseResultSets("Time\tTimeseries\tValue\tDataType\n1\troot.__dual_active_canary.b.beat\t1700\tINT64\n1\troot.other.a.beat\t5\tINT64\n")[0]), { B: 1700 });
        assert.strictEqual(c.pipes.length, 1);
        assert.strictEqual(parseProbe("=== canary-error\nno such path \n").canaryError, "no such path");
    });

    it("the probe script runs for real: a machine without IoTDB shows its roles absent and asks no SQL", async () => {
        const { statusProbeScript } = await import("../../lib/render/statusScripts");
        const { parseProbe } = await import("../../lib/status/probe");
        const { spawnSync } = await import("child_process");
        const r = spawnSync("bash", ["-c", statusProbeScript({ home: "/nonexistent/iotdb", roles: ["confignode", "datanode"] })], { encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(parseProbe(r.stdout).processes, { confignode: false, datanode: false });
    });
});

describe("canary (lib/plan/canary.ts) and its writer's arguments", () => {
    it("the flusher writes its side's heartbeat before each flush; the drift check wants the same arguments", async () => {
        const { startFlusherScript, checkFlusherScript } = await import("../../lib/render/flusherScripts");
        const p = { home: "/opt/iotdb/apache-iotdb-2.0.10", rpcHost: "iotdb-1", rpcPort: 6667, user: "root", intervalMs: 1000, heartbeatDevice: "root.__dual_active_canary.a" };
        assert.match(startFlusherScript(p), /args=\('--host' 'iotdb-1' '--port' '6667' '--user' 'root' '--interval-ms' '1000' '--heartbeat' 'root.__dual_active_canary.a'\)/);
        assert.match(checkFlusherScript(p), /want='--host iotdb-1 --port 6667 --user root --interval-ms 1000 --heartbeat root.__dual_active_canary.a'/);
        assert.throws(() => startFlusherScript({ ...p, heartbeatDevice: "root.x; drop database root.**" }), /heartbeatDevice must be a device path/);
    });

    it("names each side's device, reads a series back to its side, and bounds a silent writer", async () => {
        const { canaryDevice, canaryPattern, canarySideOf, canarySilentAfterMs } = await import("../../lib/plan/canary");
        assert.deepStrictEqual([canaryDevice("a"), canaryPattern("b")], ["root.__dual_active_canary.a", "root.__dual_active_canary.b.**"]);
        assert.deepStrictEqual(["root.__dual_active_canary.a.beat", "root.__dual_active_canary.b.beat", "root.__dual_active_canary.c.beat", "root.x.a.beat"].map(canarySideOf), ["a", "b", undefined, undefined]);
        assert.deepStrictEqual([canarySilentAfterMs(1000), canarySilentAfterMs(4000)], [5000, 12000]);
    });
});
