// `npm run verify`'s procedure (issue 13), given a way to run statements on a side: read both schemas,
// compare every device's whole-range summary (in chunks, with progress), then narrow the differing
// devices down level by level within the limits. Every statement is an aggregation IoTDB computes on
// its side; what travels is one row per device, then one row per bucket. No I/O of its own.
import { ResultSet } from "../status/resultSets";
import { parseSchema, showTimeseriesSql, summarySql, summaryOf, bucketsSql, bucketSummaries, Range, Schema, SeriesSchema, DeviceSummary, Precision } from "./query";
import { NarrowLimits, unionDevices, unionSeries, typeMismatches, deviceDifferences, spanOf, judgeBuckets, Finding, DeviceVerdict, VerifyResult } from "./compare";

export type SideKey = "A" | "B";

/** Runs statements on a side's SQL node; one result set per statement, in order. Throws when the side cannot answer. */
export type AskSide = (side: SideKey, statements: string[]) => Promise<ResultSet[]>;

export interface VerifyOptions {
    /** Path patterns compared (checked by checkPattern). */
    patterns: string[];
    /** Rows at or after `from` (null: from the first) and before `to` are compared, in the pair's unit. */
    from: number | null;
    to: number;
    /** The pair's timestamp_precision (the unit of from, to and the buckets). */
    precision: Precision;
    limits: NarrowLimits;
    /** Devices per round trip of the whole-range pass. */
    chunk: number;
    /** Progress lines (stderr). */
    progress: (line: string) => void;
}

interface Work { device: string; series: SeriesSchema[]; seriesA?: SeriesSchema[]; seriesB?: SeriesSchema[]; }

/** Asks both sides at once the statements each has (a side without the device gets none) and pairs the answers. */
async function askBoth<T extends Work>(ask: AskSide, items: T[], sql: (series: SeriesSchema[], item: T) => string): Promise<[ResultSet | undefined, ResultSet | undefined][]> {
    const one = async (side: SideKey) => {
        const has = items.map((it) => (side === "A" ? it.seriesA : it.seriesB));
        const statements = items.flatMap((it, k) => (has[k] ? [sql(has[k]!, it)] : []));
        const sets = statements.length ? await ask(side, statements) : [];
        if (sets.length !== statements.length) throw new Error(`side ${side} answered ${sets.length} of ${statements.length} statements`);
        let k = 0;
        return has.map((h) => (h ? sets[k++] : undefined));
    };
    const [a, b] = await Promise.all([one("A"), one("B")]);
    return items.map((_, k) => [a[k], b[k]]);
}

const summaryFrom = (series: SeriesSchema[] | undefined, set: ResultSet | undefined): DeviceSummary =>
    series && set && set.rows[0] ? summaryOf(series, set.rows[0]) : new Map();

export async function verifyPair(ask: AskSide, o: VerifyOptions): Promise<VerifyResult> {
    const schemaStatements = o.patterns.map(showTimeseriesSql);
    const [schemaA, schemaB]: Schema[] = await Promise.all((["A", "B"] as const).map(async (s) => parseSchema(await ask(s, schemaStatements))));
    const devices = unionDevices(schemaA, schemaB);
    o.progress(`${devices.length} devices (A ${schemaA.size}, B ${schemaB.size}) under ${o.patterns.join(", ")}`);
    const work: Work[] = devices.map((device) => ({
        device, series: unionSeries(schemaA.get(device), schemaB.get(device)), seriesA: schemaA.get(device), seriesB: schemaB.get(device),
    }));

    const differing: DeviceVerdict[] = [];
    for (let i = 0; i < work.length; i += o.chunk) {
        const items = work.slice(i, i + o.chunk);
        const answers = await askBoth(ask, items, (series, it) => summarySql(it.device, series, o));
        items.forEach((it, k) => {
            const a = summaryFrom(it.seriesA, answers[k][0]);
            const b = summaryFrom(it.seriesB, answers[k][1]);
            const why = [...typeMismatches(it.seriesA, it.seriesB), ...deviceDifferences(it.series, a, b)];
            if (why.length === 0) return;
            const on = it.seriesA && it.seriesB ? "both" : it.seriesA ? "A only" : "B only";
            const span = spanOf(a, b);
            differing.push({ device: it.device, differing: why, a, b, on, ranges: span ? [{ range: span, a, b, differing: why }] : [], moreRanges: 0 });
        });
        o.progress(`compared ${Math.min(i + o.chunk, work.length)}/${work.length} devices, ${differing.length} differ`);
    }

    const narrowed = differing.slice(0, o.limits.devices);
    const workOf = new Map(work.map((w) => [w.device, w]));
    for (let level = 1; level <= o.limits.depth; level++) {
        const items = narrowed.flatMap((v) => v.ranges.filter((f) => f.range.to - f.range.from > 1).map((f) => ({ ...workOf.get(v.device)!, verdict: v, finding: f })));
        if (items.length === 0) break;
        o.progress(`narrowing, level ${level}/${o.limits.depth}: ${items.length} ranges of ${new Set(items.map((x) => x.device)).size} devices`);
        const answers = await askBoth(ask, items, (series, it) => bucketsSql(it.device, series, it.finding.range, o.limits.buckets, o.precision));
        const next = new Map<DeviceVerdict, Finding[]>(narrowed.map((v) => [v, v.ranges.filter((f) => f.range.to - f.range.from <= 1)]));
        items.forEach((it, k) => {
            const split = (series: SeriesSchema[] | undefined, set: ResultSet | undefined): [Range, DeviceSummary][] =>
                series && set ? bucketSummaries(series, set, it.finding.range, o.limits.buckets) : [];
            const findings = judgeBuckets(it.series, split(it.seriesA, answers[k][0]), split(it.seriesB, answers[k][1]));
            // A range whose buckets all agree (floating sums within tolerance apart) stays as it was found.
            next.get(it.verdict)!.push(...(findings.length ? findings : [it.finding]));
        });
        for (const [v, found] of next) {
            found.sort((x, y) => x.range.from - y.range.from);
            v.moreRanges += Math.max(0, found.length - o.limits.rangesPerDevice);
            v.ranges = found.slice(0, o.limits.rangesPerDevice);
        }
    }
    for (const v of differing.slice(o.limits.devices)) v.ranges = [];
    return { devices: devices.length, differing, notNarrowed: Math.max(0, differing.length - o.limits.devices) };
}
