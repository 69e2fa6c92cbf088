// `npm run verify`'s judgement (issue 13): whether two sides' summaries of a device agree, and which
// ranges to look into next. Pure: scripts/verify.ts asks the sides, this decides.
import { DeviceSummary, Range, SeriesSummary, isFloating, Schema, SeriesSchema } from "./query";

/** Bounds on the narrowing: the cost of a run stays within devices x ranges x buckets x depth statements. */
export interface NarrowLimits {
    /** Buckets a differing range is split into at each level. */
    buckets: number;
    /** Levels of splitting (a range ends at least (width / buckets^depth) wide, or one timestamp). */
    depth: number;
    /** Differing devices narrowed down (the others are reported with their whole-range summary). */
    devices: number;
    /** Differing buckets of a device followed at each level. */
    rangesPerDevice: number;
}

export const DEFAULT_LIMITS: NarrowLimits = { buckets: 16, depth: 4, devices: 20, rangesPerDevice: 4 };

/** Relative tolerance of floating sums: IoTDB adds in whatever order the memtable and files give. */
export const FLOAT_SUM_TOLERANCE = 1e-9;

function sumsAgree(a: number | null, b: number | null, floating: boolean): boolean {
    if (a === null || b === null) return a === b;
    if (!floating) return a === b;
    return Math.abs(a - b) <= FLOAT_SUM_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const EMPTY: SeriesSummary = { count: 0, minTime: null, maxTime: null, sum: null, first: null, last: null };

/** Why one series differs between the sides, or undefined when they agree. */
export function seriesDifference(a: SeriesSummary | undefined, b: SeriesSummary | undefined, dataType: string): string | undefined {
    const x = a ?? EMPTY;
    const y = b ?? EMPTY;
    if (x.count === 0 && y.count === 0) return undefined;
    if (x.count !== y.count) return "count";
    if (x.minTime !== y.minTime || x.maxTime !== y.maxTime) return "time span";
    if (!sumsAgree(x.sum, y.sum, isFloating(dataType))) return "sum";
    if (x.first !== y.first || x.last !== y.last) return "first/last value";
    return undefined;
}

/** The series of a device on either side, A's type first where both have it. */
export function unionSeries(a: SeriesSchema[] | undefined, b: SeriesSchema[] | undefined): SeriesSchema[] {
    const out = [...(a ?? [])];
    for (const s of b ?? []) if (!out.some((x) => x.measurement === s.measurement)) out.push(s);
    return out;
}

/** The devices of either side, sorted. */
export function unionDevices(a: Schema, b: Schema): string[] {
    return [...new Set([...a.keys(), ...b.keys()])].sort();
}

/** Series whose type differs between the sides (a difference even with equal rows). */
export function typeMismatches(a: SeriesSchema[] | undefined, b: SeriesSchema[] | undefined): string[] {
    return (a ?? []).flatMap((x) => {
        const y = (b ?? []).find((s) => s.measurement === x.measurement);
        return y && y.dataType !== x.dataType ? [`${x.measurement}: ${x.dataType} on A, ${y.dataType} on B`] : [];
    });
}

/** The differing series of a device ("s1 (count)"), empty when the sides agree. */
export function deviceDifferences(series: SeriesSchema[], a: DeviceSummary, b: DeviceSummary): string[] {
    return series.flatMap((s) => {
        const why = seriesDifference(a.get(s.measurement), b.get(s.measurement), s.dataType);
        return why ? [`${s.measurement} (${why})`] : [];
    });
}

/** The range a differing device is narrowed over: from its earliest to just past its latest row on either side. */
export function spanOf(a: DeviceSummary, b: DeviceSummary): Range | undefined {
    const times = [...a.values(), ...b.values()].flatMap((s) => [s.minTime, s.maxTime]).filter((t): t is number => t !== null);
    if (times.length === 0) return undefined;
    return { from: Math.min(...times), to: Math.max(...times) + 1 };
}

/** A bucket of a level, with what each side holds there. */
export interface Bucket { range: Range; a: DeviceSummary; b: DeviceSummary }

/** A differing range found by the narrowing, with each side's summary and the series that differ there. */
export interface Finding extends Bucket { differing: string[] }

/** One level of narrowing of a device: its buckets as both sides answered (matched by start), the differing ones in time order. */
export function judgeBuckets(series: SeriesSchema[], bucketsA: [Range, DeviceSummary][], bucketsB: [Range, DeviceSummary][]): Finding[] {
    const byStart = new Map<number, Bucket>();
    for (const [r, s] of bucketsA) byStart.set(r.from, { range: r, a: s, b: new Map() });
    for (const [r, s] of bucketsB) {
        const e = byStart.get(r.from);
        if (e) e.b = s; else byStart.set(r.from, { range: r, a: new Map(), b: s });
    }
    const findings: Finding[] = [];
    for (const k of [...byStart.keys()].sort((x, y) => x - y)) {
        const bucket = byStart.get(k)!;
        const differing = deviceDifferences(series, bucket.a, bucket.b);
        if (differing.length > 0) findings.push({ ...bucket, differing });
    }
    return findings;
}

/** What verify found of a device that differs. */
export interface DeviceVerdict {
    device: string;
    /** Series that differ over the whole range, with why; type mismatches too. */
    differing: string[];
    /** Whole-range summaries. */
    a: DeviceSummary;
    b: DeviceSummary;
    /** Where the device exists. */
    on: "both" | "A only" | "B only";
    /** The narrowest differing ranges found (empty when the device was not narrowed). */
    ranges: Finding[];
    /** Disjoint differing ranges left out of `ranges` by the limits (a lower bound on the places that differ). */
    moreRanges: number;
}

/** The verdict of a run. */
export interface VerifyResult {
    devices: number;
    differing: DeviceVerdict[];
    /** Differing devices past `limits.devices`, not narrowed. */
    notNarrowed: number;
}

export const exitCodeOf = (r: VerifyResult) => (r.differing.length > 0 ? 1 : 0);
