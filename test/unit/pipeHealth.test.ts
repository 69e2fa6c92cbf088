import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pipeHealthFunctions, removePipeScript, resumePipeScript, sqlPrelude } from "../../lib/render/sqlScripts";
import { CANARY_TRICKLE_EVENTS } from "../../lib/plan/canary";
import { fakeSqlRunner, SHOW_PIPES_HEADER as HEADER } from "./fakeSqlRunner";
import { templateBody } from "../../lib/render/template";

/**
 * pipe_health runs for real against a fake tools/iotdb-sql/iotdb-sql that answers each SHOW PIPES
 * with the next of a list of prepared result sets (the last one repeats).
 */
type Row = { id?: string; state?: string; remaining: number; estimated?: number; exception?: string };

function health(samples: Row[][], n = 4): string {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-health-"));
    try {
        const tool = path.join(home, "tools", "iotdb-sql");
        fs.mkdirSync(tool, { recursive: true });
        samples.forEach((rows, k) => {
            const lines = [HEADER.join("\t"), ...rows.map((r) => [r.id ?? "AB", "t", r.state ?? "RUNNING", "src", "proc", "sink",
                r.exception ?? "", String(r.remaining), String(r.estimated ?? 0.5)].join("\t"))];
            fs.writeFileSync(path.join(home, `answer.${k}`), lines.join("\n") + "\n");
        });
        fs.writeFileSync(path.join(tool, "iotdb-sql"), `#!/usr/bin/env bash
set -euo pipefail
cat >/dev/null
n=$(cat "${home}/count" 2>/dev/null || echo 0)
echo $(( n + 1 )) >"${home}/count"
f="${home}/answer.$n"
[[ -f $f ]] || f="${home}/answer.${samples.length - 1}"
cat "$f"
`, { mode: 0o755 });
        const script = `${sqlPrelude({ home, rpcHost: "h", rpcPort: 1, journalFile: path.join(home, "journal") })}
admin_pw=pw
${pipeHealthFunctions("AB", n, 0)}
pipe_health`;
        const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        return r.stdout.trim();
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

describe("pipe health (stall detection)", () => {
    it("ok at once when the backlog is empty", () => {
        assert.strictEqual(health([[{ remaining: 0 }]]), "ok");
    });

    it("ok when the backlog falls at least once over the window (a busy, healthy pipe)", () => {
        assert.strictEqual(health([[{ remaining: 5 }], [{ remaining: 7 }], [{ remaining: 4 }], [{ remaining: 6 }]]), "ok");
    });

    it("stalled when the backlog never falls: frozen (issue 12's deadlock), with the sentinel and IoTDB's message", () => {
        const out = health([[{ remaining: 7, estimated: 31536000, exception: "forceAllocate: failed" }]]);
        assert.match(out, /^stalled: RemainingEventCount 7 then 7 over 0s, never falling; EstimatedRemainingSeconds at the one-year sentinel; ExceptionMessage: forceAllocate: failed$/);
    });

    it("stalled when the backlog only grows", () => {
        assert.match(health([[{ remaining: 3 }], [{ remaining: 3 }], [{ remaining: 9 }], [{ remaining: 12 }]]), /^stalled: RemainingEventCount 3 then 12 /);
    });

    it("ok when a backlog that does not fall is the canary's trickle, stalled just above it", () => {
        assert.strictEqual(health([[{ remaining: 2 }], [{ remaining: 3 }], [{ remaining: 3 }], [{ remaining: CANARY_TRICKLE_EVENTS }]]), "ok");
        assert.match(health([[{ remaining: 2 }], [{ remaining: 3 }], [{ remaining: CANARY_TRICKLE_EVENTS + 1 }]]), /^stalled: RemainingEventCount 2 then 4 /);
    });

    it("sums the halves of an auto-split pipe and ignores other pipes", () => {
        const rows = (h: number, r: number, other: number) => [{ id: "AB_history", remaining: h }, { id: "AB_realtime", remaining: r }, { id: "ABC", remaining: other }];
        assert.strictEqual(health([rows(2, 2, 9), rows(1, 2, 9), rows(1, 1, 9), rows(1, 1, 9)]), "ok");
        assert.match(health([rows(2, 2, 0)]), /^stalled: RemainingEventCount 4 then 4 /);
    });

    it("missing, and not running", () => {
        assert.strictEqual(health([[{ id: "OTHER", remaining: 0 }]]), "missing");
        assert.strictEqual(health([[{ state: "STOPPED", remaining: 3 }]]), "not running: STOPPED");
    });
});

describe("pipe resume (after a DataNode started)", () => {
    /**
     * Runs resumePipeScript against a fake iotdb-sql answering SHOW PIPES with `ids` (RUNNING) and
     * logging every statement. With `cn`, the machine runs a fake ConfigNode whose log says a pipe
     * procedure ran twice (`twice`); while it holds the pipe lock (`held`: for that many starts,
     * counting the current one) START PIPE answers 1107; each restart appends a start to its log.
     */
    function resume(ids: string[], cn?: { held: number; twice?: boolean }) {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-resume-"));
        try {
            const table = [HEADER.join("\t"), ...ids.map((id) => [id, "t", "RUNNING", "src", "proc", "sink", "", "0", "0"].join("\t"))].join("\n");
            fs.writeFileSync(path.join(home, "answer"), table + "\n");
            fs.writeFileSync(path.join(home, "held"), String(cn?.held ?? 0));
            fakeSqlRunner(home, `  if [[ $s == "SHOW PIPES" ]]; then cat "$h/answer"; fi
  if [[ $s == "START PIPE"* ]] && (( $(cat "$h/held") > 0 )); then
    echo "iotdb-sql: statement 1 failed: 1107: Timed out to wait for procedure return." >&2; exit 2
  fi`);
            const log = path.join(home, "cn.log");
            const start = "2026-12-02 10:23:35,525 [main] INFO  o.a.i.c.s.ConfigNode:142 - Starting IoTDB 2.0.10 (Build: x)";
            const twice = "2026-12-02 10:23:38,476 [ProcedureCoreWorker-1] ERROR o.a.i.c.p.ProcedureExecutor:415 - The executing procedure should in RUNNABLE state, but it's not. Procedure is pid=14, state=SUCCESS, locked=true; org.apache.iotdb.confignode.procedure.impl.pipe.runtime.PipeHandleLeaderChangeProcedure";
            const startLines = `printf '%s\\n' ${JSON.stringify(start)}${cn?.twice === false ? "" : ` ${JSON.stringify(twice)}`}`;
            fs.writeFileSync(log, "");
            spawnSync("bash", ["-c", `${startLines} >>"${log}"`]);
            const configNode = cn && {
                log,
                stop: `echo stop >>"${home}/restarts"`,
                start: `read -r pw; echo "start $pw" >>"${home}/restarts"; ${startLines} >>"${log}"; echo $(( $(cat "${home}/held") - 1 )) >"${home}/held"`,
            };
            const script = resumePipeScript({ home, rpcHost: "h", rpcPort: 1, journalFile: path.join(home, "journal") }, "AB", configNode, 0);
            const r = spawnSync("bash", ["-c", script], { input: "pw\n", encoding: "utf8" });
            const read = (f: string) => (fs.existsSync(path.join(home, f)) ? fs.readFileSync(path.join(home, f), "utf8") : "");
            return { status: r.status, stdout: r.stdout, stderr: r.stderr, statements: read("statements").trim().split("\n"), journal: read("journal"), restarts: read("restarts") };
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    }

    it("a START PIPE that waits on a ConfigNode that ran a pipe procedure twice: restarts that ConfigNode, then starts the pipe", () => {
        const r = resume(["AB"], { held: 1 });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.restarts, "stop\nstart pw\n", "stopped and started once, the password on stdin");
        assert.match(r.stderr, /START PIPE AB did not answer within 15s .*apache\/iotdb#17902.*restarting it \(1 of 3\).*pid=14/);
        assert.match(r.journal, /confignode restarted: pipe lock held\n.* pipe AB resumed\n$/);
        assert.deepStrictEqual(r.statements, ["SHOW PIPES", "START PIPE AB", "START PIPE AB", "SHOW PIPES"]);
    });

    it("leaves a ConfigNode alone when START PIPE answers, whatever its log says", () => {
        const r = resume(["AB"], { held: 0 });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.restarts, "");
        assert.deepStrictEqual(r.statements, ["SHOW PIPES", "START PIPE AB", "SHOW PIPES"]);
    });

    it("a START PIPE still waiting (1107) after IoTDB's own wait, with no race line: restarts that ConfigNode too, then starts the pipe", function () {
        this.timeout(20_000);
        const r = resume(["AB"], { held: 1, twice: false });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.restarts, "stop\nstart pw\n");
        assert.match(r.stderr, /restarting it \(1 of 3\)\. \(no 'run twice' line/);
    });

    it("a lock lost again after every restart, with no race line: gives up after 3 restarts naming the fix", function () {
        this.timeout(20_000);
        const r = resume(["AB"], { held: 5, twice: false });
        assert.strictEqual(r.status, 1);
        assert.strictEqual(r.restarts, "stop\nstart pw\n".repeat(3));
        assert.match(r.stderr, /still waits after 3 restarts.*\nRestart this side's ConfigNode by hand/);
    });

    it("gives up naming the fix when the lock is held again after every restart", () => {
        const r = resume(["AB"], { held: 10 });
        assert.strictEqual(r.status, 1);
        assert.strictEqual(r.restarts.split("\n").filter((l) => l === "stop").length, 3);
        assert.match(r.stderr, /START PIPE AB still waits after 3 restarts/);
        assert.doesNotMatch(r.journal, /resumed/);
    });

    it("starts the RUNNING pipe again (IoTDB re-sends its metadata), journals it and prints the states", () => {
        const r = resume(["AB"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.statements, ["SHOW PIPES", "START PIPE AB", "SHOW PIPES"]);
        assert.match(r.journal, / pipe AB resumed\n$/);
        assert.strictEqual(r.stdout, "AB:RUNNING\n");
    });

    it("starts both halves of an auto-split pipe, and nothing that is not its own", () => {
        const r = resume(["AB_history", "AB_realtime", "BA"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.statements.filter((s) => s.startsWith("START")), ["START PIPE AB_history", "START PIPE AB_realtime"]);
        assert.strictEqual(r.stdout, "AB_history:RUNNING AB_realtime:RUNNING\n");
    });

    it("fails, naming the pipe, when it does not exist", () => {
        const r = resume(["BA"]);
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /pipe AB does not exist/);
    });
});

describe("pipe removal (STOP, DROP, and a drop procedure that outlasts the runner)", function () {
    this.timeout(30_000);
    /**
     * Runs removePipeScript against a fake iotdb-sql whose SHOW PIPES lists AB until it is dropped.
     * `dropFails`: DROP PIPE answers with an error (IoTDB's 1107 timeout); `goneAfter`: how many SHOW
     * PIPES after that the pipe is still listed (never gone when undefined).
     */
    function remove(o: { dropFails?: boolean; goneAfter?: number; waitSeconds?: number; showFails?: boolean; restartFrees?: boolean }) {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-remove-"));
        try {
            fs.writeFileSync(path.join(home, "listed"), "yes");
            fs.writeFileSync(path.join(home, "header"), HEADER.join("\t") + "\n");
            fs.mkdirSync(path.join(home, "logs"));
            fs.writeFileSync(path.join(home, "logs", "log_confignode_all.log"), [
                "2026-12-03 00:30:00,000 [main] WARN  o.a.i.c.Foo:1 - before the restart",
                "2026-12-03 00:30:01,000 [main] INFO  o.a.i.c.s.ConfigNode:99 - Starting IoTDB 2.0.10",
                "2026-12-03 00:31:00,000 [pool-1] INFO  o.a.i.c.p.DropPipeProcedureV2:1 - running",
                "2026-12-03 00:32:00,000 [pool-1] WARN  o.a.i.c.p.DropPipeProcedureV2:2 - procedure stuck",
            ].join("\n") + "\n");
            fakeSqlRunner(home, `  case $s in
    "SHOW PIPES")
      ${o.showFails ? `echo "iotdb-sql: cannot connect" >&2; exit 2` : ""}
      cat "$h/header"
      if [[ -f $h/listed ]]; then
        printf 'AB\\tt\\tRUNNING\\ts\\tp\\tk\\t\\t0\\t0\\n'
        if [[ -f $h/countdown ]]; then n=$(cat "$h/countdown"); if (( n <= 0 )); then rm -f "$h/listed"; else echo $(( n - 1 )) >"$h/countdown"; fi; fi
      fi ;;
    "DROP PIPE"*)
      ${o.dropFails ? `${o.goneAfter === undefined ? "" : `echo ${o.goneAfter} >"$h/countdown";`} echo "iotdb-sql: statement 1 failed: 1107: Timed out to wait for procedure return." >&2; exit 2` : `rm -f "$h/listed"`} ;;
  esac`);
            // With restartFrees set, the machine runs the side's ConfigNode; its restart lets the drop finish when true.
            const configNode = o.restartFrees === undefined ? undefined : {
                log: path.join(home, "logs", "log_confignode_all.log"),
                stop: `echo stop >>"${home}/restarts"`,
                start: `read -r pw; echo "start $pw" >>"${home}/restarts"${o.restartFrees ? `; rm -f "${home}/listed"` : ""}`,
            };
            const script = removePipeScript({ home, rpcHost: "h", rpcPort: 1, journalFile: path.join(home, "journal") }, "AB", o.waitSeconds ?? 60, configNode, 0);
            const r = spawnSync("bash", ["-c", script], { input: "pw\n", encoding: "utf8" });
            const read = (f: string) => (fs.existsSync(path.join(home, f)) ? fs.readFileSync(path.join(home, f), "utf8") : "");
            return { status: r.status, stdout: r.stdout, stderr: r.stderr, statements: read("statements").trim().split("\n"), journal: read("journal"), restarts: read("restarts") };
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    }

    it("stops, then drops the pipe, journals both, and leaves alone halves that do not exist", () => {
        const r = remove({});
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), ["STOP PIPE AB", "DROP PIPE IF EXISTS AB"]);
        assert.match(r.journal, / pipe AB stopped\n.* pipe AB dropped\n$/);
        assert.strictEqual(r.stdout, "pipe AB removed\n");
    });

    it("a DROP PIPE that times out while IoTDB goes on: waits until SHOW PIPES no longer lists the pipe", () => {
        const r = remove({ dropFails: true, goneAfter: 0 });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stderr, /DROP PIPE AB did not answer in time; IoTDB goes on with it/);
        assert.match(r.journal, / pipe AB dropped\n$/);
    });

    it("IoTDB not answering SHOW PIPES: fails, never takes the pipe for gone", () => {
        const r = remove({ showFails: true });
        assert.strictEqual(r.status, 1, r.stdout);
        assert.match(r.stderr, /SHOW PIPES failed: cannot tell whether pipe AB is gone/);
        assert.doesNotMatch(r.stdout, /removed/);
    });

    it("a pipe still listed when the wait is over: fails naming the pipe and where to look, never reports it dropped", () => {
        const r = remove({ dropFails: true, waitSeconds: 0 });
        assert.strictEqual(r.status, 1, r.stderr + r.stdout);
        assert.match(r.stderr, /pipe AB is still listed 0s after DROP PIPE: IoTDB's drop procedure has not finished/);
        assert.match(r.stderr, /confignode warnings since its start \(.*log_confignode_all\.log\):\n  .* WARN .*procedure stuck/);
        assert.doesNotMatch(r.stderr, /before the restart/);
        assert.doesNotMatch(r.journal, /dropped/);
    });

    it("on the machine of the side's ConfigNode, a pipe still listed: restarts that ConfigNode once, drops again, and is done", () => {
        const r = remove({ dropFails: true, waitSeconds: 0, restartFrees: true });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.restarts, "stop\nstart pw\n", "stopped and started once, the password on stdin");
        assert.match(r.stderr, /pipe AB is still listed 0s after DROP PIPE: restarting this side's ConfigNode/);
        assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), ["STOP PIPE AB", "DROP PIPE IF EXISTS AB", "DROP PIPE IF EXISTS AB"]);
        assert.match(r.journal, / confignode restarted: pipe AB drop stuck\n.* pipe AB dropped\n$/);
    });

    it("a pipe the ConfigNode's restart does not free: fails after one restart, with what the machine shows", () => {
        const r = remove({ dropFails: true, waitSeconds: 0, restartFrees: false });
        assert.strictEqual(r.status, 1, r.stdout);
        assert.strictEqual(r.restarts, "stop\nstart pw\n");
        assert.match(r.stderr, /restarting this side's ConfigNode[^]*pipe AB is still listed 0s after DROP PIPE: IoTDB's drop procedure has not finished/);
        assert.doesNotMatch(r.journal, /dropped/);
    });
});

describe("a stuck pipe's report (sh/pipe-stuck.sh)", () => {
    const dump = [
        `"pool-12-IoTDB-DataNodeInternalRPC-Processor-3" #120 daemon prio=5 os_prio=0 tid=0x1 nid=0x2 waiting on condition [0x3]`,
        "   java.lang.Thread.State: WAITING (parking)",
        "\tat jdk.internal.misc.Unsafe.park(Native Method)",
        "\t- parking to wait for  <0x4> (a java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync)",
        "\tat org.apache.iotdb.commons.pipe.agent.task.PipeTaskAgent.handleDropPipe(PipeTaskAgent.java:244)",
        "",
        `"Pipe-Sink-Worker-1" #80 daemon prio=5 runnable [0x5]`,
        "   java.lang.Thread.State: RUNNABLE",
        "\tat org.apache.iotdb.db.pipe.sink.Foo.transfer(Foo.java:1)",
        "",
        `"main" #1 prio=5 waiting on condition [0x6]`,
        "   java.lang.Thread.State: WAITING (parking)",
        "\tat java.lang.Object.wait(Native Method)",
        "",
    ].join("\n");

    it("keeps the IoTDB threads that wait in pipe code, and only those", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-stuck-"));
        try {
            fs.writeFileSync(path.join(dir, "dump"), dump);
            const r = spawnSync("bash", ["-c", `${templateBody("pipe-stuck")}\nwaiting_pipe_threads "$1"`, "x", path.join(dir, "dump")], { encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /^  "pool-12-IoTDB-DataNodeInternalRPC-Processor-3".*\n.*WAITING \(parking\)\n(.*\n){2}.*PipeTaskAgent\.handleDropPipe/);
            assert.doesNotMatch(r.stdout, /Pipe-Sink-Worker-1|"main"/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
