// Rolling restarts: the tickets of the plan (lib/plan/rollout.ts), side B's gate script run against the
// fake iotdb-sql (lib/render/rolloutScripts.ts), the gate's wait (providers/rolloutGate.ts) on a fake
// clock, and the journal line a node's start leaves (components/iotdbNode.ts withRollout).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planRollout, rolloutTicket, ROLLOUT_DRAIN_SECONDS } from "../../lib/plan/rollout";
import { planPair } from "../../lib/plan/pairPlan";
import { rolloutGateAScript, rolloutGateBScript, rolloutWatchScript } from "../../lib/render/rolloutScripts";
import { awaitGate, Clock, GateLooks, parseWatch, WatchSeen, waitsOnUpdate } from "../../providers/rolloutGate";
import { withJournal } from "../../lib/plan/layout";
import { withRollout } from "../../components/iotdbNode";
import { stdinLines } from "../../lib/render/sqlScripts";
import { fakeSqlRunner, SHOW_PIPES_HEADER } from "./fakeSqlRunner";
import { pairConfig } from "../fixtures/pairConfig";

describe("rolling restarts", function () {
    this.timeout(30_000);

    describe("the plan's tickets", () => {
        const c = pairConfig();
        const a = rolloutTicket(c, c.sideA);

        it("change with whatever restarts a side's nodes", () => {
            const changed = [
                pairConfig({ memory: { ...c.memory, datanode: "8G" } }),
                pairConfig({ memory: { ...c.memory, confignode: "2G" } }),
                pairConfig({ iotdbVersion: "2.0.2" }),
                pairConfig({ systemProperties: { wal_mode: "ASYNC" } }),
                pairConfig({ ports: { ...c.ports, dnRpc: 6668 } }),
                pairConfig({ installDir: "/srv/iotdb" }),
                pairConfig({ sideA: { ...c.sideA, replication: { schema: 1, data: 1 } } }),
                pairConfig({ sideA: { ...c.sideA, nodes: c.sideA.nodes.filter((n) => n.hostname !== "iotdb-3") } }),
            ];
            for (const x of changed) assert.notStrictEqual(rolloutTicket(x, x.sideA), a, JSON.stringify(x));
            assert.match(a, /^[0-9a-f]{16}$/);
        });

        it("stay for what restarts nothing on the side: the pipes, the paths owned, the other side", () => {
            const same = [
                pairConfig({ pipes: { ...c.pipes, ab: { name: "AB", source: {}, sink: { "sink.batch.max-delay-seconds": "2" } } } }),
                pairConfig({ sideA: { ...c.sideA, owns: ["root.elsewhere.**"] } }),
                pairConfig({ sideB: { ...c.sideB, clusterName: "b2" } }),
                pairConfig({ purgeDataOnDestroy: true }),
            ];
            for (const x of same) assert.strictEqual(rolloutTicket(x, x.sideA), a, JSON.stringify(x));
            // A node being taken out is not among those that start.
            const out = pairConfig({ sideA: { ...c.sideA, nodes: c.sideA.nodes.filter((n) => !n.decommission) } });
            assert.strictEqual(rolloutTicket(out, out.sideA), a);
        });

        it("A's last DataNode records A's ticket; B waits for every node A keeps, within their start bounds and the drain", () => {
            const r = planRollout(c);
            assert.strictEqual(r.recorder.hostname, "iotdb-7", "the last DataNode that stays, in start order");
            assert.deepStrictEqual(r.awaited, ["iotdb-1", "iotdb-3", "iotdb-5", "iotdb-7"], "the node being taken out is not awaited");
            assert.strictEqual(r.timeoutSeconds, 5 * (300 + 120) + ROLLOUT_DRAIN_SECONDS, "five services, each a stop and a start");
            assert.strictEqual(r.stallSeconds, 300 + 60, "the longest step of one service, and a margin");
            assert.strictEqual(r.drainSeconds, ROLLOUT_DRAIN_SECONDS);
            assert.deepStrictEqual(r.tickets, { a, b: rolloutTicket(c, c.sideB) });
            assert.notStrictEqual(r.tickets.a, r.tickets.b);
            assert.deepStrictEqual(planPair(c).rollout, r, "the pair's plan carries it");
        });
    });

    describe("the gate's scripts, run against a fake iotdb-sql", () => {
        const ticket = "0123456789abcdef";
        let home: string;
        const journal = () => path.join(home, "journal");
        const put = (f: string, text: string) => fs.writeFileSync(path.join(home, f), text);
        const pipes = (id: string, state: string, left: number) =>
            [SHOW_PIPES_HEADER.join("\t"), [id, "t", state, "src", "proc", "sink", "", String(left), "0.0"].join("\t")].join("\n") + "\n";
        const exec = (script: string, stdin: string) => {
            fs.rmSync(path.join(home, "statements"), { force: true });
            const r = spawnSync("bash", ["-c", script], { input: stdin, encoding: "utf8", timeout: 20_000 });
            const statements = fs.existsSync(path.join(home, "statements")) ? fs.readFileSync(path.join(home, "statements"), "utf8").trim().split("\n") : [];
            return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr, statements };
        };
        // A's look on A's machine (iotdb-1) with A's password; B's look on B's (iotdb-2) with B's.
        const runA = (password = "A-pw") => exec(rolloutGateAScript({
            target: { home, rpcHost: "iotdb-1", rpcPort: 6667, journalFile: journal() }, ticket, awaited: ["iotdb-1", "iotdb-3"], pipe: "AB",
        }), stdinLines([password]));
        const runB = (password = "B-pw") => exec(rolloutGateBScript({
            target: { home, rpcHost: "iotdb-2", rpcPort: 6667, journalFile: journal() }, pipe: "BA",
        }), stdinLines([password]));

        beforeEach(() => {
            home = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-gate-"));
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n0\tConfigNode\tRunning\tiotdb-1\t10710\n1\tDataNode\tRunning\tiotdb-1\t10730\n2\tDataNode\tRunning\tiotdb-3\t10730\n");
            put("pipes-a", pipes("AB", "RUNNING", 0));
            put("pipes-b", pipes("BA", "RUNNING", 0));
            // Each side takes only its own root password (801 otherwise). SHOW CLUSTER from $h/cluster;
            // SHOW PIPES from $h/pipes-a, or $h/pipes-b when asked on iotdb-2 (down: no such file).
            fakeSqlRunner(home, `  side=a; want=A-pw; if [[ " $* " == *" --host iotdb-2 "* ]]; then side=b; want=B-pw; fi
  if [[ $pw != "$want" ]]; then echo "iotdb-sql: cannot connect as root: 801: Authentication failed." >&2; exit 2; fi
  case $s in
    "SHOW CLUSTER") cat "$h/cluster" ;;
    "SHOW PIPES") [[ -f $h/pipes-$side ]] || { echo "iotdb-sql: cannot connect to iotdb-2:6667" >&2; exit 2; }; cat "$h/pipes-$side" ;;
  esac`);
        });
        afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

        it("A: restarting while A's journal has not recorded this rollout last, without asking IoTDB", () => {
            let r = runA();
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, `restarting: side A has not finished restarting (its journal's last rollout is none, this one is ${ticket})`);
            assert.deepStrictEqual(r.statements, []);
            put("journal", `2026-12-02T10:00:00.000Z datanode started\n2026-12-02T10:00:00.001Z rollout ${ticket}\n2026-12-02T11:00:00.000Z rollout fedcba9876543210\n`);
            r = runA();
            assert.match(r.stdout, /^restarting: side A has not finished restarting \(its journal's last rollout is fedcba9876543210/, "an older rollout of the same ticket does not count");
        });

        it("A: a rollout journaled as failed (by an earlier up, which this one retries) is restarting, not done; a later success is", () => {
            // Measured: an up after the failed one failed at once on this line while A's new start had not even run.
            put("journal", `2026-12-02T10:00:00.001Z rollout ${ticket}\n2026-12-02T11:00:00.000Z datanode started failed (exit 1)\n2026-12-02T11:00:00.001Z rollout ${ticket} failed (exit 1)\n`);
            const r = runA();
            assert.strictEqual(r.stdout, `restarting: side A has not finished restarting (its journal's last rollout is failed ${ticket}, this one is ${ticket})`);
            assert.deepStrictEqual(r.statements, []);
            put("journal", `2026-12-02T11:00:00.001Z rollout ${ticket} failed (exit 1)\n2026-12-02T12:00:00.001Z rollout ${ticket}\n`);
            assert.strictEqual(runA().stdout, "ok", "a later success counts");
        });

        it("A: once recorded, ok only when A's awaited nodes are Running and pipe AB has no events left", () => {
            put("journal", `2026-12-02T11:00:00.000Z rollout fedcba9876543210\n2026-12-02T12:00:00.000Z datanode started\n2026-12-02T12:00:00.001Z rollout ${ticket}\n`);
            let r = runA();
            assert.strictEqual(r.stdout, "ok", r.stderr);
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "SHOW PIPES"], "A's look asks A only");

            put("cluster", fs.readFileSync(path.join(home, "cluster"), "utf8").replace("DataNode\tRunning\tiotdb-3", "DataNode\tUnknown\tiotdb-3"));
            assert.strictEqual(runA().stdout, "waiting: side A's nodes on iotdb-3 are not all Running");
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n0\tConfigNode\tRunning\tiotdb-1\t10710\n");
            assert.strictEqual(runA().stdout, "waiting: side A's nodes on iotdb-3 are not all Running", "a node missing from show cluster is not Running");
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n1\tDataNode\tRunning\tiotdb-1\t10730\n2\tDataNode\tRunning\tiotdb-3\t10730\n");
            put("pipes-a", pipes("AB", "RUNNING", 7));
            assert.strictEqual(runA().stdout, "waiting: pipe AB on side A has 7 events to send");
            put("pipes-a", SHOW_PIPES_HEADER.join("\t") + "\n");
            assert.strictEqual(runA().stdout, "ok", "a missing pipe is nothing to drain");
            r = runA("B-pw");
            assert.match(r.stdout, /^waiting: side A does not answer SQL/, "A's look logs in with A's password only");
        });

        it("B: ok when pipe BA has no events left, is stopped, or B is down; waits on a backlog or a refused login", () => {
            let r = runB();
            assert.strictEqual(r.stdout, "ok", r.stderr);
            assert.deepStrictEqual(r.statements, ["SHOW PIPES"]);
            put("pipes-b", pipes("BA", "RUNNING", 3));
            assert.strictEqual(runB().stdout, "waiting: pipe BA on side B has 3 events to send to side A");
            put("pipes-b", pipes("BA", "STOPPED", 9));
            assert.strictEqual(runB().stdout, "ok");
            fs.rmSync(path.join(home, "pipes-b"));
            r = runB();
            assert.strictEqual(r.stdout, "ok");
            assert.match(r.stderr, /side B does not answer on iotdb-2 .*it is down already, nothing to drain/);
            put("pipes-b", pipes("BA", "RUNNING", 0));
            assert.strictEqual(runB("A-pw").stdout, "waiting: side B refuses root's login on iotdb-2 (801): its password is not the one the stack has");
        });

        it("watch: the journal's length and its last failed step, no password needed", () => {
            const watch = () => exec(rolloutWatchScript(journal()), "");
            assert.strictEqual(watch().stdout, "0\t0");
            put("journal", "t1 datanode stopped\nt2 confignode started failed (exit 1)\nt3 confignode started\n");
            assert.deepStrictEqual(parseWatch("iotdb-1", watch().stdout), { host: "iotdb-1", lines: 3, failedLine: 2, failed: "t2 confignode started failed (exit 1)" });
            // What withJournal leaves when a step fails is what the watch finds.
            const failed = spawnSync("bash", ["-c", withJournal(journal(), "datanode stopped", "exit 4")], { encoding: "utf8" });
            assert.strictEqual(failed.status, 4);
            assert.deepStrictEqual(parseWatch("iotdb-1", watch().stdout).failedLine, 4);
            assert.match(parseWatch("iotdb-1", watch().stdout).failed, /^\S+Z datanode stopped failed \(exit 4\)$/);
        });

        it("refuses a ticket or hostname that could not come from the plan", () => {
            const target = { home: "/opt/iotdb/apache-iotdb-2.0.10", rpcHost: "iotdb-1", rpcPort: 6667, journalFile: "/opt/iotdb/journal.log" };
            const p = { target, ticket, awaited: ["iotdb-1"], pipe: "AB" };
            assert.throws(() => rolloutGateAScript({ ...p, ticket: "x; rm -rf /" }), /not 16 hex digits/);
            assert.throws(() => rolloutGateAScript({ ...p, awaited: ["bad host"] }), /is not a hostname/);
            assert.throws(() => rolloutGateAScript({ ...p, awaited: [] }), /awaits no node/);
        });
    });

    describe("the gate's wait", () => {
        const fakeClock = (): Clock & { t: number } => {
            const c = { t: 0, now: () => c.t, sleep: async (ms: number) => { c.t += ms; } };
            return c;
        };
        const bounds = { timeoutMs: 600_000, stallMs: 60_000, drainMs: 120_000, intervalMs: 3000 };
        const what = "side A (iotdb-1) back after its restart";
        /** Looks that answer from lists, one entry a round (the last repeated); counts B's looks. */
        const scripted = (watch: (WatchSeen | undefined)[][], a: string[], b: string[] = ["ok"]) => {
            const n = { watch: 0, a: 0, b: 0 };
            const at = <T>(list: T[], i: number) => list[Math.min(i, list.length - 1)];
            const looks: GateLooks = {
                watch: async () => at(watch, n.watch++),
                a: async () => { const x = at(a, n.a++); if (x === "boom") throw new Error("cannot reach root@10.0.0.1:22 over SSH\nmore"); return x; },
                b: async () => at(b, n.b++),
            };
            return { looks, n };
        };
        const j = (lines: number, failedLine = 0, failed = ""): WatchSeen => ({ host: "iotdb-1", lines, failedLine, failed });

        it("looks until A and then B say ok, counting a failed look as not yet", async () => {
            const clock = fakeClock();
            const { looks, n } = scripted([[j(5)], [j(6)], [j(7)], [j(8)]], ["restarting: not yet", "boom", "log line\nok"], ["waiting: pipe BA on side B has 3 events to send to side A", "ok"]);
            const ms = await awaitGate(what, looks, bounds, clock);
            assert.strictEqual(n.a, 4);
            assert.strictEqual(n.b, 2, "B is looked at only once A says ok");
            assert.strictEqual(ms, 9000);
        });

        it("fails at once when a machine of A journals a failed step after the wait began, and B is not looked at", async () => {
            const clock = fakeClock();
            // A failure recorded before the wait began (line 2 of 5) is an older rollout's.
            const { looks, n } = scripted([[j(5, 2, "old"), undefined], [j(6, 2, "old"), undefined], [j(7, 7, "t datanode started failed (exit 1)")]], ["restarting: not yet"]);
            await assert.rejects(awaitGate(what, looks, bounds, clock),
                /^Error: side A \(iotdb-1\) back after its restart: side A's restart failed on iotdb-1 \(its journal: t datanode started failed \(exit 1\)\), so side B was not touched\. Bring side A back/);
            assert.strictEqual(clock.t, 6000, "on the third look");
            assert.strictEqual(n.b, 0);
        });

        it("a failure an earlier up journaled (A's rollout failed, retried now) is not this wait's: it waits for the retry", async () => {
            const clock = fakeClock();
            const old = j(6, 6, "t rollout 0123456789abcdef failed (exit 1)");
            const { looks, n } = scripted([[old], [old], [j(8, 6, old.failed)]], ["restarting: side A has not finished restarting (its journal's last rollout is failed 0123456789abcdef)", "restarting: not yet", "ok"]);
            assert.strictEqual(await awaitGate(what, looks, bounds, clock), 6000);
            assert.strictEqual(n.b, 1);
        });

        it("fails when A's journals stay unchanged for the stall bound while A restarts; progress resets it", async () => {
            let clock = fakeClock();
            let { looks } = scripted([[j(5)]], ["restarting: side A has not finished restarting"]);
            await assert.rejects(awaitGate(what, looks, bounds, clock),
                /: side A shows no progress: none of its machines' journals changed for 60s \(last seen: restarting: side A has not finished restarting\), so side B was not touched/);
            assert.strictEqual(clock.t, 60_000);
            // A journal that grows every 30 s is progress: the gate waits on, until A is back.
            clock = fakeClock();
            const growing = Array.from({ length: 60 }, (_, i) => [j(5 + Math.floor(i / 10))]);
            ({ looks } = scripted(growing, [...Array(50).fill("restarting: not yet"), "ok"]));
            assert.strictEqual(await awaitGate(what, looks, bounds, clock), 150_000);
        });

        it("once A recorded its ticket, fails when A is not Running and drained within the drain bound; the overall bound stays", async () => {
            // Not a stall (no journal changes), but A's nodes not Running, then pipe BA on B not drained.
            let clock = fakeClock();
            let { looks } = scripted([[j(5)]], ["restarting: not yet", "waiting: side A does not answer SQL on iotdb-1:6667 (timeout)"]);
            await assert.rejects(awaitGate(what, looks, bounds, clock),
                /: side A recorded its restart, but was not Running with both pipes drained within 120s \(last seen: waiting: side A does not answer SQL on iotdb-1:6667 \(timeout\)\), so side B was not touched/);
            assert.strictEqual(clock.t, 123_000, "120 s after the look that found A back");
            clock = fakeClock();
            ({ looks } = scripted([[j(5)]], ["ok"], ["waiting: pipe BA on side B has 3 events to send to side A"]));
            await assert.rejects(awaitGate(what, looks, bounds, clock), /within 120s \(last seen: waiting: pipe BA on side B has 3 events/);
            clock = fakeClock();
            ({ looks } = scripted([[j(5)]], ["ok"], ["waiting: pipe BA on side B has 3 events to send to side A"]));
            await assert.rejects(awaitGate(what, looks, { ...bounds, timeoutMs: 30_000 }, clock), /: not ready after 30s; last seen: waiting: pipe BA/);
        });

        it("waits on an update only when side A's ticket changed", () => {
            assert.strictEqual(waitsOnUpdate({ ticket: "a" }, { ticket: "b" }), true);
            assert.strictEqual(waitsOnUpdate({ ticket: "a", timeoutSeconds: 1 }, { ticket: "a", timeoutSeconds: 2 }), false);
        });
    });

    describe("the journal line of the recording node", () => {
        it("comes after the start succeeded; a failed one is journaled as failed, which the gate's look at A reads", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-journal-"));
            try {
                const ok = spawnSync("bash", ["-c", withRollout(dir, "0123456789abcdef", "echo started")], { encoding: "utf8" });
                assert.strictEqual(ok.status, 0, ok.stderr);
                assert.match(fs.readFileSync(path.join(dir, "journal.log"), "utf8"), /^\S+Z rollout 0123456789abcdef\n$/);
                const failed = spawnSync("bash", ["-c", withRollout(dir, "fedcba9876543210", "exit 3")], { encoding: "utf8" });
                assert.strictEqual(failed.status, 3);
                assert.match(fs.readFileSync(path.join(dir, "journal.log"), "utf8"), /\nZ? ?\S*Z rollout fedcba9876543210 failed \(exit 3\)\n$/);
                assert.doesNotMatch(fs.readFileSync(path.join(dir, "journal.log"), "utf8"), /rollout fedcba9876543210\n/, "never as done");
                assert.strictEqual(withRollout(dir, undefined, "echo started"), "echo started", "no ticket, nothing recorded");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
