// The wrapper every remote step runs under (providers/remoteCommand.ts), run for real with bash, flock
// and timeout: the limit stops a hung script and says so; a second run of a step waits for the first.
import * as assert from "assert";
import * as fs from "fs";
import { spawn, spawnSync } from "child_process";
import { limitedCommand, stepLockFile, TIMED_OUT } from "../../providers/remoteCommand";

const run = (cmd: string, stdin = "") => spawnSync("bash", ["-c", cmd], { input: stdin, encoding: "utf8" });

describe("remote steps run under a time limit and a per-step lock", function () {
    this.timeout(30000);
    const step = `unit test step ${process.pid}`;
    after(() => fs.rmSync(stepLockFile(step), { force: true }));

    it("passes stdin, output and exit status through", () => {
        const r = run(limitedCommand('read -r pw; echo "got ${#pw}"; echo warn >&2; exit 3', { step, timeoutSeconds: 10 }), "s3cret\n");
        assert.strictEqual(r.status, 3);
        assert.strictEqual(r.stdout, "got 6\n");
        assert.strictEqual(r.stderr, "warn\n");
    });

    it("a script that hangs is stopped at the limit, with an error naming the step", () => {
        const started = Date.now();
        const r = run(limitedCommand("sleep 60", { step, timeoutSeconds: 2 }));
        assert.strictEqual(r.status, TIMED_OUT);
        assert.ok(Date.now() - started < 10000, "stopped near its limit");
        assert.match(r.stderr, new RegExp(`^${step}: ERROR: stopped at its time limit of 2 s`));
    });

    it("a second run of the same step waits until the first has ended, never overlapping it", async () => {
        const marks = `/tmp/remoteCommand-${process.pid}.log`;
        fs.rmSync(marks, { force: true });
        const body = `echo start >> ${marks}; sleep 2; echo end >> ${marks}`;
        const first = spawn("bash", ["-c", limitedCommand(body, { step, timeoutSeconds: 20 })]);
        await new Promise((r) => setTimeout(r, 300));
        const second = run(limitedCommand(body, { step, timeoutSeconds: 20 }));
        await new Promise((r) => first.on("exit", r));
        assert.strictEqual(second.status, 0);
        assert.deepStrictEqual(fs.readFileSync(marks, "utf8").trim().split("\n"), ["start", "end", "start", "end"]);
        fs.rmSync(marks, { force: true });
    });

    it("a run that cannot get the lock within the limit runs nothing and says why", async () => {
        const holder = spawn("bash", ["-c", limitedCommand("sleep 5", { step, timeoutSeconds: 20 })]);
        await new Promise((r) => setTimeout(r, 300));
        const r = run(limitedCommand("echo ran", { step, timeoutSeconds: 1 }));
        holder.kill("SIGKILL");
        assert.strictEqual(r.status, 75);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, /another run of this step still holds .* after 1 s; nothing was run/);
    });

    it("a daemon the script leaves behind does not keep the lock", () => {
        const r1 = run(limitedCommand("setsid sleep 30 >/dev/null 2>&1 < /dev/null & echo started", { step, timeoutSeconds: 5 }));
        assert.strictEqual(r1.stdout, "started\n");
        const r2 = run(limitedCommand("echo again", { step, timeoutSeconds: 2 }));
        spawnSync("pkill", ["-f", "^sleep 30$"]);
        assert.strictEqual(r2.status, 0, r2.stderr);
    });
});
