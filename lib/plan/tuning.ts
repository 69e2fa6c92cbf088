// The merge order of all IoTDB tuning, in one place: the project's defaults first, then what the peer
// side needs, then the user's own settings (which win). The figures themselves are in replication.ts.
import type { PairConfig, PipeConfig, SideConfig } from "../model/config";
import { pipeAttributes, replicationProperties } from "./replication";
import { sideProperties } from "./sides";
import { monitoringProperties } from "./monitoring";
import { canaryPattern } from "./canary";
import type { SideKey } from "./pairPlan";

/**
 * iotdb-system.properties entries every node of the project gets, below everything else: automatic
 * splitting of a full pipe into `<name>_history` and `<name>_realtime` is off, so the pipe created
 * is the pipe stopped and dropped.
 */
export const NODE_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({ pipe_auto_split_full_enabled: "false" });

/** A node's properties under the project's node defaults (IotdbNode applies this to its `systemProperties`). */
export function withNodeDefaults(properties: Record<string, string>): Record<string, string> {
    return { ...NODE_DEFAULTS, ...properties };
}

/**
 * The properties a side's nodes get from the pair (IotdbNode's `systemProperties`): the replication
 * tuning, then the Prometheus reporter of `monitoring`, then the stack's `systemProperties`, then the side's replication factors and consensus
 * (keys the parser keeps out of `systemProperties`).
 */
export function pairNodeProperties(c: PairConfig, side: SideConfig): Record<string, string> {
    return { ...replicationProperties(), ...monitoringProperties(c.monitoring), ...c.systemProperties, ...sideProperties(side) };
}

/** A node's final iotdb-system.properties entries besides its addresses, ports and directories. */
export function finalNodeProperties(c: PairConfig, side: SideConfig): Record<string, string> {
    return withNodeDefaults(pairNodeProperties(c, side));
}

/**
 * Final source and sink attributes of the pipe from side `fromKey` to the other: the project's (the
 * side's `owns` and its canary device, lib/plan/canary.ts), then the stack's `pipes.<ab|ba>`.
 */
export function pipeSettings(fromKey: SideKey, from: SideConfig, to: SideConfig, pipe: PipeConfig): { source: Record<string, string>; sink: Record<string, string> } {
    const defaults = pipeAttributes([...from.owns, canaryPattern(fromKey)], to.replication.data);
    return { source: { ...defaults.source, ...pipe.source }, sink: { ...defaults.sink, ...pipe.sink } };
}
