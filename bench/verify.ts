// The bench's verify part, on a deployed pair (bench/run.ts calls it in run 1; `npm run bench:verify` runs
// it alone on a pair of its own): the time `npm run verify` takes over 1 million points a side. Each side
// writes half a million points under the paths it owns (10 devices, one DOUBLE series each, 50,000 rows a
// device, in statements of 1,000 rows, no FLUSH); once the pipes have carried both halves, each side holds
// 1,000,000 points (100,000 in the short mode), and verify (the operator's command, a process of its own)
// is timed from its start to its exit. It must exit 0: the sides agree. Then, both pipes stopped, one row
// is deleted on B only, and verify is timed again: it must exit 1 and narrow down to that row's timestamp.
import * as path from "path";
import { spawnSync } from "child_process";
import { runSql, RootPassword } from "../test/integration/iotdbClient";
import { waitFor } from "../test/integration/pairFixture";
import { REPO_ROOT, Workspace } from "../test/integration/pulumiHarness";
import { startPipeSql, stopPipeSql } from "../lib/render/sql";

const DEVICES_A_SIDE = 10;
/** Rows each device gets: 50,000 (1M points a side), 5,000 in the bench's short mode (its test stays short). */
export const rowsADevice = (short: boolean) => (short ? 5_000 : 50_000);
export const pointsASide = (rows: number) => 2 * DEVICES_A_SIDE * rows;
/** Rows an hour old, inside verify's default window. */
const T0 = Date.now() - 3_600_000;

/** Side A writes root.load_a_0.verify.d<j>, side B root.load_b_0.verify.d<j> (pairFixture OWNS_A / OWNS_B). */
const devicesOf = (i: 1 | 2) => Array.from({ length: DEVICES_A_SIDE }, (_, j) => `root.load_${i === 1 ? "a" : "b"}_0.verify.d${j}`);
/** What verify compares: these devices alone (the bench's other parts leave rows that are not the point here, some on one side only by design). */
const PATHS = "root.load_a_0.verify.**,root.load_b_0.verify.**";

function inserts(device: string, rows: number): string[] {
    const out: string[] = [];
    for (let k = 0; k < rows; k += 1000) {
        const values = Array.from({ length: 1000 }, (_, j) => `(${T0 + k + j}, ${k + j}.5)`);
        out.push(`insert into ${device}(timestamp, s) values ${values.join(",")}`);
    }
    return out;
}

export interface VerifyFigures {
    points: number;
    /** Wall time of `npm run verify` (process start to exit). */
    verifyMs: number;
    /** The figure verify printed itself (its comparison, without ts-node's start). */
    reportedSeconds: number;
    /** Wall time of `npm run verify` once a row is deleted on B only: the whole-range pass and the narrowing to that row. */
    differMs: number;
    writeMs: number;
    convergeMs: number;
}

const pointsOn = (i: 1 | 2, home: string, password: RootPassword) =>
    runSql(i, home, password, [...devicesOf(1), ...devicesOf(2)].map((d) => `select count(s) from ${d}`))
        .reduce((n, set) => n + Number(set.rows[0]?.[0] ?? 0), 0);

export async function measureVerify(o: { stack: string; ws: Workspace; home: string; password: RootPassword; rows: number; log: (m: string) => void }): Promise<VerifyFigures> {
    const points = pointsASide(o.rows);
    let t = Date.now();
    for (const i of [1, 2] as const) runSql(i, o.home, o.password, devicesOf(i).flatMap((d) => inserts(d, o.rows)));
    const writeMs = Date.now() - t;
    await waitFor(`both sides hold ${points} points`, 600,
        () => (pointsOn(1, o.home, o.password) === points && pointsOn(2, o.home, o.password) === points ? true : undefined), 2000);
    const convergeMs = Date.now() - t;
    o.log(`verify part: ${points / 2} points written on each side in ${(writeMs / 1000).toFixed(1)} s, ${points} on both sides after ${(convergeMs / 1000).toFixed(1)} s`);
    const agree = runVerify(o, 0, / compared in ([\d.]+) s, the sides agree/);
    // One row deleted on B only, the pipes stopped first so that the deletion stays there: the narrowing's cost.
    const at = T0 + Math.floor(o.rows / 2) + 1;
    runSql(1, o.home, o.password, [stopPipeSql("AB")]);
    runSql(2, o.home, o.password, [stopPipeSql("BA"), `delete from ${devicesOf(1)[3]}.s where time = ${at}`]);
    try {
        const differ = runVerify(o, 1, new RegExp(` compared in ([\\d.]+) s, 1 differ\\n[^]*\\n {2}at ${at} `));
        return { points, verifyMs: agree.ms, reportedSeconds: agree.reported, differMs: differ.ms, writeMs, convergeMs };
    } finally {
        runSql(1, o.home, o.password, [startPipeSql("AB")]);
        runSql(2, o.home, o.password, [startPipeSql("BA")]);
    }
}

/** Runs `npm run verify -- STACK` as an operator does; checks its exit code and verdict (the pattern's group 1: its own seconds). */
function runVerify(o: { stack: string; ws: Workspace; log: (m: string) => void }, code: number, verdict: RegExp): { ms: number; reported: number } {
    const t = Date.now();
    const r = spawnSync("npx", ["ts-node", "--transpile-only", path.join(REPO_ROOT, "scripts/verify.ts"), o.stack, "--paths", PATHS, "--cwd", o.ws.dir], {
        cwd: REPO_ROOT, env: { ...process.env, ...o.ws.envVars }, encoding: "utf8", timeout: 1_800_000,
    });
    const ms = Date.now() - t;
    const m = verdict.exec(r.stdout ?? "");
    if (r.status !== code || !m) throw new Error(`verify: exit ${r.status} (${code} expected), output not matching ${verdict}: ${(r.stdout ?? "") + (r.stderr ?? "")}`);
    o.log(`verify part: verify ${(ms / 1000).toFixed(1)} s (its own figure ${m[1]} s), exit ${code}: ${r.stdout.trim().split("\n").slice(0, 6).join(" | ")}`);
    return { ms, reported: Number(m[1]) };
}

/** The bench table's rows. */
export function verifyRows(f: VerifyFigures): [string, string, string][] {
    const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const what = `${f.points / 1e6}M points a side (${2 * DEVICES_A_SIDE} devices)`;
    return [
        [`\`npm run verify\`: ${what}, sides agree`, sec(f.verifyMs),
            `single run; verify's own figure ${f.reportedSeconds.toFixed(1)} s (without ts-node's start); write ${sec(f.writeMs)} and replication not counted`],
        [`\`npm run verify\`: ${what}, one row deleted on B only`, sec(f.differMs), "single run; exit 1, narrowed down to that row's timestamp"],
    ];
}
