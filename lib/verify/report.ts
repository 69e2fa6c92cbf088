// How `npm run verify` prints its verdict: the devices that differ, each with what each side holds over
// the whole range and in the narrowest differing ranges found; or a JSON document. Pure; holds no secret
// (summaries are counts, times, sums and first/last values of the compared series).
import { DeviceSummary, Range, Precision, UNITS_PER_MS } from "./query";
import type { DeviceVerdict, VerifyResult } from "./compare";
import { exitCodeOf } from "./compare";

export const VERIFY_JSON_VERSION = 1;

export interface RunInfo { stack: string; patterns: string[]; from: number | null; to: number; seconds: number; precision: Precision }

/** A time in the pair's unit, with its date. */
function iso(t: number, p: Precision): string {
    const d = new Date(Math.floor(t / UNITS_PER_MS[p]));
    return Number.isNaN(d.getTime()) ? String(t) : `${t} (${d.toISOString()})`;
}
const rangeText = (r: Range, p: Precision) => (r.to - r.from === 1 ? `at ${iso(r.from, p)}` : `[${iso(r.from, p)}, ${iso(r.to, p)})`);

/** One side's holding of a device: points (rows over all series) and time span, then per series. */
export function sideText(s: DeviceSummary): string {
    const series = [...s.values()];
    const points = series.reduce((n, x) => n + x.count, 0);
    if (points === 0) return "nothing";
    const times = series.flatMap((x) => [x.minTime, x.maxTime]).filter((t): t is number => t !== null);
    const per = [...s.entries()].filter(([, x]) => x.count > 0).map(([m, x]) =>
        `${m}: ${x.count}${x.sum === null ? "" : ` sum=${x.sum}`} first=${x.first ?? "-"} last=${x.last ?? "-"}`);
    return `${points} points, ${Math.min(...times)}..${Math.max(...times)}; ${per.join("; ")}`;
}

function deviceLines(v: DeviceVerdict, p: Precision): string[] {
    const out = [`${v.device}${v.on === "both" ? "" : ` (${v.on})`}: differs in ${v.differing.join(", ")}`,
        `  A: ${sideText(v.a)}`, `  B: ${sideText(v.b)}`];
    for (const f of v.ranges) {
        out.push(`  ${rangeText(f.range, p)}: ${f.differing.join(", ")}`, `    A: ${sideText(f.a)}`, `    B: ${sideText(f.b)}`);
    }
    if (v.moreRanges > 0) out.push(`  (at least ${v.moreRanges} more differing ranges not shown)`);
    return out;
}

export function verifyText(info: RunInfo, r: VerifyResult): string {
    const window = `${info.from === null ? "the first row" : iso(info.from, info.precision)} to before ${iso(info.to, info.precision)}`;
    const out = [`verify ${info.stack}: ${info.patterns.join(", ")}, ${window}: ${r.devices} devices compared in ${info.seconds.toFixed(1)} s, ` +
        (r.differing.length === 0 ? "the sides agree" : `${r.differing.length} differ`)];
    for (const v of r.differing) out.push("", ...deviceLines(v, info.precision));
    if (r.notNarrowed > 0) out.push("", `${r.notNarrowed} differing devices past the narrowing limit are shown over the whole range only`);
    return out.join("\n") + "\n";
}

const summaryJson = (s: DeviceSummary) => Object.fromEntries(s);

export function verifyJson(info: RunInfo, r: VerifyResult): string {
    return JSON.stringify({
        version: VERIFY_JSON_VERSION, stack: info.stack, patterns: info.patterns, precision: info.precision, from: info.from, to: info.to,
        exitCode: exitCodeOf(r), devices: r.devices, notNarrowed: r.notNarrowed,
        differing: r.differing.map((v) => ({
            device: v.device, on: v.on, differing: v.differing, a: summaryJson(v.a), b: summaryJson(v.b), moreRanges: v.moreRanges,
            ranges: v.ranges.map((f) => ({ from: f.range.from, to: f.range.to, differing: f.differing, a: summaryJson(f.a), b: summaryJson(f.b) })),
        })),
    }, null, 2);
}
