// `npm run bench`: times the project's pair against the manual baseline on the two local test hosts,
// measures replication under load (bench/replication.ts), prints the tables and writes BENCHMARKS.md.
// Traffic goes to the test hosts (10.213.7.11/12) only. `npm run bench:short` (BENCH_SHORT=1): one run,
// short loads, all figures printed, BENCHMARKS.md left as it is (test/integration/bench.test.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, cleanupHosts, noteRunStack, sweepLeftoverRuns, waitFor, Run, hosts } from "../test/integration/pairFixture";
import { ensureTestHosts, sshExec } from "../test/integration/testhosts";
import { makeWorkspace, openStack, generatePasswords, toolchainBin, Workspace, REPO_ROOT } from "../test/integration/pulumiHarness";
import { runSql, rootPasswords, RootPassword } from "../test/integration/iotdbClient";
import { sshLoginCount, iotdbPids, requireNoIotdbRunning } from "../test/integration/hostProbes";
import { runBaseline, teardownBaseline, BASELINE_OWNER_STACK } from "./baseline";
import { SUPPORTED_IOTDB_VERSIONS } from "../lib/config/pairConfig";
import { DEFAULT_PORTS } from "../lib/render/properties";
import { flushIntervalMs, DEFAULT_MAX_LAG_SECONDS } from "../lib/plan/replication";
import { measureReplication, replicationMarkdown, replicationSettings, ReplicationFigures } from "./replication";
import { measureVerify, verifyRows, VerifyFigures, rowsADevice, pointsASide } from "./verify";

/** BENCH_SHORT=1: one run, short replication loads, every figure printed, BENCHMARKS.md not rewritten. */
const SHORT = process.env.BENCH_SHORT === "1";
/** BENCH_ONLY=verify (`npm run bench:verify`): one pair, the verify part alone, its row printed, BENCHMARKS.md not rewritten. */
const ONLY_VERIFY = process.env.BENCH_ONLY === "verify";
const RUNS = SHORT ? 1 : Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
const STACK = "bench";
const quiet = { onOutput: () => undefined };
const sec = (ms: number) => (ms / 1000).toFixed(1);
const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per-URN wall time from engine events, as received (resourcePreEvent → resOutputsEvent/resOpFailedEvent). */
function resourceTimer() {
    const start = new Map<string, number>();
    const spans = new Map<string, { type: string; ms: number; failed: boolean }>();
    const onEvent = (e: EngineEvent) => {
        const now = Date.now();
        const pre = e.resourcePreEvent?.metadata;
        if (pre) { start.set(pre.urn, now); return; }
        const done = e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
        if (done && start.has(done.urn)) {
            spans.set(done.urn, { type: done.type, ms: now - start.get(done.urn)!, failed: !!e.resOpFailedEvent });
        }
    };
    return { onEvent, spans };
}

// ---- rows for the convergence part ----
/** Written on side A, under a path A owns (pairFixture OWNS_A: root.dual.**), so pipe AB carries it. */
const CONVERGENCE_DEVICE = "root.dual.bench.d1";
function insertStatements(from: number, count: number, batch = 1000): string[] {
    const out: string[] = [];
    for (let b = from; b < from + count; b += batch) {
        const vals: string[] = [];
        for (let t = b; t < Math.min(b + batch, from + count); t++) vals.push(`(${t}, ${t}.5)`);
        out.push(`insert into ${CONVERGENCE_DEVICE}(timestamp, s) values ${vals.join(",")}`);
    }
    return out;
}
function countOn(i: number, home: string, password: RootPassword): number | undefined {
    const [set] = runSql(i, home, password, [`select count(s) from ${CONVERGENCE_DEVICE}`]);
    if (!set || set.rows.length === 0) return undefined;
    const n = Number(set.rows[0][0]);
    return Number.isFinite(n) ? n : undefined;
}

interface PulumiRun {
    upMs: number;
    spans: Map<string, { type: string; ms: number; failed: boolean }>;
    previewMs: number;
    noopUpMs: number;
    noopLogins: number;
    noopChanges: string;
    destroyMs: number;
    convergence?: { writeMs: number; convergeMs: number; stopMs: number; write2Ms: number; upMs: number; catchUpMs: number; upChanges: string };
    replication?: ReplicationFigures;
    verify?: VerifyFigures;
}

async function pulumiRun(k: number, withConvergence: boolean, withVerify = withConvergence): Promise<PulumiRun> {
    const run = newRun("bench");
    noteRunStack(run, STACK);
    const stackFile = stackConfig(run);
    let ws: Workspace | undefined;
    let stack: Stack | undefined;
    try {
        ws = makeWorkspace("bench", { [`stacks/Pulumi.${STACK}.yaml`]: stackFile }, true);
        stack = await openStack(ws, STACK);
        generatePasswords(ws, STACK);
        const timer = resourceTimer();
        let t = Date.now();
        const up = await stack.up({ ...quiet, onEvent: timer.onEvent });
        const upMs = Date.now() - t;
        if (up.summary.result !== "succeeded") throw new Error(`cold up: ${up.summary.result}`);
        const password = rootPasswords(up.outputs);
        log(`run ${k + 1}: cold up ${sec(upMs)}s`);

        const before = sshLoginCount(1) + sshLoginCount(2);
        t = Date.now();
        const pv = await stack.preview(quiet);
        const previewMs = Date.now() - t;
        t = Date.now();
        const noop = await stack.up(quiet);
        const noopUpMs = Date.now() - t;
        const noopLogins = sshLoginCount(1) + sshLoginCount(2) - before;
        const noopChanges = `preview ${JSON.stringify(pv.changeSummary)}, up ${JSON.stringify(noop.summary.resourceChanges ?? {})}`;
        log(`run ${k + 1}: preview ${sec(previewMs)}s, no-op up ${sec(noopUpMs)}s, ssh logins ${noopLogins}`);

        let convergence: PulumiRun["convergence"];
        let replication: ReplicationFigures | undefined;
        if (withConvergence) {
            convergence = await measureConvergence(stack, run, password);
            // On the same pair, once B has caught up.
            replication = await measureReplication({
                a: `${hosts[0].address}:${DEFAULT_PORTS.dnRpc}`, b: `${hosts[1].address}:${DEFAULT_PORTS.dnRpc}`, hostA: 1, hostB: 2,
                home: run.home, password, pipes: { ab: "AB", ba: "BA" }, log,
            }, replicationSettings(SHORT));
        }
        const verify = withVerify ? await measureVerify({ stack: STACK, ws, home: run.home, password, rows: rowsADevice(SHORT), log }) : undefined;

        t = Date.now();
        const down = await stack.destroy(quiet);
        const destroyMs = Date.now() - t;
        if (down.summary.result !== "succeeded") throw new Error(`destroy: ${down.summary.result}`);
        log(`run ${k + 1}: destroy ${sec(destroyMs)}s`);
        return { upMs, spans: timer.spans, previewMs, noopUpMs, noopLogins, noopChanges, destroyMs, convergence, replication, verify };
    } finally {
        try {
            if (stack) await stack.destroy(quiet).catch(() => undefined); // no-op when already destroyed
        } finally {
            cleanupHosts(run, STACK);
            ws?.cleanup();
        }
    }
}

async function measureConvergence(stack: Stack, run: Run, password: RootPassword): Promise<NonNullable<PulumiRun["convergence"]>> {
    const home = run.home;
    // No FLUSH: the product's flusher seals the memtables (every flushIntervalMs), as users' writes get.
    let t0 = Date.now();
    runSql(1, home, password, insertStatements(1, 100_000));
    const writeMs = Date.now() - t0;
    await waitFor("B counts 100000", 300, () => (countOn(2, home, password) === 100_000 ? true : undefined), 500);
    const convergeMs = Date.now() - t0;
    log(`convergence: write ${sec(writeMs)}s, B has 100000 after ${sec(convergeMs)}s`);

    let t = Date.now();
    // Held down on purpose first (the node's supervisor would start it again within seconds): the
    // catch-up measured is that of the up below, which starts B and lifts the hold.
    sshExec(2, `touch '${run.installDir}/supervisor/confignode.stopped' '${run.installDir}/supervisor/datanode.stopped'`);
    sshExec(2, "pkill -TERM -f 'org[.]apache[.]iotdb[.](confignode[.]service[.]ConfigNode|db[.]service[.]DataNode)' || true");
    await waitFor("B's IoTDB gone", 180, () => (iotdbPids(2).length === 0 ? true : undefined), 500);
    const stopMs = Date.now() - t;
    t = Date.now();
    runSql(1, home, password, insertStatements(100_001, 100_000));
    const write2Ms = Date.now() - t;
    t0 = Date.now();
    const up = await stack.up(quiet);
    const upMs = Date.now() - t0;
    if (up.summary.result !== "succeeded") throw new Error(`catch-up up: ${up.summary.result}`);
    await waitFor("B counts 200000", 300, () => (countOn(2, home, password) === 200_000 ? true : undefined), 500);
    const catchUpMs = Date.now() - t0;
    log(`catch-up: B stopped in ${sec(stopMs)}s, up ${sec(upMs)}s, B has 200000 after ${sec(catchUpMs)}s`);
    return { writeMs, convergeMs, stopMs, write2Ms, upMs, catchUpMs, upChanges: JSON.stringify(up.summary.resourceChanges ?? {}) };
}

function baselineRun(k: number) {
    const run = newRun("base");
    noteRunStack(run, BASELINE_OWNER_STACK);
    try {
        const r = runBaseline(run, stackConfig(run));
        log(`run ${k + 1}: baseline ${sec(r.totalMs)}s (A start→Running ${sec(r.startAMs)}s)`);
        return r;
    } finally {
        try { teardownBaseline(run); } finally { cleanupHosts(run, BASELINE_OWNER_STACK); }
    }
}

function log(msg: string) { process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); }

function machine() {
    const cpu = (os.cpus()[0]?.model ?? "?").trim();
    const nproc = execFileSync("nproc").toString().trim();
    const mem = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
    const pulumi = execFileSync(path.join(toolchainBin(), "pulumi"), ["version"]).toString().trim();
    const sdk = require("@pulumi/pulumi/package.json").version;
    return { cpu, nproc, mem, kernel: os.release(), node: process.version, pulumi, sdk, iotdb: SUPPORTED_IOTDB_VERSIONS.join(", ") };
}

async function main() {
    const began = Date.now();
    ensureTestHosts(2);
    sweepLeftoverRuns([1, 2]);
    for (const i of [1, 2]) requireNoIotdbRunning(i);
    const m = machine();
    if (ONLY_VERIFY) {
        const r = await pulumiRun(0, false, true);
        for (const row of verifyRows(r.verify!)) console.log(`| ${row.join(" | ")} |`);
        return;
    }
    const convergenceOnce = true;
    const ours: PulumiRun[] = [];
    const base: ReturnType<typeof runBaseline>[] = [];
    for (let k = 0; k < RUNS; k++) {
        // Alternate so that drift of the machine hits both sides of the comparison alike.
        base.push(baselineRun(k));
        ours.push(await pulumiRun(k, convergenceOnce ? k === 0 : true));
    }
    for (const i of [1, 2]) {
        const left = iotdbPids(i);
        if (left.length) throw new Error(`IoTDB still runs on host ${i} after the bench: ${left.join(", ")}`);
    }

    const rows: [string, string, string][] = [];
    const row = (what: string, xs: number[], note = "") => rows.push([what, `${sec(median(xs))} s`, `${xs.map(sec).join(" / ")}${note ? `; ${note}` : ""}`]);
    const upMed = median(ours.map((r) => r.upMs));
    const baseMed = median(base.map((r) => r.totalMs));
    row("cold `pulumi up` of the pair (ours)", ours.map((r) => r.upMs));
    row("baseline: manual steps in sequence over SSH", base.map((r) => r.totalMs), "as the product: flusher a side, pipes of the owned paths");
    rows.push(["ratio ours / baseline (medians)", (upMed / baseMed).toFixed(2), ours.map((r, k) => (r.upMs / base[k].totalMs).toFixed(2)).join(" / ")]);
    row("floor: IoTDB start → Running, host A (baseline step)", base.map((r) => r.startAMs));
    row("no-op `preview`", ours.map((r) => r.previewMs), `SSH logins during preview+up: ${ours.map((r) => r.noopLogins).join(" / ")}`);
    row("no-op `up`", ours.map((r) => r.noopUpMs));
    row("`destroy`", ours.map((r) => r.destroyMs));
    const c = ours[0].convergence!;
    rows.push(["convergence: 100k rows written on A (no flush) → B counts 100000", `${sec(c.convergeMs)} s`, `single run; of which the write ${sec(c.writeMs)} s`]);
    rows.push(["catch-up: B stopped, +100k on A, `up` → B counts 200000", `${sec(c.catchUpMs)} s`, `single run; of which the up ${sec(c.upMs)} s (${c.upChanges}); B stop ${sec(c.stopMs)} s, write ${sec(c.write2Ms)} s not counted`]);

    rows.push(...verifyRows(ours[0].verify!));

    // Per-resource wall time (custom resources; components and the stack span their children).
    const perUrn = new Map<string, { type: string; ms: number[] }>();
    for (const r of ours) for (const [urn, s] of r.spans) {
        if (s.type.startsWith("iotdb:index:") || s.type === "pulumi:pulumi:Stack" || s.type.startsWith("pulumi:providers:")) continue;
        const e = perUrn.get(urn) ?? { type: s.type, ms: [] };
        e.ms.push(s.ms);
        perUrn.set(urn, e);
    }
    const top = [...perUrn.entries()].map(([urn, e]) => ({ name: urn.split("::").pop()!, type: e.type.split(":").pop()!, ms: median(e.ms), all: e.ms }))
        .sort((a, b) => b.ms - a.ms).slice(0, 8);
    for (const t of top) rows.push([`  cold up, resource ${t.name} (${t.type})`, `${sec(t.ms)} s`, t.all.map(sec).join(" / ")]);

    const header: [string, string, string] = ["measure", `median (N=${RUNS})`, "runs / notes"];
    const w = [0, 1, 2].map((j) => Math.max(header[j].length, ...rows.map((r) => r[j].length)));
    const line = (r: string[]) => `| ${r.map((x, j) => x.padEnd(w[j])).join(" | ")} |`;
    const table = [line(header), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...rows.map(line)].join("\n");
    console.log(table);
    const replication = ours[0].replication!;
    const replicationSection = replicationMarkdown(replication);
    console.log(replicationSection.slice(replicationSection.indexOf("\n| ") + 1));
    if (SHORT) {
        log(`short mode: BENCHMARKS.md left as it is; total ${((Date.now() - began) / 60000).toFixed(1)} min`);
        return;
    }

    const baseSteps = base[0].steps.map((s) => `${s.name} ${sec(s.ms)} s`).join("; ");
    const totalMin = ((Date.now() - began) / 60000).toFixed(1);
    const md = `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}; the whole bench took ${totalMin} min.

## Machine

- CPU: ${m.cpu}, \`nproc\` = ${m.nproc}; memory ${m.mem}; kernel ${m.kernel}; Node ${m.node}
- IoTDB ${m.iotdb} (the distribution tarball built by \`npm run setup\`); Pulumi CLI ${m.pulumi}, SDK ${m.sdk}
- The two "hosts" are the local test hosts (network + PID + mount namespaces, \`scripts/hosts.sh\`) on this one
  machine: iotdb-1 = 10.213.7.11 (side A), iotdb-2 = 10.213.7.12 (side B). They share its CPUs and disk, so
  anything done in parallel on "both hosts" competes for the same ${m.nproc} CPUs.

## Method

- Figures are medians of N = ${RUNS} runs (env \`BENCH_RUNS\`, default 3); every run's value is listed.
${RUNS === 1 ? "- **This file was produced with BENCH_RUNS=1**: single measurements, not medians.\n" : ""}- **Ours**: a cold \`pulumi up\` (Automation API, the pinned CLI, file backend, throwaway work dir) of the
  project's own program with the integration tests' stack file (\`stackConfig\`: memory 512M/1G, start timeout
  300 s), into fresh install/data dirs per run (\`newRun\`); timed from the call to its return. Then a no-op
  \`preview\` and a no-op \`up\`, counting SSH logins accepted by both hosts' sshd meanwhile; then \`destroy\`;
  then whatever is left is removed (\`cleanupHosts\`).
- **Baseline**: the source document's manual procedure, step by step with nothing in parallel: host A fully
  (hosts entries, copy the tarball with \`scp\`, install, configure, start and wait for Running, credentials,
  the flusher), then host B the same, then pipe AB on A and pipe BA on B, each waited for RUNNING. It does what
  the product does: the same properties (\`replicationProperties()\`), a flusher beside each DataNode
  (\`startFlusherScript\`, one step a side), pipes carrying the sender's owned paths (\`pipeAttributes\`).
  Each step runs the project's own rendered script (lib/render/: hostScripts.ts, hostsFile.ts, sqlScripts.ts) as one
  \`ssh host bash -c <script>\` with secrets on stdin, with the same tarball and settings (parsed from the same
  stack file by \`parsePairConfig\`). No Pulumi. Baseline and ours alternate within each run. Baseline steps
  (run 1): ${baseSteps}.
- **Floor**: the baseline's "start + wait Running" step on host A: IoTDB's own ConfigNode + DataNode start until
  \`show cluster\` reports every node Running (polled every 2 s by the start script, one SSH session).
- **Where the time goes**: per resource, the time between receiving its \`resourcePreEvent\` and its
  \`resOutputsEvent\`/\`resOpFailedEvent\` during the cold up (receipt time in the bench process: the engine's own
  event timestamps have 1 s resolution). Component resources and the stack are left out (they span their children).
- **Convergence** (${convergenceOnce ? "measured once per bench, in run 1, not N times" : "every run"}): 100,000 rows into
  \`${CONVERGENCE_DEVICE}\` (a path side A owns, so pipe AB carries it; 100 statements of 1,000 rows each, all in
  one \`iotdb-sql\` session on A, no \`flush\`: the product's flusher seals memtables every
  ${sec(flushIntervalMs(DEFAULT_MAX_LAG_SECONDS))} s) from the start of that session until
  \`select count(s) from ${CONVERGENCE_DEVICE}\` on B (polled every 0.5 s, each poll an SSH + iotdb-sql session, ~1 s)
  reports 100000. **Catch-up**: B's IoTDB java processes get SIGTERM and are waited gone, another 100,000 rows
  are written on A, then \`pulumi up\` (which starts a node found down); timed from the start of that up until B
  counts 200000. Earlier versions of this file flushed after writing (the figures are not comparable).
- **Verify** (once per bench, in run 1 after the replication part; \`bench/verify.ts\`, alone with \`npm run bench:verify\`):
  each side writes ${pointsASide(rowsADevice(false)) / 2} points under its own paths (10 devices, no flush); once both sides hold
  ${pointsASide(rowsADevice(false))}, \`npm run verify -- bench --paths\` (those devices) runs as an operator runs it (its own process, SSH to both sides,
  aggregations computed by IoTDB), timed from its start to its exit 0; then, both pipes stopped, one row deleted on
  B only, timed again to its exit 1 (the narrowing down to that row included).
- Run 1's \`destroy\` follows the replication part's load (*Replication* below); the other runs' do not.
- Every wait is bounded (start 300 s, pipes 120 s, convergence polls 300 s, ssh 120–600 s).

## Results

${table}

${replicationSection}`;
    fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), md);
    log(`wrote BENCHMARKS.md; total ${totalMin} min`);
}

main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
