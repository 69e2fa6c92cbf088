// The plan of a pair: from a validated config (lib/model/config.ts) to what each machine runs, with
// which properties, in which order, and what each pipe sends where. Pure; components/ only turn it
// into resources.
import type { IotdbRole, NodeConfig, PairConfig, SideConfig } from "../model/config";
import { configNodes, dataNodes, decommissionedNodes, keptNodes } from "./sides";
import { pairNodeProperties, pipeSettings } from "./tuning";
import { planRollout, RolloutPlan } from "./rollout";

/** A side of the pair. */
export type SideKey = "a" | "b";

/** One role's service on one machine: what another service waits for. */
export interface ServiceRef {
    hostname: string;
    role: IotdbRole;
}

/** One machine of a side that stays in it. */
export interface NodePlan {
    node: NodeConfig;
    /**
     * The services this machine's roles start after, in the order IoTDB's tooling starts a cluster:
     * the ConfigNode after the side's earlier ConfigNodes (the seed first), the DataNode after every
     * ConfigNode of the side and the earlier DataNodes. Destroy runs the other way round.
     */
    startAfter: { confignode: ServiceRef[]; datanode: ServiceRef[] };
}

/** One side: its machines in start order, the seed, where its SQL runs and what leaves it. */
export interface SidePlan {
    key: SideKey;
    config: SideConfig;
    /** `host:port` of the seed ConfigNode (the side's first ConfigNode). */
    seedConfigNode: string;
    /** The machines that stay, in config order (each one's startAfter gives the start order). */
    nodes: NodePlan[];
    /** The side's first DataNode: its SQL (users, pipes, DataNode removals) runs there. */
    sqlNode: NodeConfig;
    /** The DataNodes taken out of the side (`decommission: true`), removed through sqlNode. */
    decommissioned: NodeConfig[];
    /** iotdb-system.properties entries of each of its nodes from the pair (lib/plan/tuning.ts). */
    properties: Record<string, string>;
}

/** One pipe: the side it runs on, and the spec it is created with. */
export interface PipePlan {
    from: SideKey;
    to: SideKey;
    /** Pipe ID, the sync user, the final attributes and every DataNode of the receiving side. */
    spec: { name: string; syncUser: string; source: Record<string, string>; sink: Record<string, string>; peerNodeUrls: string[] };
}

/** The whole pair. */
export interface PairPlan {
    sides: Record<SideKey, SidePlan>;
    pipes: { ab: PipePlan; ba: PipePlan };
    /** Every machine of both sides (those being taken out too): each one's /etc/hosts resolves them all. */
    hosts: { hostname: string; address: string }[];
    /** Milliseconds between two flushes of each DataNode. */
    flushIntervalMs: number;
    /** Bound on the wait for a DataNode's removal, in seconds. */
    removalTimeoutSeconds: number;
    /** Rolling restarts: side B's nodes restart only once side A is back with its new ticket (lib/plan/rollout.ts). */
    rollout: RolloutPlan;
}

const services = (nodes: NodeConfig[], role: IotdbRole): ServiceRef[] => nodes.map((n) => ({ hostname: n.hostname, role }));

function planSide(c: PairConfig, key: SideKey, side: SideConfig): SidePlan {
    const kept = keptNodes(side);
    const allConfigNodes = services(configNodes(side).filter((n) => !n.decommission), "confignode");
    const nodes = kept.map((node, i): NodePlan => {
        const earlier = kept.slice(0, i);
        return {
            node,
            startAfter: {
                confignode: services(earlier.filter((n) => n.roles.includes("confignode")), "confignode"),
                datanode: [...allConfigNodes, ...services(earlier.filter((n) => n.roles.includes("datanode")), "datanode")],
            },
        };
    });
    return {
        key, config: side, seedConfigNode: `${configNodes(side)[0].hostname}:${c.ports.cnInternal}`, nodes,
        sqlNode: dataNodes(side)[0], decommissioned: decommissionedNodes(side), properties: pairNodeProperties(c, side),
    };
}

function planPipe(c: PairConfig, from: SideKey, to: SideKey, key: "ab" | "ba"): PipePlan {
    const [fromSide, toSide] = [from, to].map((k) => (k === "a" ? c.sideA : c.sideB));
    const pipe = c.pipes[key];
    return {
        from, to,
        spec: {
            name: pipe.name, syncUser: c.syncUser, ...pipeSettings(from, fromSide, toSide, pipe),
            // Every DataNode of the peer: the sync goes on while one of them is down.
            peerNodeUrls: dataNodes(toSide).map((n) => `${n.hostname}:${c.ports.dnRpc}`),
        },
    };
}

/** The plan of a validated pair configuration. */
export function planPair(c: PairConfig): PairPlan {
    return {
        sides: { a: planSide(c, "a", c.sideA), b: planSide(c, "b", c.sideB) },
        pipes: { ab: planPipe(c, "a", "b", "ab"), ba: planPipe(c, "b", "a", "ba") },
        // A hosts line needs an IP: the node's `ip`, else its address (then an IPv4 address: lib/config/sections/sides.ts).
        hosts: [...c.sideA.nodes, ...c.sideB.nodes].map((n) => ({ hostname: n.hostname, address: n.ip ?? n.address })),
        flushIntervalMs: c.replication.flushIntervalMs,
        removalTimeoutSeconds: c.startTimeoutSeconds * 4,
        rollout: planRollout(c),
    };
}
