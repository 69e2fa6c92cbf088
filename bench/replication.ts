// The bench's replication part, on a deployed pair (bench/run.ts calls it in run 1, after the
// convergence part): what the pipes cost under load, the way users write (no FLUSH; the product's
// flusher seals memtables every second). Three figures, each printed on its own stdout line:
//   a. `replication lag p99: <s> s`: both sides write at once, 8 databases × 5 devices a side, one row
//      per device every 200 ms (200 rows/s a side); the larger of the two directions' p99.
//   b. `highest rate within the bound: <rows/s> rows/s a side`: a sweep of rising rates, 2 databases a
//      side, stopping at the first step whose lag p99 exceeds DEFAULT_MAX_LAG_SECONDS or whose writers
//      fall behind.
//   c. `ingest ceiling (one side, no pipes): <rows/s> rows/s`: both pipes stopped, A written as fast
//      as one client can, then the pipes started again.
// The load is test/support/ReplicationLoad.java (test/integration/replicationLoad.ts).
import { startLoad, holdings, percentile, LoadOptions, LoadResult, DeviceRows } from "../test/integration/replicationLoad";
import { runSql, column, sidePasswords, RootPassword } from "../test/integration/iotdbClient";
import { DEFAULT_MAX_LAG_SECONDS, flushIntervalMs } from "../lib/plan/replication";
import { startPipeSql, stopPipeSql, SHOW_PIPES_SQL } from "../lib/render/sql";

export const BOUND_MS = DEFAULT_MAX_LAG_SECONDS * 1000;

/**
 * Path prefix of every load. With layout `owned`, side A writes root.load_a_<k> and B root.load_b_<k>:
 * what the bench's stack gives each side to own (pairFixture OWNS_A / OWNS_B: root.load_a_*.**,
 * root.load_b_*.**), so every step reuses these databases and keeps apart by device names instead of
 * by prefix (a prefix such as root.loadr1 would give root.loadr1_a_0, which neither side owns).
 */
const PREFIX = "root.load";
/** The ceiling writes a path no side owns (root.ceiling_a_0): nothing of it crosses once the pipes run again. */
const CEILING_PREFIX = "root.ceiling";

export interface ReplicationSettings {
    /** Seconds of the lag measurement (part a), after `warmSeconds` of the same load not measured. */
    lagSeconds: number;
    warmSeconds: number;
    /**
     * Rows a side writes per base device per tick, for each sweep step (rate a side =
     * SWEEP_DEVICES_A_SIDE × n × 1000 / tick). Above MAX_ROWS_PER_TICK (one row a millisecond, so times
     * stay distinct and wall-clock), a step has n / MAX_ROWS_PER_TICK times the devices instead.
     */
    sweepRowsPerTick: number[];
    sweepStepSeconds: number;
    ceilingSeconds: number;
}

/** The full bench: BENCH_REPLICATION_SECONDS (default 120) of lag, a sweep of 30 s steps, 20 s of ceiling. */
export function replicationSettings(short: boolean, env: NodeJS.ProcessEnv = process.env): ReplicationSettings {
    const seconds = Number(env.BENCH_REPLICATION_SECONDS);
    return short
        ? { lagSeconds: seconds > 0 ? seconds : 20, warmSeconds: 5, sweepRowsPerTick: [1, 4], sweepStepSeconds: 15, ceilingSeconds: 10 }
        : { lagSeconds: seconds > 0 ? seconds : 120, warmSeconds: 15, sweepRowsPerTick: [1, 2, 4, 8, 16, 32, 64, 128, 200, 400, 800, 1600], sweepStepSeconds: 30, ceilingSeconds: 20 };
}

// Part a: the shape the soak test and the README use.
const LAG_SHAPE = { databases: 8, devices: 10, tickMs: 200 } as const;
// Part b: few databases (each costs a DataNode memory; the pair is sized for replication.databases = 16),
// more devices. 2 databases × 25 devices a side = 50 devices a side; one tick every 200 ms.
const SWEEP_SHAPE = { databases: 2, devices: 50, tickMs: 200 } as const;
const SWEEP_DEVICES_A_SIDE = SWEEP_SHAPE.databases * (SWEEP_SHAPE.devices / 2);
/** Rows per device per tick at most: one a millisecond of the tick. */
const MAX_ROWS_PER_TICK = SWEEP_SHAPE.tickMs;
/** A step's devices per database and rows per device per tick, for n rows per base device per tick. */
const sweepStepShape = (n: number) => {
    const factor = Math.max(1, Math.ceil(n / MAX_ROWS_PER_TICK));
    return { devices: SWEEP_SHAPE.devices * factor, devicesASide: SWEEP_DEVICES_A_SIDE * factor, rowsPerTick: Math.round(n / factor) };
};
/** Lag samples (every 2 s) left out at the start of each sweep step: its devices' schema is created then. */
const SWEEP_WARM_SAMPLES = 2;
/**
 * A step's writers fell behind when they acknowledged less than ON_TIME_ROWS of their target rows.
 * They make up a late tick (`keepRate`: the next call carries the missed rows, as a client that buffers
 * does), so a slow call (a WAL fsync, `wal_mode=SYNC`, on a disk busy with flushes) costs no rows; only
 * a side that cannot take the rate falls behind. Late ticks are reported, not judged.
 */
const ON_TIME_ROWS = 0.95;
// Part c: one database, 50 devices, 1000 rows a device per insertTablets call, no pause between calls.
const CEILING_SHAPE = { databases: 1, devices: 100, rowsPerTick: 1000 } as const;

export interface DirectionLag { p50: number; p99: number; max: number; samples: number }
export interface SweepStep {
    rowsPerTick: number;
    /** Target rows/s a side. */
    rate: number;
    /** Rows/s each writer achieved (acknowledged rows over the step's seconds). */
    achieved: { A: number; B: number };
    lag: { AB: DirectionLag; BA: DirectionLag };
    refused: number;
    /** Why the step is over the bound, or undefined when it is within. */
    over?: string;
}
export interface ReplicationFigures {
    settings: ReplicationSettings;
    lag: { AB: DirectionLag; BA: DirectionLag; p99Seconds: number; rows: number; refused: number; convergedSeconds?: number };
    sweep: { steps: SweepStep[]; highest: number; stoppedBy: string };
    ceiling: { rate: number; rows: number; elapsedMs: number; refused: number };
}

export interface ReplicationTarget {
    /** Each side's DataNode as host:port, reached from this machine. */
    a: string;
    b: string;
    /** Test host index of each side's DataNode, for SQL over SSH. */
    hostA: number;
    hostB: number;
    /** The IoTDB home on the hosts and root's password (each side its own, by host). */
    home: string;
    password: RootPassword;
    pipes: { ab: string; ba: string };
    log: (msg: string) => void;
}

const seconds2 = (ms: number) => (ms / 1000).toFixed(2);

function directionLag(samples: number[]): DirectionLag {
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples.length ? Math.max(...samples) : NaN, samples: samples.length };
}

const rowsOf = (r: LoadResult, side: "a" | "b", prefix = PREFIX) =>
    [...r.written.entries()].filter(([d]) => d.startsWith(`${prefix}_${side}_`)).reduce((n, [, w]) => n + w.count, 0);

/** Runs a load and also collects its `stats` lines (writer elapsed ms, ticks, late ticks). */
async function load(o: LoadOptions): Promise<{ r: LoadResult; stats: Map<string, { elapsedMs: number; ticks: number; late: number }> }> {
    const run = startLoad(o);
    // `done` resolves on the child's exit, which may come before the last lines it printed (`written`,
    // `failed`, `stats`) are read; `close` comes after them, and the result object is filled in place.
    const closed = new Promise<void>((resolve) => run.child.on("close", () => resolve()));
    const stats = new Map<string, { elapsedMs: number; ticks: number; late: number }>();
    let buffer = "";
    run.child.stdout!.on("data", (d) => {
        buffer += d;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
            const f = buffer.slice(0, nl).split(" ");
            buffer = buffer.slice(nl + 1);
            if (f[0] === "stats") stats.set(f[1], { elapsedMs: Number(f[2]), ticks: Number(f[3]), late: Number(f[4]) });
        }
    });
    const r = await run.done;
    await closed;
    return { r, stats };
}

/** How what each side holds differs from `written` (one line a device and side; empty once both hold it). */
function differences(held: ReturnType<typeof holdings>, written: Map<string, DeviceRows>): string[] {
    const diff: string[] = [];
    for (const [device, w] of written) {
        for (const side of ["A", "B"] as const) {
            const h = held[side].get(device);
            if (!h || h.count !== w.count || h.sum !== w.sum || h.maxTime !== w.maxTime) diff.push(`${side} ${device}: ${JSON.stringify(h)} != ${JSON.stringify(w)}`);
        }
    }
    return diff;
}

function merge(...results: LoadResult[]): Map<string, DeviceRows> {
    const out = new Map<string, DeviceRows>();
    for (const r of results) {
        for (const [d, w] of r.written) {
            const m = out.get(d) ?? { count: 0, sum: 0, maxTime: -1 };
            out.set(d, { count: m.count + w.count, sum: m.sum + w.sum, maxTime: Math.max(m.maxTime, w.maxTime) });
        }
    }
    return out;
}

/** Seconds until both sides hold `written`, or undefined when they do not within `seconds`. */
async function converge(t: ReplicationTarget, devicePrefix: string | undefined, written: Map<string, DeviceRows>, seconds: number): Promise<number | undefined> {
    const t0 = Date.now();
    let diff: string[] = ["not read yet"];
    while (Date.now() - t0 < seconds * 1000) {
        try {
            diff = differences(holdings({ a: t.a, b: t.b, password: sidePasswords(t.password, t.hostA, t.hostB), prefix: PREFIX, devicePrefix }), written);
            if (diff.length === 0) return (Date.now() - t0) / 1000;
        } catch (e) {
            diff = [String(e)];
        }
        await new Promise((r) => setTimeout(r, 1000));
    }
    t.log(`not converged within ${seconds} s: ${diff.length} device-sides differ, e.g. ${diff.slice(0, 2).join("; ")}`);
    return undefined;
}

/** a. Lag p99 at 200 rows/s a side, both sides writing. */
async function lagPart(t: ReplicationTarget, s: ReplicationSettings): Promise<ReplicationFigures["lag"]> {
    const o: LoadOptions = { a: t.a, b: t.b, password: sidePasswords(t.password, t.hostA, t.hostB), ...LAG_SHAPE, seconds: s.warmSeconds, layout: "owned", prefix: PREFIX };
    // The first rows create the 16 databases and their regions on both sides: not measured. Same prefix,
    // so the measured load writes into databases that exist (and that the pair was sized for).
    t.log(`replication lag: ${s.warmSeconds} s warm-up (creates ${LAG_SHAPE.databases} databases a side)`);
    const warm = (await load(o)).r;
    t.log(`replication lag: ${s.lagSeconds} s at ${rateOf(LAG_SHAPE.devices / 2 * LAG_SHAPE.databases, 1, LAG_SHAPE.tickMs)} rows/s a side`);
    const { r } = await load({ ...o, seconds: s.lagSeconds });
    if (r.lag.AB.length === 0 || r.lag.BA.length === 0) throw new Error(`replication lag: no lag sample (AB ${r.lag.AB.length}, BA ${r.lag.BA.length}; unreadable ${JSON.stringify(r.unreadable)})`);
    const AB = directionLag(r.lag.AB);
    const BA = directionLag(r.lag.BA);
    const rows = rowsOf(r, "a") + rowsOf(r, "b");
    const refused = r.failed.A + r.failed.B + warm.failed.A + warm.failed.B;
    const convergedSeconds = await converge(t, undefined, merge(warm, r), 120);
    return { AB, BA, p99Seconds: Math.max(AB.p99, BA.p99) / 1000, rows, refused, convergedSeconds };
}

const behind = (st: { ticks: number; late: number } | undefined, rows: number, target: number) =>
    !st || rows < ON_TIME_ROWS * target;

const rateOf = (devicesASide: number, rowsPerTick: number, tickMs: number) => Math.round((devicesASide * rowsPerTick * 1000) / tickMs);

/** b. The sweep: rising rates until the lag p99 exceeds the bound or the writers fall behind. */
async function sweepPart(t: ReplicationTarget, s: ReplicationSettings): Promise<ReplicationFigures["sweep"]> {
    const steps: SweepStep[] = [];
    let stoppedBy = `every step within the bound (the sweep's highest rate; the bound was not reached)`;
    for (const [k, n] of s.sweepRowsPerTick.entries()) {
        const shape = sweepStepShape(n);
        const rate = rateOf(shape.devicesASide, shape.rowsPerTick, SWEEP_SHAPE.tickMs);
        const devicePrefix = `r${k + 1}`;
        t.log(`sweep step ${k + 1}: ${rate} rows/s a side (${shape.devicesASide} devices × ${shape.rowsPerTick} rows every ${SWEEP_SHAPE.tickMs} ms), ${s.sweepStepSeconds} s`);
        const o: LoadOptions = {
            a: t.a, b: t.b, password: sidePasswords(t.password, t.hostA, t.hostB), ...SWEEP_SHAPE, devices: shape.devices, seconds: s.sweepStepSeconds, layout: "owned", prefix: PREFIX,
            devicePrefix, rowsPerTick: shape.rowsPerTick, insert: "tablets", stats: true, keepRate: true,
        };
        const { r, stats } = await load(o);
        const measured = { AB: r.lag.AB.slice(SWEEP_WARM_SAMPLES), BA: r.lag.BA.slice(SWEEP_WARM_SAMPLES) };
        const lag = { AB: directionLag(measured.AB), BA: directionLag(measured.BA) };
        const target = shape.devicesASide * shape.rowsPerTick * Math.ceil((s.sweepStepSeconds * 1000) / SWEEP_SHAPE.tickMs);
        const got = { A: rowsOf(r, "a"), B: rowsOf(r, "b") };
        const achieved = { A: Math.round(got.A / s.sweepStepSeconds), B: Math.round(got.B / s.sweepStepSeconds) };
        const refused = r.failed.A + r.failed.B;
        const p99 = Math.max(lag.AB.p99, lag.BA.p99);
        let over: string | undefined;
        if (measured.AB.length === 0 || measured.BA.length === 0) over = "no lag sample after the step's warm-up";
        else if (refused > 0) over = `${refused} writes refused`;
        else if (behind(stats.get("A"), got.A, target) || behind(stats.get("B"), got.B, target)) {
            const late = (x?: { ticks: number; late: number }) => (x ? `${x.late}/${x.ticks} ticks late` : "no stats");
            over = `writers fell behind (A ${got.A}, ${late(stats.get("A"))}; B ${got.B}, ${late(stats.get("B"))}; of ${target} rows a side)`;
        }
        else if (p99 > BOUND_MS) over = `lag p99 ${seconds2(p99)} s over the ${DEFAULT_MAX_LAG_SECONDS} s bound`;
        else {
            const took = await converge(t, devicePrefix, r.written, 60);
            if (took === undefined) over = "both sides did not hold the step's rows within 60 s after its writers stopped";
        }
        const step: SweepStep = { rowsPerTick: n, rate, achieved, lag, refused, over };
        steps.push(step);
        console.log(`sweep step ${k + 1}: ${rate} rows/s a side, achieved A ${achieved.A} B ${achieved.B}, lag p99 AB ${seconds2(lag.AB.p99)} s BA ${seconds2(lag.BA.p99)} s: ${over ?? "within the bound"}`);
        if (over) {
            stoppedBy = `step ${k + 1} (${rate} rows/s a side): ${over}`;
            // Let the backlog drain before the ceiling (its pipes are stopped then); not a figure.
            await converge(t, devicePrefix, r.written, 120);
            break;
        }
    }
    const within = steps.filter((x) => !x.over);
    return { steps, highest: within.length ? within[within.length - 1].rate : 0, stoppedBy };
}

/** c. One side's ingest with both pipes stopped; the pipes are started again whatever happens. */
async function ceilingPart(t: ReplicationTarget, s: ReplicationSettings): Promise<ReplicationFigures["ceiling"]> {
    runSql(t.hostA, t.home, t.password, [stopPipeSql(t.pipes.ab)]);
    try {
        runSql(t.hostB, t.home, t.password, [stopPipeSql(t.pipes.ba)]);
        const o: LoadOptions = {
            a: t.a, b: t.b, password: sidePasswords(t.password, t.hostA, t.hostB), databases: CEILING_SHAPE.databases, devices: CEILING_SHAPE.devices, tickMs: 0,
            seconds: 3, layout: "owned", prefix: CEILING_PREFIX, devicePrefix: "cw", only: "a", insert: "tablets",
            rowsPerTick: CEILING_SHAPE.rowsPerTick, sampleMs: 0, stats: true,
        };
        // Creates the database and its region first: not measured.
        await load(o);
        t.log(`ingest ceiling: pipes stopped, A written as fast as one client can for ${s.ceilingSeconds} s`);
        const { r, stats } = await load({ ...o, devicePrefix: "c", seconds: s.ceilingSeconds });
        const st = stats.get("A");
        if (!st || st.elapsedMs <= 0) throw new Error("ingest ceiling: the writer acknowledged nothing");
        const rows = rowsOf(r, "a", CEILING_PREFIX);
        return { rate: Math.round(rows / (st.elapsedMs / 1000)), rows, elapsedMs: st.elapsedMs, refused: r.failed.A };
    } finally {
        for (const [i, name] of [[t.hostA, t.pipes.ab], [t.hostB, t.pipes.ba]] as const) {
            try {
                runSql(i, t.home, t.password, [startPipeSql(name)]);
                const [pipes] = runSql(i, t.home, t.password, [SHOW_PIPES_SQL]);
                t.log(`pipe ${name} started again: ${column(pipes, "State")[column(pipes, "ID").indexOf(name)]}`);
            } catch (e) {
                t.log(`cannot start pipe ${name} again on host ${i}: ${e}`);
            }
        }
    }
}

/** The three parts in order; prints their lines on stdout as each figure is known. */
export async function measureReplication(t: ReplicationTarget, s: ReplicationSettings): Promise<ReplicationFigures> {
    const lag = await lagPart(t, s);
    console.log(`replication lag AB: p50 ${seconds2(lag.AB.p50)} s, p99 ${seconds2(lag.AB.p99)} s, max ${seconds2(lag.AB.max)} s (${lag.AB.samples} samples)`);
    console.log(`replication lag BA: p50 ${seconds2(lag.BA.p50)} s, p99 ${seconds2(lag.BA.p99)} s, max ${seconds2(lag.BA.max)} s (${lag.BA.samples} samples)`);
    console.log(`replication lag p99: ${lag.p99Seconds.toFixed(2)} s`);
    const sweep = await sweepPart(t, s);
    console.log(`highest rate within the bound: ${sweep.highest} rows/s a side`);
    const ceiling = await ceilingPart(t, s);
    console.log(`ingest ceiling (one side, no pipes): ${ceiling.rate} rows/s`);
    return { settings: s, lag, sweep, ceiling };
}

/** The BENCHMARKS.md section of the figures. */
export function replicationMarkdown(f: ReplicationFigures): string {
    const s = f.settings;
    const step = (x: SweepStep) => `${x.rate} ${x.over ? `✗ (${x.over})` : `✓ (p99 ${seconds2(Math.max(x.lag.AB.p99, x.lag.BA.p99))} s)`}`;
    const dir = (d: DirectionLag) => `p50 ${seconds2(d.p50)} s, p99 ${seconds2(d.p99)} s, max ${seconds2(d.max)} s`;
    const rows: [string, string, string][] = [
        ["replication lag p99 (the larger direction)", `${f.lag.p99Seconds.toFixed(2)} s`,
            `AB ${dir(f.lag.AB)} (${f.lag.AB.samples} samples); BA ${dir(f.lag.BA)} (${f.lag.BA.samples} samples); ${f.lag.rows} rows acknowledged, ${f.lag.refused} refused; ` +
            (f.lag.convergedSeconds === undefined ? "both sides did **not** hold every row within 120 s after the writers stopped" : `both sides held every row ${f.lag.convergedSeconds.toFixed(1)} s after the writers stopped`)],
        [`highest rate within the ${DEFAULT_MAX_LAG_SECONDS} s bound`, `${f.sweep.highest} rows/s a side`, `steps (rows/s a side): ${f.sweep.steps.map(step).join("; ")}`],
        ["ingest ceiling (one side, no pipes)", `${f.ceiling.rate} rows/s`, `${f.ceiling.rows} rows in ${seconds2(f.ceiling.elapsedMs)} s, ${f.ceiling.refused} refused`],
    ];
    const header: [string, string, string] = ["measure", "value", "notes"];
    const w = [0, 1, 2].map((j) => Math.max(header[j].length, ...rows.map((r) => r[j].length)));
    const line = (r: string[]) => `| ${r.map((x, j) => x.padEnd(w[j])).join(" | ")} |`;
    const table = [line(header), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...rows.map(line)].join("\n");
    return `## Replication

Measured once per bench, on run 1's pair after its convergence part (so run 1's \`destroy\` follows this load),
by \`bench/replication.ts\` with the load of \`test/support/ReplicationLoad.java\` running on this machine
(sessions to both DataNodes, no \`FLUSH\`: the product's flusher seals memtables every ${seconds2(flushIntervalMs(DEFAULT_MAX_LAG_SECONDS))} s).
The lag of a direction is sampled every 2 s: over the writer's devices, the largest newest-written time minus
newest time readable on the other side (\`select last\`); percentiles by nearest rank.

- **Lag**: both sides write at once, ${LAG_SHAPE.databases} databases × ${LAG_SHAPE.devices / 2} devices a side (A root.load_a_<k>.d_<j>, B
  root.load_b_<k>.d_<j>, the paths each side owns), one row per device every ${LAG_SHAPE.tickMs} ms (insertRecords), i.e.
  ${rateOf(LAG_SHAPE.databases * LAG_SHAPE.devices / 2, 1, LAG_SHAPE.tickMs)} rows/s a side, for ${s.lagSeconds} s after a ${s.warmSeconds} s warm-up of the same load (it creates the
  databases; not measured).
- **Sweep**: steps of ${s.sweepStepSeconds} s at rising rates, ${SWEEP_SHAPE.databases} of those databases a side, ${SWEEP_DEVICES_A_SIDE} devices a side (new device
  names each step), each device N rows every ${SWEEP_SHAPE.tickMs} ms at distinct times (one insertTablets call a tick), N =
  ${s.sweepRowsPerTick.join(", ")}; above ${MAX_ROWS_PER_TICK} (a row a millisecond), N / ${MAX_ROWS_PER_TICK} times the devices at ${MAX_ROWS_PER_TICK} rows each. The first ${SWEEP_WARM_SAMPLES} samples of a step (its schema is created then) are left out. A step is
  within the bound when both directions' lag p99 is at most ${DEFAULT_MAX_LAG_SECONDS} s (\`DEFAULT_MAX_LAG_SECONDS\`), no write was
  refused, no writer fell behind (under ${ON_TIME_ROWS * 100}% of its target rows; a late tick's rows go with the next call, as a buffering client sends them), and both sides then hold every row
  within 60 s; the sweep stops at the first step that is not. Stopped by: ${f.sweep.stoppedBy}.
- **Ceiling**: \`STOP PIPE\` on both sides, then one client writes A only, one insertTablets call after the
  other (${CEILING_SHAPE.devices / 2} devices × ${CEILING_SHAPE.rowsPerTick} rows, a path neither side owns) for ${s.ceilingSeconds} s after a 3 s warm-up; acknowledged rows
  over the writer's time to its last acknowledgement. Then \`START PIPE\` on both. One client thread, on the same
  machine as both IoTDBs (see *Machine*): a ceiling of that client as much as of IoTDB.

${table}
`;
}
