// `npm run verify -- STACK [--paths root.**] [--from T] [--to T] [--json]`: compares the two sides' data
// (issue 13). Per device and time range each side's IoTDB computes count, min/max time, sum and first/last
// value (lib/verify/query.ts); the devices that differ are narrowed down by splitting their range
// (lib/verify/verify.ts, bounded by lib/verify/compare.ts DEFAULT_LIMITS). Reaches each side's SQL node the
// way `npm run status` does (SSH with the stack's key and known_hosts, root's password on stdin), prints no
// secret; progress on stderr. Exit 0 the sides agree, 1 a device differs, 2 a side cannot be reached
// (or the stack cannot be read, or a query fails).
import * as path from "path";
import type { PairConfig } from "../lib/model/config";
import { planPair } from "../lib/plan/pairPlan";
import { connectionTo } from "../lib/plan/connections";
import { iotdbHome } from "../lib/render/hostScripts";
import { verifyQueryScript } from "../lib/render/verifyScripts";
import { parseResultSets } from "../lib/status/resultSets";
import { runScript } from "../providers/ssh";
import { parseVerifyArgs, defaultTo } from "../lib/verify/args";
import { verifyPair, AskSide, SideKey } from "../lib/verify/verify";
import { DEFAULT_LIMITS, exitCodeOf } from "../lib/verify/compare";
import { verifyText, verifyJson } from "../lib/verify/report";
import { precisionOf, UNITS_PER_MS } from "../lib/verify/query";
import { stackConfig, adminPasswordOf } from "./lib/stackConfig";

const REPO_ROOT = path.resolve(__dirname, "..");
/** Milliseconds a statement may take on a side (a whole-range aggregation of a large device reads its files' statistics). */
const STATEMENT_TIMEOUT_MS = 300_000;
/** Devices per round trip of the whole-range pass (a progress line after each). */
const CHUNK = 200;

/** A side that cannot answer: exit 2. */
class SideError extends Error {}

function asker(c: PairConfig, secrets: Record<string, string>): AskSide {
    const plan = planPair(c);
    return async (side: SideKey, statements: string[]) => {
        const node = plan.sides[side === "A" ? "a" : "b"].sqlNode;
        const script = verifyQueryScript({ home: iotdbHome(c.installDir, c.iotdbVersion), rpcHost: node.hostname, rpcPort: c.ports.dnRpc, timeoutMs: STATEMENT_TIMEOUT_MS });
        let r;
        try {
            r = await runScript(connectionTo(c, node), script, [adminPasswordOf(side, secrets), ...statements].join("\n") + "\n");
        } catch (e) {
            throw new SideError(`side ${side} (${node.hostname}) cannot be reached: ${(e as Error).message}`);
        }
        if (r.code !== 0) {
            const why = r.code === 2 ? "IoTDB refused the connection or the login" : "a query failed";
            throw new SideError(`side ${side} (${node.hostname}): ${why} (exit ${r.code}): ${r.stderr.trim().split("\n").pop() ?? ""}`);
        }
        return parseResultSets(r.stdout);
    };
}

async function main(): Promise<number> {
    const now = Date.now();
    const args = parseVerifyArgs(process.argv.slice(2), now);
    const { pair, secrets } = stackConfig(args.stack, args.cwd ? path.resolve(args.cwd) : REPO_ROOT);
    const precision = precisionOf(pair.systemProperties);
    const toMs = args.to ?? defaultTo(now, pair.replication.maxLagSeconds);
    if (args.from !== null && args.from >= toMs) throw new Error(`--from (${args.from}) is not before the end of the window (${toMs})`);
    // The arguments are milliseconds; the pair's rows are in its own unit.
    const [from, to] = [args.from === null ? null : args.from * UNITS_PER_MS[precision], toMs * UNITS_PER_MS[precision]];
    const progress = (line: string) => process.stderr.write(`verify: ${line}\n`);
    if (args.to === null) progress(`comparing rows before ${new Date(toMs).toISOString()} (now less replication.maxLagSeconds ${pair.replication.maxLagSeconds} s and 5 s)`);
    const result = await verifyPair(asker(pair, secrets), { patterns: args.patterns, from, to, precision, limits: DEFAULT_LIMITS, chunk: CHUNK, progress });
    const info = { stack: args.stack, patterns: args.patterns, from, to, precision, seconds: (Date.now() - now) / 1000 };
    process.stdout.write(args.json ? verifyJson(info, result) + "\n" : verifyText(info, result));
    return exitCodeOf(result);
}

main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`verify: ${(e as Error).message}\n`);
    process.exit(2);
});
