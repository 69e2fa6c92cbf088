// Rolling restarts: a change that restarts nodes restarts side A first, then side B once A is back.
// Pure. Each side gets a rollout ticket, a digest of everything its nodes start with: side A's last
// DataNode records its ticket in its journal once Running (components/iotdbNode.ts), and side B's
// rollout gate (providers/rolloutGate.ts) waits for A's new ticket there before any of B's nodes is
// stopped. B knows A's ticket from the plan, so B's nodes need no dependency on A's: an `up` from
// nothing still provisions both sides in parallel.
import * as crypto from "crypto";
import type { NodeConfig, PairConfig, SideConfig } from "../model/config";
import { dataNodes, keptNodes } from "./sides";
import { finalNodeProperties } from "./tuning";

/** How side B's nodes wait for side A's rollout. */
export interface RolloutPlan {
    /** Each side's ticket: a change of it means the side's nodes start with something new. */
    tickets: { a: string; b: string };
    /** Side A's DataNode that starts last: it records A's ticket in its journal, where the gate reads it. */
    recorder: NodeConfig;
    /** The hostnames whose nodes must show Running in side A's `show cluster` before B restarts. */
    awaited: string[];
    /** Bound on B's wait for A, in seconds: A's services one after the other, and the drain. */
    timeoutSeconds: number;
    /**
     * Seconds B's gate waits while none of A's journals changes and A has not recorded its ticket,
     * before it fails: the longest a step of one of A's services may run (a stop, or a start) and a margin.
     */
    stallSeconds: number;
    /** Seconds B's gate waits, once A recorded its ticket, for A's nodes Running and both pipes drained. */
    drainSeconds: number;
}

/**
 * The ticket of a side: a digest of what its nodes' configuration and start scripts are made of (the
 * version and distribution, directories, ports, memory, every machine and role, the final properties,
 * the start timeout). Anything that restarts a node of the side changes it; a change of it where no
 * node restarts only makes the recorder's start script run again (it finds the node running) and B's
 * gate wait for that.
 */
export function rolloutTicket(c: PairConfig, side: SideConfig): string {
    const inputs = {
        version: c.iotdbVersion, distribution: c.distribution, installDir: c.installDir, dataDir: c.dataDir,
        ports: c.ports, memory: c.memory, startTimeoutSeconds: c.startTimeoutSeconds, clusterName: side.clusterName,
        nodes: keptNodes(side).map((n) => ({ hostname: n.hostname, address: n.address, roles: n.roles })),
        properties: Object.entries(finalNodeProperties(c, side)).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    };
    return crypto.createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 16);
}

/** Seconds B's gate waits on top of A's services' start bounds: the pipes' drain and reconnect. */
export const ROLLOUT_DRAIN_SECONDS = 300;

/** Seconds a service's stop may take (stopScript's bound, components/iotdbNode.ts). */
export const STOP_SECONDS = 120;

/** Margin of the gate's stall bound over the longest step of a service. */
export const STALL_MARGIN_SECONDS = 60;

/** The rollout of a validated pair: the tickets, where A's is recorded, and the bound on B's wait. */
export function planRollout(c: PairConfig): RolloutPlan {
    const kept = keptNodes(c.sideA);
    const services = kept.reduce((n, node) => n + node.roles.length, 0);
    const aDataNodes = dataNodes(c.sideA);
    return {
        tickets: { a: rolloutTicket(c, c.sideA), b: rolloutTicket(c, c.sideB) },
        recorder: aDataNodes[aDataNodes.length - 1],
        awaited: kept.map((n) => n.hostname),
        // Each of A's services may take a stop (120 s) and a start (startTimeoutSeconds).
        timeoutSeconds: services * (c.startTimeoutSeconds + STOP_SECONDS) + ROLLOUT_DRAIN_SECONDS,
        stallSeconds: Math.max(c.startTimeoutSeconds, STOP_SECONDS) + STALL_MARGIN_SECONDS,
        drainSeconds: ROLLOUT_DRAIN_SECONDS,
    };
}
