// What `npm run status` concludes from what it saw on each side: every node's process and cluster
// status, every pipe's state, backlog, exception and lag, and the problems among them. Pure.
import { records } from "./resultSets";
import type { ResultSet } from "./resultSets";

export type SideKey = "A" | "B";
export type Role = "confignode" | "datanode";

/** What the config says should exist. */
export interface Expected {
    nodes: { side: SideKey; hostname: string; roles: Role[] }[];
    /** Each pipe, on the side that sends it. */
    pipes: { side: SideKey; name: string; variants: string[] }[];
    /** Bound on the lag (replication.maxLagSeconds). */
    maxLagSeconds: number;
    /** Age past which a side's own newest heartbeat means its writer is silent (lib/plan/canary.ts canarySilentAfterMs). */
    heartbeatSilentAfterMs: number;
}

/** What was seen on one side. */
export interface SideSeen {
    side: SideKey;
    /** Why the side could not be reached at all (no machine of it answered SSH); undefined when reached. */
    unreachable?: string;
    /** Per machine: which roles have a running process (absent: the machine was not reached). */
    processes: Record<string, Partial<Record<Role, boolean>>>;
    /** SHOW CLUSTER through the side's SQL node; undefined with `sqlError`. */
    cluster?: ResultSet;
    /** SHOW PIPES samples, oldest first, `gapSeconds` apart. */
    pipes: ResultSet[];
    gapSeconds: number;
    sqlError?: string;
    /** Newest canary heartbeat of each side held here (its writer's clock, epoch ms); a side absent: none held. */
    heartbeats?: Partial<Record<SideKey, number>>;
    /** This side's SQL machine's clock right after the heartbeats were read (epoch ms); undefined: not read. */
    clockMs?: number;
    /** Why the heartbeats could not be read. */
    canaryError?: string;
}

export interface NodeReport { side: SideKey; hostname: string; role: Role; process: "running" | "absent" | "unknown"; status: string; version: string }
export interface PipeReport {
    side: SideKey; name: string; state: string; remainingEventCount: number | null; estimatedRemainingSeconds: number | null;
    exceptionMessage: string; lagSeconds: number | null;
}
export interface Problem { subject: string; why: string }
export interface Health {
    /** 0 healthy, 1 degraded, 2 a side could not be reached. */
    exitCode: 0 | 1 | 2;
    nodes: NodeReport[];
    pipes: PipeReport[];
    problems: Problem[];
}

const NODE_TYPE: Record<Role, string> = { confignode: "ConfigNode", datanode: "DataNode" };
const num = (v: string | undefined) => (v === undefined || v === "" || Number.isNaN(Number(v)) ? null : Number(v));

function judgeNodes(expected: Expected, seen: SideSeen[], problems: Problem[]): NodeReport[] {
    const out: NodeReport[] = [];
    for (const n of expected.nodes) {
        const side = seen.find((s) => s.side === n.side);
        const rows = records(side?.cluster);
        for (const role of n.roles) {
            const row = rows.find((r) => r.InternalAddress === n.hostname && r.NodeType === NODE_TYPE[role]);
            const proc = side?.processes[n.hostname]?.[role];
            const process = proc === undefined ? "unknown" : proc ? "running" : "absent";
            const status = row?.Status ?? (side?.cluster ? "not in cluster" : "unknown");
            out.push({ side: n.side, hostname: n.hostname, role, process, status, version: row?.Version ?? "" });
            const subject = `${n.hostname} ${NODE_TYPE[role]} (side ${n.side})`;
            if (process === "absent") problems.push({ subject, why: "down: its process is not running" });
            else if (side?.cluster && status !== "Running") problems.push({ subject, why: `${status} in show cluster` });
            else if (process === "unknown" && !side?.unreachable) problems.push({ subject, why: "its machine did not answer over SSH" });
        }
    }
    return out;
}

/** The canary lag of the pipe from `from`: the receiving side's clock less the newest heartbeat of `from` it holds, in seconds. */
function canaryLag(from: SideKey, receiver: SideSeen | undefined): number | null {
    const beat = receiver?.heartbeats?.[from];
    if (beat === undefined || receiver?.clockMs === undefined) return null;
    return Math.max(0, receiver.clockMs - beat) / 1000;
}

/**
 * Why the canary cannot vouch for the lag of the pipe from `from`, as problems: the sender writes no
 * heartbeat (its flushers stopped: the lag would grow with a healthy pipe), or none reached the
 * receiver. True when the lag it gives can be judged.
 */
function canaryProblems(from: SideKey, sender: SideSeen | undefined, receiver: SideSeen | undefined, silentAfterMs: number, subject: string, problems: Problem[]): boolean {
    if (!sender || !receiver || sender.unreachable || receiver.unreachable || sender.sqlError || receiver.sqlError) return false;
    for (const s of [sender, receiver]) {
        if (s.canaryError) {
            problems.push({ subject, why: `canary: side ${s.side}'s heartbeats cannot be read: ${s.canaryError}` });
            return false;
        }
        if (s.clockMs === undefined) return false;
    }
    const own = sender.heartbeats?.[from];
    if (own === undefined || sender.clockMs! - own > silentAfterMs) {
        const age = own === undefined ? "none written" : `the newest is ${((sender.clockMs! - own) / 1000).toFixed(1)} s old`;
        problems.push({ subject, why: `canary: side ${from} writes no heartbeat (${age}; its flushers write it): the lag cannot be measured` });
        return false;
    }
    if (receiver.heartbeats?.[from] === undefined) {
        problems.push({ subject, why: `canary: no heartbeat of side ${from} has reached side ${receiver.side}` });
        return false;
    }
    return true;
}

function judgePipe(p: Expected["pipes"][number], side: SideSeen | undefined, other: SideSeen | undefined, maxLag: number, silentAfterMs: number, problems: Problem[]): PipeReport {
    const subject = `pipe ${p.name} (side ${p.side})`;
    const samples = (side?.pipes ?? []).map((set) => records(set).filter((r) => p.variants.includes(r.ID)));
    const last = samples[samples.length - 1] ?? [];
    const total = (rows: Record<string, string>[]) => rows.reduce((s, r) => s + (num(r.RemainingEventCount) ?? 0), 0);
    const report: PipeReport = {
        side: p.side, name: p.name,
        state: [...new Set(last.map((r) => r.State))].join(",") || (side?.pipes.length ? "missing" : "unknown"),
        remainingEventCount: last.length ? total(last) : null,
        estimatedRemainingSeconds: last.length ? Math.max(...last.map((r) => num(r.EstimatedRemainingSeconds) ?? 0)) : null,
        exceptionMessage: last.map((r) => r.ExceptionMessage).filter(Boolean).join(" | "),
        lagSeconds: canaryLag(p.side, other),
    };
    const lagKnown = canaryProblems(p.side, side, other, silentAfterMs, subject, problems);
    if (!side?.pipes.length) return report;
    if (last.length === 0) {
        problems.push({ subject, why: "missing: SHOW PIPES does not list it" });
        return report;
    }
    if (report.state !== "RUNNING") problems.push({ subject, why: `${report.state}, not RUNNING` });
    if (report.exceptionMessage) problems.push({ subject, why: `exception: ${report.exceptionMessage.slice(0, 300)}` });
    const counts = samples.filter((s) => s.length > 0).map(total);
    const window = (counts.length - 1) * (side.gapSeconds ?? 0);
    // The canary within the bound proves rows cross in time: a small backlog that does not fall over
    // the samples is then the heartbeats' own trickle (seen: 0 then 2 over 6 s), not a stall.
    const crossing = lagKnown && report.lagSeconds !== null && report.lagSeconds <= maxLag;
    if (report.state === "RUNNING" && !crossing && counts.length > 1 && counts[counts.length - 1] > 0) {
        const first = counts[0];
        const lastCount = counts[counts.length - 1];
        const falling = counts.some((c, i) => i > 0 && c < counts[i - 1]);
        if (lastCount > first && !falling) problems.push({ subject, why: `backlog growing: RemainingEventCount ${first} then ${lastCount} over ${window} s` });
        else if (!falling) problems.push({ subject, why: `stalled: RemainingEventCount ${lastCount}, not falling over ${window} s` });
    }
    if (lagKnown && report.lagSeconds !== null && report.lagSeconds > maxLag) {
        problems.push({ subject, why: `lag ${report.lagSeconds.toFixed(1)} s, over the bound of ${maxLag} s` });
    }
    return report;
}

/** The pair's health from what each side showed. */
export function judgeHealth(expected: Expected, seen: SideSeen[]): Health {
    const problems: Problem[] = [];
    for (const s of seen) {
        if (s.unreachable) problems.push({ subject: `side ${s.side}`, why: `cannot be reached: ${s.unreachable}` });
        else if (s.sqlError) problems.push({ subject: `side ${s.side}`, why: `no SQL answer: ${s.sqlError}` });
    }
    const nodes = judgeNodes(expected, seen, problems);
    const pipes = expected.pipes.map((p) => judgePipe(p, seen.find((s) => s.side === p.side), seen.find((s) => s.side !== p.side), expected.maxLagSeconds, expected.heartbeatSilentAfterMs, problems));
    const exitCode = seen.some((s) => s.unreachable) ? 2 : problems.length > 0 ? 1 : 0;
    return { exitCode, nodes, pipes, problems };
}
