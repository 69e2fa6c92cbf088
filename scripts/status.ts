// `npm run status -- STACK [--json] [--watch [SECONDS]]`: the pair's health at a glance. For each side,
// each node's process and cluster status; for each pipe its state, backlog, exception and canary lag; the
// problems, each naming its node or pipe. Reaches the machines the way `up` does (SSH with the stack's
// key and known_hosts), prints no secret. Exit 0 healthy, 1 degraded, 2 a side cannot be reached.
import * as path from "path";
import type { PairConfig, NodeConfig } from "../lib/model/config";
import { planPair } from "../lib/plan/pairPlan";
import { connectionTo } from "../lib/plan/connections";
import { iotdbHome } from "../lib/render/hostScripts";
import { pipeNameVariants } from "../lib/render/sql";
import { statusProbeScript } from "../lib/render/statusScripts";
import { runScript } from "../providers/ssh";
import { judgeHealth, Expected, SideSeen, SideKey } from "../lib/status/health";
import { parseProbe, heartbeatsOf } from "../lib/status/probe";
import { canarySilentAfterMs } from "../lib/plan/canary";
import { statusJson, statusText } from "../lib/status/report";
import { stackConfig, adminPasswordOf } from "./lib/stackConfig";

const REPO_ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run status -- STACK [--json] [--watch [SECONDS]] [--cwd PROJECT_DIR]";
/** SHOW PIPES samples and their gap: enough to tell a draining backlog from a stalled or growing one. */
const SAMPLES = 3;
const GAP_SECONDS = 3;

interface Args { stack: string; json: boolean; watchSeconds?: number; cwd: string }

function parseArgs(argv: string[]): Args {
    const out: Partial<Args> = { json: false, cwd: REPO_ROOT };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--json") out.json = true;
        else if (a === "--cwd" && argv[i + 1]) out.cwd = path.resolve(argv[++i]);
        else if (a === "--watch") {
            const next = Number(argv[i + 1]);
            out.watchSeconds = Number.isInteger(next) && next > 0 ? (i++, next) : 10;
        } else if (!a.startsWith("-") && out.stack === undefined) out.stack = a;
        else throw new Error(`unexpected argument ${a}\n${USAGE}`);
    }
    if (!out.stack) throw new Error(USAGE);
    return out as Args;
}

async function lookAtSide(c: PairConfig, side: SideKey, secrets: Record<string, string>): Promise<SideSeen> {
    const plan = planPair(c).sides[side === "A" ? "a" : "b"];
    const home = iotdbHome(c.installDir, c.iotdbVersion);
    const seen: SideSeen = { side, processes: {}, pipes: [], gapSeconds: GAP_SECONDS };
    const unreachable: string[] = [];
    await Promise.all(plan.nodes.map(async ({ node }: { node: NodeConfig }) => {
        const isSql = node.hostname === plan.sqlNode.hostname;
        const script = statusProbeScript({ home, roles: node.roles, ...(isSql ? { sql: { rpcHost: node.hostname, rpcPort: c.ports.dnRpc, samples: SAMPLES, gapSeconds: GAP_SECONDS } } : {}) });
        try {
            const r = await runScript(connectionTo(c, node), script, isSql ? adminPasswordOf(side, secrets) + "\n" : "");
            const probe = parseProbe(r.stdout);
            seen.processes[node.hostname] = probe.processes;
            if (isSql) {
                if (r.code !== 0) seen.sqlError = `status probe exit ${r.code}: ${r.stderr.trim().split("\n").pop()}`;
                seen.cluster = probe.cluster;
                seen.pipes = probe.pipes;
                if (probe.sqlError) seen.sqlError = probe.sqlError;
                if (probe.canaryError) seen.canaryError = probe.canaryError;
                seen.clockMs = probe.clockMs;
                seen.heartbeats = heartbeatsOf(probe.canary);
            }
        } catch (e) {
            unreachable.push(`${node.hostname}: ${(e as Error).message}`);
        }
    }));
    if (unreachable.length === plan.nodes.length) seen.unreachable = unreachable.join("; ");
    return seen;
}

function expected(c: PairConfig): Expected {
    const plan = planPair(c);
    return {
        nodes: (["a", "b"] as const).flatMap((k) => plan.sides[k].nodes.map(({ node }) => ({ side: k.toUpperCase() as SideKey, hostname: node.hostname, roles: node.roles }))),
        pipes: [
            { side: "A", name: c.pipes.ab.name, variants: pipeNameVariants(c.pipes.ab.name) },
            { side: "B", name: c.pipes.ba.name, variants: pipeNameVariants(c.pipes.ba.name) },
        ],
        maxLagSeconds: c.replication.maxLagSeconds,
        heartbeatSilentAfterMs: canarySilentAfterMs(plan.flushIntervalMs),
    };
}

async function once(args: Args, c: PairConfig, secrets: Record<string, string>): Promise<number> {
    const seen = await Promise.all([lookAtSide(c, "A", secrets), lookAtSide(c, "B", secrets)]);
    const health = judgeHealth(expected(c), seen);
    const at = new Date();
    if (args.json) process.stdout.write(statusJson(args.stack, at, health) + "\n");
    else process.stdout.write(statusText(args.stack, at, health, Boolean(process.stdout.isTTY)));
    return health.exitCode;
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const { pair, secrets } = stackConfig(args.stack, args.cwd);
    if (!args.watchSeconds) return once(args, pair, secrets);
    for (;;) {
        if (process.stdout.isTTY && !args.json) process.stdout.write("\x1b[2J\x1b[H");
        await once(args, pair, secrets);
        await new Promise((r) => setTimeout(r, args.watchSeconds! * 1000));
    }
}

main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`status: ${(e as Error).message}\n`);
    process.exit(2);
});
