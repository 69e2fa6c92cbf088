// `npm run verify -- STACK [--paths P[,P...]] [--from T] [--to T] [--json]`: its arguments, checked
// before any host is touched. Pure (the clock is passed in).
import { checkPattern } from "./query";

export const VERIFY_USAGE = "usage: npm run verify -- STACK [--paths root.**[,PATTERN...]] [--from T] [--to T] [--json] [--cwd PROJECT_DIR]\n" +
    "  T: milliseconds since the epoch (whatever the pair's timestamp_precision), an ISO date (2026-12-02T10:00:00Z), now, or now-N[s|m|h|d]";

export interface VerifyArgs {
    stack: string;
    patterns: string[];
    from: number | null;
    /** null: now less the lag bound (scripts/verify.ts). */
    to: number | null;
    json: boolean;
    cwd?: string;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time argument as epoch milliseconds. */
export function parseTime(flag: string, v: string, now: number): number {
    if (/^-?\d+$/.test(v)) return Number(v);
    const rel = /^now(?:-(\d+)([smhd]))?$/.exec(v);
    if (rel) return now - (rel[1] ? Number(rel[1]) * UNIT_MS[rel[2]] : 0);
    const t = Date.parse(v);
    if (/^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(t)) return t;
    throw new Error(`${flag}: ${JSON.stringify(v)} is not a time: give milliseconds since the epoch, an ISO date, now, or now-N[s|m|h|d]`);
}

export function parseVerifyArgs(argv: string[], now: number): VerifyArgs {
    const out: VerifyArgs = { stack: "", patterns: ["root.**"], from: null, to: null, json: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${a} needs a value\n${VERIFY_USAGE}`);
            return v;
        };
        if (a === "--json") out.json = true;
        else if (a === "--paths") out.patterns = value().split(",").map((p) => checkPattern(p.trim()));
        else if (a === "--from") out.from = parseTime(a, value(), now);
        else if (a === "--to") out.to = parseTime(a, value(), now);
        else if (a === "--cwd") out.cwd = value();
        else if (!a.startsWith("-") && !out.stack) out.stack = a;
        else throw new Error(`unexpected argument ${a}\n${VERIFY_USAGE}`);
    }
    if (!out.stack) throw new Error(VERIFY_USAGE);
    if (out.from !== null && out.to !== null && out.from >= out.to) throw new Error(`--from must be before --to (${out.from} >= ${out.to})`);
    return out;
}

/**
 * The default end of the compared window: now less the lag bound (replication.maxLagSeconds) and a
 * margin, so that rows still on their way to the other side are left out while writes go on.
 */
export function defaultTo(now: number, maxLagSeconds: number, marginSeconds = 5): number {
    return now - (maxLagSeconds + marginSeconds) * 1000;
}
