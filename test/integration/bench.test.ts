// `npm run bench` in its short mode (BENCH_SHORT=1), as a child process: it deploys its own pair on the
// two test hosts (and the manual baseline), measures, destroys, and must print the three replication
// figures with numbers and exit 0, leaving BENCHMARKS.md as it was. About 6-8 minutes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { spawn } from "child_process";
import { sshExec } from "./testhosts";
import { cleanupHosts, runOf } from "./runOnHosts";
import { useFixture } from "./fixture";
import { BASELINE_OWNER_STACK } from "../../bench/baseline";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const BENCH_TIMEOUT_MS = 15 * 60 * 1000;
const log = (line: string) => process.stdout.write(`      ${line}\n`);

interface BenchExit { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }

/** Runs bench/run.ts in short mode; its output is shown as it comes (indented) and kept. */
function runBench(): Promise<BenchExit> {
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_SHORT: "1" };
    delete env.BENCH_REPLICATION_SECONDS;
    delete env.BENCH_RUNS;
    // Its own process group, so that a timeout ends it and the load's java processes, nothing else.
    const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", "bench/run.ts"], {
        cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true,
    });
    const out = { stdout: "", stderr: "" };
    const show = (key: "stdout" | "stderr") => {
        let partial = "";
        child[key]!.on("data", (d) => {
            out[key] += d;
            const lines = (partial + d).split("\n");
            partial = lines.pop()!;
            for (const l of lines) log(l);
        });
    };
    show("stdout");
    show("stderr");
    // Its group (the bench, the Pulumi CLI it drives, the load's java) ends with it, also when mocha exits first.
    const endGroup = () => {
        try { process.kill(-child.pid!, "SIGTERM"); } catch { /* gone already */ }
    };
    process.once("exit", endGroup);
    return new Promise((resolve, reject) => {
        let timedOut = false;
        const timer = setTimeout(() => { timedOut = true; endGroup(); }, BENCH_TIMEOUT_MS);
        const done = () => { clearTimeout(timer); process.removeListener("exit", endGroup); };
        child.on("error", (e) => { done(); reject(e); });
        child.on("exit", (code, signal) => { done(); resolve({ code, signal, ...out, timedOut }); });
    });
}

/** What a bench ended from outside left on the hosts (runs it created since `since`, epoch seconds). */
function cleanupAfterKill(since: number): void {
    for (const i of [1, 2]) {
        const dirs = sshExec(i, `find /opt -maxdepth 1 -type d -regextype posix-extended -regex '/opt/iotdb-(bench|base)-[0-9a-f]{6}' -newermt @${since} -printf '%f\\n' || true`).stdout;
        for (const name of dirs.split("\n").filter(Boolean)) {
            const id = name.slice("iotdb-".length);
            const run = runOf(id);
            log(`removing what the killed bench left on host ${i}: ${run.installDir}`);
            cleanupHosts(run, id.startsWith("base-") ? BASELINE_OWNER_STACK : "bench", [i]);
        }
    }
}

describe("npm run bench, short mode (real engine, real IoTDB, two hosts)", function () {
    this.timeout(BENCH_TIMEOUT_MS + 5 * 60 * 1000);
    const benchmarksFile = path.join(REPO_ROOT, "BENCHMARKS.md");
    let before_: string | undefined;
    let since = 0;
    let killed = false;

    // The bench deploys its own pair: it must not meet another IoTDB (a `local` stack left up, say).
    useFixture({ hosts: 2, noIotdbRunning: true });

    before(() => {
        before_ = fs.existsSync(benchmarksFile) ? fs.readFileSync(benchmarksFile, "utf8") : undefined;
        since = Math.floor(Date.now() / 1000) - 1;
    });

    after(() => {
        if (killed) cleanupAfterKill(since);
    });

    it("prints the replication lag p99, the highest rate within the bound and the ingest ceiling, exits 0, leaves BENCHMARKS.md alone", async () => {
        const r = await runBench();
        killed = r.timedOut || r.code === null;
        assert.ok(!r.timedOut, `the short bench did not finish within ${BENCH_TIMEOUT_MS / 60000} min`);
        assert.strictEqual(r.code, 0, `bench exited ${r.code ?? r.signal}:\n${r.stderr.slice(-4000)}`);

        const lag = /^replication lag p99: (\d+\.\d{2}) s$/m.exec(r.stdout);
        const highest = /^highest rate within the bound: (\d+) rows\/s a side$/m.exec(r.stdout);
        const ceiling = /^ingest ceiling \(one side, no pipes\): (\d+) rows\/s$/m.exec(r.stdout);
        assert.ok(lag, `no "replication lag p99: <s> s" line in:\n${r.stdout}`);
        assert.ok(highest, `no "highest rate within the bound: <n> rows/s a side" line in:\n${r.stdout}`);
        assert.ok(ceiling, `no "ingest ceiling (one side, no pipes): <n> rows/s" line in:\n${r.stdout}`);
        for (const dir of ["AB", "BA"]) {
            assert.match(r.stdout, new RegExp(`^replication lag ${dir}: p50 \\d+\\.\\d{2} s, p99 \\d+\\.\\d{2} s`, "m"));
        }
        assert.ok(Number(ceiling[1]) > 0, `ingest ceiling ${ceiling[1]} rows/s: nothing was written`);
        log(`figures: lag p99 ${lag[1]} s, highest rate within the bound ${highest[1]} rows/s a side, ceiling ${ceiling[1]} rows/s`);

        const after_ = fs.existsSync(benchmarksFile) ? fs.readFileSync(benchmarksFile, "utf8") : undefined;
        assert.strictEqual(after_, before_, "the short mode rewrote BENCHMARKS.md");
    });
});
