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
import { rolloutGateScript } from "../../lib/render/rolloutScripts";
import { awaitOk, Clock, waitsOnUpdate } from "../../providers/rolloutGate";
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
            assert.deepStrictEqual(r.tickets, { a, b: rolloutTicket(c, c.sideB) });
            assert.notStrictEqual(r.tickets.a, r.tickets.b);
            assert.deepStrictEqual(planPair(c).rollout, r, "the pair's plan carries it");
        });
    });

    describe("the gate's script, run against a fake iotdb-sql", () => {
        const ticket = "0123456789abcdef";
        let home: string;
        const journal = () => path.join(home, "journal");
        const put = (f: string, text: string) => fs.writeFileSync(path.join(home, f), text);
        const pipes = (id: string, state: string, left: number) =>
            [SHOW_PIPES_HEADER.join("\t"), [id, "t", state, "src", "proc", "sink", "", String(left), "0.0"].join("\t")].join("\n") + "\n";
        const run = (passwords = ["Adm1n-pw"]) => {
            fs.rmSync(path.join(home, "statements"), { force: true });
            const script = rolloutGateScript({
                target: { home, rpcHost: "iotdb-1", rpcPort: 6667, journalFile: journal() }, ticket,
                awaited: ["iotdb-1", "iotdb-3"], pipes: { ab: "AB", ba: "BA" }, peerHost: "iotdb-2",
            });
            const r = spawnSync("bash", ["-c", script], { input: stdinLines(passwords), encoding: "utf8", timeout: 20_000 });
            const statements = fs.existsSync(path.join(home, "statements")) ? fs.readFileSync(path.join(home, "statements"), "utf8").trim().split("\n") : [];
            return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr, statements };
        };

        beforeEach(() => {
            home = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-gate-"));
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n0\tConfigNode\tRunning\tiotdb-1\t10710\n1\tDataNode\tRunning\tiotdb-1\t10730\n2\tDataNode\tRunning\tiotdb-3\t10730\n");
            put("pipes-a", pipes("AB", "RUNNING", 0));
            put("pipes-b", pipes("BA", "RUNNING", 0));
            // SHOW CLUSTER from $h/cluster; SHOW PIPES from $h/pipes-a, or $h/pipes-b when asked on iotdb-2 (down: no such file).
            fakeSqlRunner(home, `  side=a; if [[ " $* " == *" --host iotdb-2 "* ]]; then side=b; fi
  case $s in
    "SHOW CLUSTER") cat "$h/cluster" ;;
    "SHOW PIPES") [[ -f $h/pipes-$side ]] || { echo "iotdb-sql: cannot connect to iotdb-2:6667" >&2; exit 2; }; cat "$h/pipes-$side" ;;
  esac`);
        });
        afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

        it("waits while A's journal has not recorded this rollout last, without asking IoTDB", () => {
            let r = run();
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, `waiting: side A has not finished restarting (its journal's last rollout is none, this one is ${ticket})`);
            assert.deepStrictEqual(r.statements, []);
            put("journal", `2026-12-02T10:00:00.000Z datanode started\n2026-12-02T10:00:00.001Z rollout ${ticket}\n2026-12-02T11:00:00.000Z rollout fedcba9876543210\n`);
            r = run();
            assert.match(r.stdout, /^waiting: side A has not finished restarting \(its journal's last rollout is fedcba9876543210/, "an older rollout of the same ticket does not count");
        });

        it("once recorded: ok only when A's awaited nodes are Running and neither pipe has events left", () => {
            put("journal", `2026-12-02T11:00:00.000Z rollout fedcba9876543210\n2026-12-02T12:00:00.000Z datanode started\n2026-12-02T12:00:00.001Z rollout ${ticket}\n`);
            let r = run();
            assert.strictEqual(r.stdout, "ok", r.stderr);
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "SHOW PIPES", "SHOW PIPES"]);

            put("cluster", fs.readFileSync(path.join(home, "cluster"), "utf8").replace("DataNode\tRunning\tiotdb-3", "DataNode\tUnknown\tiotdb-3"));
            assert.strictEqual(run().stdout, "waiting: side A's nodes on iotdb-3 are not all Running");
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n0\tConfigNode\tRunning\tiotdb-1\t10710\n");
            assert.strictEqual(run().stdout, "waiting: side A's nodes on iotdb-3 are not all Running", "a node missing from show cluster is not Running");
            put("cluster", "NodeID\tNodeType\tStatus\tInternalAddress\tInternalPort\n1\tDataNode\tRunning\tiotdb-1\t10730\n2\tDataNode\tRunning\tiotdb-3\t10730\n");

            put("pipes-a", pipes("AB", "RUNNING", 7));
            assert.strictEqual(run().stdout, "waiting: pipe AB on side A has 7 events to send");
            put("pipes-a", pipes("AB", "RUNNING", 0));
            put("pipes-b", pipes("BA", "RUNNING", 3));
            assert.strictEqual(run().stdout, "waiting: pipe BA on side B has 3 events to send to side A");
        });

        it("a pipe missing or stopped, or side B down, is nothing to drain: ok", () => {
            put("journal", `2026-12-02T12:00:00.001Z rollout ${ticket}\n`);
            put("pipes-a", SHOW_PIPES_HEADER.join("\t") + "\n");
            put("pipes-b", pipes("BA", "STOPPED", 9));
            assert.strictEqual(run().stdout, "ok");
            fs.rmSync(path.join(home, "pipes-b"));
            const r = run();
            assert.strictEqual(r.stdout, "ok");
            assert.match(r.stderr, /side B does not answer on iotdb-2 .*it is down already, nothing to drain/);
        });

        it("logs in to B with B's root password, the second line of stdin; a refused login is not a B that is down", () => {
            put("journal", `2026-12-02T12:00:00.001Z rollout ${ticket}\n`);
            const b801 = `  if [[ " $* " == *" --host iotdb-2 "* && $pw != B-pw ]]; then echo "iotdb-sql: cannot connect to iotdb-2:6667 as root: 801: Authentication failed." >&2; exit 2; fi\n`;
            fakeSqlRunner(home, b801 + `  case $s in
    "SHOW CLUSTER") cat "$h/cluster" ;;
    "SHOW PIPES") cat "$h/pipes-a" ;;
  esac`);
            assert.strictEqual(run().stdout, "waiting: side B refuses root's login on iotdb-2 (801): its password is not the one the stack has");
            assert.strictEqual(run(["Adm1n-pw", "B-pw"]).stdout, "ok");
        });

        it("refuses a ticket or hostname that could not come from the plan", () => {
            const target = { home: "/opt/iotdb/apache-iotdb-2.0.10", rpcHost: "iotdb-1", rpcPort: 6667, journalFile: "/opt/iotdb/journal.log" };
            const p = { target, ticket, awaited: ["iotdb-1"], pipes: { ab: "AB", ba: "BA" }, peerHost: "iotdb-2" };
            assert.throws(() => rolloutGateScript({ ...p, ticket: "x; rm -rf /" }), /not 16 hex digits/);
            assert.throws(() => rolloutGateScript({ ...p, awaited: ["bad host"] }), /is not a hostname/);
            assert.throws(() => rolloutGateScript({ ...p, awaited: [] }), /awaits no node/);
        });
    });

    describe("the gate's wait", () => {
        const fakeClock = (): Clock & { t: number } => {
            const c = { t: 0, now: () => c.t, sleep: async (ms: number) => { c.t += ms; } };
            return c;
        };

        it("looks until a look says ok, counting a failed look as not yet", async () => {
            const clock = fakeClock();
            const answers = ["waiting: side A has not finished restarting", "boom", "log line\nok"];
            let looks = 0;
            const ms = await awaitOk("side A back", async () => {
                const a = answers[looks++];
                if (a === "boom") throw new Error("cannot reach root@10.0.0.1:22 over SSH\nmore");
                return a;
            }, 60_000, 3000, clock);
            assert.strictEqual(looks, 3);
            assert.strictEqual(ms, 6000);
        });

        it("fails at the timeout naming what it waited for, the last thing seen and the fix; B is not restarted", async () => {
            const clock = fakeClock();
            let looks = 0;
            await assert.rejects(awaitOk("side A (iotdb-1) back after its restart", async () => { looks++; return "waiting: pipe AB on side A has 7 events to send"; }, 30_000, 3000, clock),
                /^Error: side A \(iotdb-1\) back after its restart: not ready after 30s, so side B was not restarted; last seen: waiting: pipe AB on side A has 7 events to send\. Bring side A back/);
            assert.strictEqual(looks, 11);
        });

        it("waits on an update only when side A's ticket changed", () => {
            assert.strictEqual(waitsOnUpdate({ ticket: "a" }, { ticket: "b" }), true);
            assert.strictEqual(waitsOnUpdate({ ticket: "a", timeoutSeconds: 1 }, { ticket: "a", timeoutSeconds: 2 }), false);
        });
    });

    describe("the journal line of the recording node", () => {
        it("comes after the start succeeded, and never after a failed one", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-journal-"));
            try {
                const ok = spawnSync("bash", ["-c", withRollout(dir, "0123456789abcdef", "echo started")], { encoding: "utf8" });
                assert.strictEqual(ok.status, 0, ok.stderr);
                assert.match(fs.readFileSync(path.join(dir, "journal.log"), "utf8"), /^\S+Z rollout 0123456789abcdef\n$/);
                const failed = spawnSync("bash", ["-c", withRollout(dir, "fedcba9876543210", "exit 3")], { encoding: "utf8" });
                assert.notStrictEqual(failed.status, 0);
                assert.doesNotMatch(fs.readFileSync(path.join(dir, "journal.log"), "utf8"), /fedcba9876543210/);
                assert.strictEqual(withRollout(dir, undefined, "echo started"), "echo started", "no ticket, nothing recorded");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
