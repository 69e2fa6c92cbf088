// A test process killed mid-suite (a CI run cut short) leaves its run on the hosts, IoTDB running; the
// next process must remove that run before its suites refuse to start beside it, and must leave alone a
// run whose process is still alive. Both runs here are real processes under real run dirs on host 1,
// swept by a separate process exactly as the next `npm test` would.
import * as assert from "assert";
import { spawnSync } from "child_process";
import { sshExec, ensureTestHosts } from "./testhosts";
import { newRun, runOf, cleanupHosts, Run } from "./runOnHosts";
import { REPO_ROOT } from "./pulumiHarness";

const HOST = 1;

/** Runs `code` in a new node process with the test harness loadable; returns its stdout and stderr. */
function inNewProcess(code: string): { stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", code], { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
    assert.strictEqual(r.status, 0, `node -e failed (status ${r.status}):\n${r.stdout}${r.stderr}`);
    return { stdout: r.stdout, stderr: r.stderr };
}

/** Starts, under the run's home, a process that stands for its IoTDB (it ignores SIGTERM when `stubborn`). */
function startStandIn(run: Run, stubborn: boolean): number {
    const script = `${run.home}/sbin/stand-in.sh`;
    const body = `#!/bin/bash\n${stubborn ? "trap '' TERM\n" : ""}while true; do sleep 1; done\n`;
    const r = sshExec(HOST, `mkdir -p ${run.home}/sbin ${run.dataDir} && cat > ${script} && chmod +x ${script} && ` +
        `(setsid ${script} </dev/null >/dev/null 2>&1 &) && sleep 1 && pgrep -f '[/]${script.slice(1)}'`, { input: body });
    assert.strictEqual(r.code, 0, `stand-in not started on host ${HOST}: ${r.stderr}`);
    return Number(r.stdout.trim().split("\n")[0]);
}

const running = (pid: number) => sshExec(HOST, `kill -0 ${pid}`).code === 0;
const exists = (dir: string) => sshExec(HOST, `test -d ${dir}`).code === 0;

describe("runs left by a test process that is gone are removed before the suites start (real host)", function () {
    this.timeout(10 * 60 * 1000);
    let live: Run;
    let left: Run;

    before(() => {
        ensureTestHosts(HOST);
        left = runOf(inNewProcess(`process.stdout.write(require("./test/integration/runOnHosts").newRun("lo").id)`).stdout.trim());
        live = newRun("lv");
    });
    after(() => cleanupHosts(live, "none", [HOST]));

    it("removes the dead process's run (its stubborn process SIGKILLed, its dirs gone) and keeps the live one's", () => {
        const leftPid = startStandIn(left, true);
        const livePid = startStandIn(live, false);
        const { stderr } = inNewProcess(`require("./test/integration/runOnHosts").sweepLeftoverRuns([${HOST}])`);
        assert.match(stderr, new RegExp(`host ${HOST}: removing run ${left.id}, left by a test process that is gone \\(its processes ${leftPid}`));
        assert.ok(!stderr.includes(live.id), `the live run was named: ${stderr}`);
        assert.ok(!running(leftPid), `the leftover's process ${leftPid} still runs`);
        assert.ok(!exists(left.installDir) && !exists(left.dataDir), `the leftover's dirs are still on host ${HOST}`);
        assert.ok(running(livePid), `the live run's process ${livePid} was stopped`);
        assert.ok(exists(live.installDir), "the live run's install dir was removed");
    });
});
