// The canary: how `npm run status` measures the replication lag end to end. Pure.
//
// Each side writes a heartbeat into a database of the project's own, one device a side, on every run
// of its flushers (host-tools/IotdbFlusher.java, --heartbeat): the row's value is the writing
// machine's clock in epoch milliseconds, and the flush right after it seals it, so the side's pipe
// carries it like any row. A side's pipe carries its own device and nothing else of the database (the
// other side's device would loop like any path carried both ways), the receiving side's sync user may
// write it, and root creates the database ahead on both sides (lib/plan/syncAccess.ts). The lag of a
// pipe is then the receiving machine's clock less the newest heartbeat of the sending side it holds:
// the age of the newest row known to have crossed, within one heartbeat interval of the true lag
// (clocks kept in step by NTP; a skew between the machines adds to it).
import type { SideKey } from "./pairPlan";

/** The project's own database; users' `owns` may not reach into it (lib/config/sections/sides.ts). */
export const CANARY_DATABASE = "root.__dual_active_canary";
/** The heartbeat's measurement: the writer's epoch milliseconds. */
export const CANARY_MEASUREMENT = "beat";

/** The device a side writes its heartbeat into. */
export function canaryDevice(side: SideKey): string {
    return `${CANARY_DATABASE}.${side}`;
}

/** The pattern the side's pipe carries besides its `owns`: its own heartbeat device only. */
export function canaryPattern(side: SideKey): string {
    return `${canaryDevice(side)}.**`;
}

/**
 * A pipe's pattern without its canary device: what identifies the pipe (components/pipe.ts' triggers),
 * so that adding the canary to a pipe made before it alters the pipe in place instead of replacing it.
 */
export function withoutCanary(pattern: string): string {
    return pattern.split(",").filter((p) => !p.startsWith(`${CANARY_DATABASE}.`)).join(",");
}

/** The side whose heartbeat a canary series (`root.__dual_active_canary.a.beat`) holds, or undefined. */
export function canarySideOf(series: string): SideKey | undefined {
    const m = new RegExp(`^${CANARY_DATABASE.replace(/\./g, "\\.")}\\.(a|b)\\.${CANARY_MEASUREMENT}$`).exec(series);
    return m ? (m[1] as SideKey) : undefined;
}

/**
 * The largest backlog (SHOW PIPES RemainingEventCount) the heartbeats alone keep in a healthy pipe: a
 * heartbeat row and the TsFile its flush seals, each flusher interval, on their way (seen 0 to 2). A
 * backlog that does not fall over a window is a stall only above it: a stalled pipe's backlog grows by
 * the heartbeats past it within seconds.
 */
export const CANARY_TRICKLE_EVENTS = 3;

/**
 * Longest a side's own newest heartbeat may be old before status says its writer is silent (its
 * flushers stopped, or its DataNode refuses writes): three intervals, and never under 5 s.
 */
export function canarySilentAfterMs(heartbeatIntervalMs: number): number {
    return Math.max(5000, 3 * heartbeatIntervalMs);
}
