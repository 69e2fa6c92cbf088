// The bench's verify part, on a deployed pair (bench/run.ts calls it in run 1; `npm run bench:verify` runs
// it alone on a pair of its own): the time `npm run verify` takes over 1 million points a side. Each side
// writes half a million points under the paths it owns (10 devices, one DOUBLE series each, 50,000 rows a
// device, in statements of 1,000 rows, no FLUSH); once the pipes have carried both halves, each side holds
// 1,000,000 points (100,000 in the short mode), and verify (the operator's command, a process of its own)
// is timed from its start to its exit. It must exit 0: the sides agree.
import * as path from "path";
import { spawnSync } from "child_process";
import { runSql, RootPassword } from "../test/integration/iotdbClient";
import { waitFor } from "../test/integration/pairFixture";
import { REPO_ROOT, Workspace } from "../test/integration/pulumiHarness";

const DEVICES_A_SIDE = 10;
/** Rows each device gets: 50,000 (1M points a side), 5,000 in the bench's short mode (its test stays short). */
export const rowsADevice = (short: boolean) => (short ? 5_000 : 50_000);
export const pointsASide = (rows: number) => 2 * DEVICES_A_SIDE * rows;
/** Rows an hour old, inside verify's default window. */
const T0 = Date.now() - 3_600_000;

/** Side A writes root.load_a_0.verify_<j>, side B root.load_b_0.verify_<j> (pairFixture OWNS_A / OWNS_B). */
const devicesOf = (i: 1 | 2) => Array.from({ length: DEVICES_A_SIDE }, (_, j) => `root.load_${i === 1 ? "a" : "b"}_0.verify_${j}`);

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
    o.log(`verify part: ${points} points a side written in ${(writeMs / 1000).toFixed(1)} s, on both sides after ${(convergeMs / 1000).toFixed(1)} s`);
    t = Date.now();
    const r = spawnSync("npx", ["ts-node", "--transpile-only", path.join(REPO_ROOT, "scripts/verify.ts"), o.stack, "--cwd", o.ws.dir], {
        cwd: REPO_ROOT, env: { ...process.env, ...o.ws.envVars }, encoding: "utf8", timeout: 1_800_000,
    });
    const verifyMs = Date.now() - t;
    if (r.status !== 0) throw new Error(`verify exit ${r.status}: ${(r.stdout ?? "") + (r.stderr ?? "")}`);
    const m = / compared in ([\d.]+) s, the sides agree/.exec(r.stdout);
    if (!m) throw new Error(`verify printed no verdict: ${r.stdout}`);
    o.log(`verify part: verify ${(verifyMs / 1000).toFixed(1)} s (its own figure ${m[1]} s): ${r.stdout.trim()}`);
    return { points, verifyMs, reportedSeconds: Number(m[1]), writeMs, convergeMs };
}

/** The bench table's row. */
export function verifyRow(f: VerifyFigures): [string, string, string] {
    return [`\`npm run verify\`: ${f.points / 1e6}M points a side (${2 * DEVICES_A_SIDE} devices), sides agree`, `${(f.verifyMs / 1000).toFixed(1)} s`,
        `single run; verify's own figure ${f.reportedSeconds.toFixed(1)} s (without ts-node's start); write ${(f.writeMs / 1000).toFixed(1)} s and replication not counted`];
}
