import * as pulumi from "@pulumi/pulumi";
import { iotdbHome } from "../lib/render/hostScripts";
import { SshConnection } from "../providers/ssh";
import type { NodeConfig } from "../lib/model/config";
import { journalFile } from "../lib/plan/layout";
import { fixedFieldNames } from "../lib/plan/fixedFields";
import { connectionTo } from "../lib/plan/connections";
import { planPair, SidePlan, PipePlan, ServiceRef } from "../lib/plan/pairPlan";
import { scrapeTargets, ScrapeTarget } from "../lib/plan/monitoring";
import { syncAccess } from "../lib/plan/syncAccess";
import { canaryDevice } from "../lib/plan/canary";
import { flusherPassword, flusherWritePaths } from "../lib/plan/flusherAccess";
import { SqlTarget, stdinLines } from "../lib/render/sqlScripts";
import { rolloutGateAScript, rolloutGateBScript, rolloutWatchScript } from "../lib/render/rolloutScripts";
import { RolloutGate } from "../providers/rolloutGate";
import { HostsEntry } from "./hostsEntry";
import { IotdbNode, Endpoint } from "./iotdbNode";
import { SideCredentials } from "./sideCredentials";
import { DataNodeRemoval } from "./dataNodeRemoval";
import { Pipe } from "./pipe";
import { Flusher } from "./flusher";
import { DualActivePairArgs } from "./pairArgs";
import { archiveOf, checkedPasswords, validatedSettings } from "./support/pairSettings";
import { locateHostTools } from "../lib/config/distribution";
import { withoutSecrets } from "./support/registeredOutputs";

export type {
    DualActivePairArgs, PairSideArgs, PairNodeArgs, SideReplicationArgs, SideConsensusArgs, PairSshArgs, PairMemoryArgs,
    PairPortsArgs, PairPipesArgs, PairPipeArgs, PairDistributionArgs, PairReplicationArgs, PairMonitoringArgs, PairMonitoringPortsArgs,
} from "./pairArgs";

/** The client endpoint of every DataNode of each side (the side's SQL node first), those being taken out left out. */
export interface PairEndpoints {
    a: Endpoint[];
    b: Endpoint[];
}

/**
 * A pipe's ID. Its state is not an output: a value read at `up` stays in the stack while the pipe
 * stops or stalls (`npm run status` reads it live).
 */
export interface PipeName {
    name: string;
}

/** Both pipes. */
export interface PairPipeNames {
    ab: PipeName;
    ba: PipeName;
}

/** A side's built components. */
interface Side {
    plan: SidePlan;
    nodes: Map<string, IotdbNode>;
    credentials: SideCredentials;
}

/**
 * Two independent IoTDB sides, A and B, each replicating what is written to it to the other through a
 * pipe. Both sides are provisioned in parallel; the pipes are created once both are up, and on
 * destroy they are stopped and dropped before either side is stopped. What runs where, with which
 * settings and in which order is the plan's (lib/plan/pairPlan.ts); this component turns it into
 * resources.
 */
export class DualActivePair extends pulumi.ComponentResource {
    /** Client endpoints (host, RPC port) of every DataNode of each side, the side's SQL node first. */
    public readonly endpoints: pulumi.Output<PairEndpoints>;
    /** The name of each pipe. */
    public readonly pipes: pulumi.Output<PairPipeNames>;
    /** root's password on side A (secret). */
    public readonly adminPassword: pulumi.Output<string>;
    /** root's password on side B (secret), different from side A's. */
    public readonly adminPasswordB: pulumi.Output<string>;
    /** The replication user. */
    public readonly syncUser: pulumi.Output<string>;
    /** The replication user's password on side A, which pipe BA logs in with (secret). */
    public readonly syncPassword: pulumi.Output<string>;
    /** The replication user's password on side B, which pipe AB logs in with (secret). */
    public readonly syncPasswordB: pulumi.Output<string>;
    /** Every node's Prometheus reporter in file_sd form (`[{ targets: ["address:port"], labels }]`); empty when monitoring is off. */
    public readonly scrapeTargets: pulumi.Output<ScrapeTarget[]>;

    constructor(name: string, args: DualActivePairArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:DualActivePair", name, {}, opts);
        const c = validatedSettings(name, args);
        const plan = planPair(c);
        const archive = archiveOf(c);
        const hostTools = locateHostTools(c.iotdbVersion);
        const connection = (n: Pick<NodeConfig, "address" | "hostKey">): SshConnection => connectionTo(c, n);
        // SQL runs on the node itself, through its RPC address (the hostname: IoTDB binds to it).
        const target = (n: NodeConfig): SqlTarget => ({
            home: iotdbHome(c.installDir, c.iotdbVersion), rpcHost: n.hostname, rpcPort: c.ports.dnRpc, journalFile: journalFile(c.installDir),
        });
        // Each side its own root and sync user passwords: one side's compromise does not open the other.
        const passwords = checkedPasswords(name, args);
        const adminPassword = passwords.adminPassword;
        const sidePasswords = {
            a: { admin: passwords.adminPassword, sync: passwords.syncPassword },
            b: { admin: passwords.adminPasswordB, sync: passwords.syncPasswordB },
        };

        const hosts = new Map<string, HostsEntry>();
        for (const n of plan.hosts) {
            hosts.set(n.hostname, new HostsEntry(`${name}-hosts-${n.hostname}`, { connection: connection(n), entries: plan.hosts, owner: args.owner }, { parent: this }));
        }

        // Rolling restarts (lib/plan/rollout.ts): B's nodes wait behind this gate, which waits, when side
        // A's ticket changed, until A is back with it and the pipes drained. Created, it waits for nothing.
        const rollout = plan.rollout;
        // Each side is looked at over its own connection with its own root password: no machine gets the other side's.
        const gate = !c.rollingRestarts ? undefined : new RolloutGate(`${name}-rollout`, {
            what: `side A (${rollout.awaited.join(", ")}) back after its restart, before side B restarts`,
            aConnection: connection(rollout.recorder),
            aCheck: rolloutGateAScript({ target: target(rollout.recorder), ticket: rollout.tickets.a, awaited: rollout.awaited, pipe: plan.pipes.ab.spec.name }),
            aStdin: pulumi.secret(pulumi.output(sidePasswords.a.admin).apply((pw) => stdinLines([pw]))),
            bConnection: connection(plan.sides.b.sqlNode),
            bCheck: rolloutGateBScript({ target: target(plan.sides.b.sqlNode), pipe: plan.pipes.ba.spec.name }),
            bStdin: pulumi.secret(pulumi.output(sidePasswords.b.admin).apply((pw) => stdinLines([pw]))),
            watch: plan.sides.a.nodes.map(({ node: n }) => ({ host: n.hostname, connection: connection(n), script: rolloutWatchScript(journalFile(c.installDir)) })),
            ticket: rollout.tickets.a,
            timeoutSeconds: rollout.timeoutSeconds,
            stallSeconds: rollout.stallSeconds,
            drainSeconds: rollout.drainSeconds,
        }, { parent: this });

        // A node rebuilt on purpose (its `rebuild` value, components/iotdbNode.ts) starts empty: its
        // side's credentials are set again, and both pipes created again (each re-sends its history).
        const rebuilds = (sp: SidePlan): string[] => sp.nodes.flatMap(({ node: n }) => (n.rebuild ? [`${n.hostname}=${n.rebuild}`] : []));
        const rebuiltWith = (asked: string[]): pulumi.ResourceTransform[] => (asked.length === 0 ? [] : [
            (t) => (t.custom ? { props: t.props, opts: { ...t.opts, replacementTrigger: asked.join(",") } } : undefined),
        ]);

        const side = (sp: SidePlan, peer: SidePlan): Side => {
            const { admin: adminPassword, sync: syncPassword } = sidePasswords[sp.key];
            const nodes = new Map<string, IotdbNode>();
            // A service waits for services of nodes declared after it (a later ConfigNode): looked up once all are declared.
            let declared!: () => void;
            const allDeclared = new Promise<void>((resolve) => { declared = resolve; });
            const resolve = (refs: ServiceRef[]): pulumi.Resource[] => refs.map((r) => nodes.get(r.hostname)![r.role]!);
            for (const { node: n, startAfter } of sp.nodes) {
                nodes.set(n.hostname, new IotdbNode(`${name}-${sp.key}-${n.hostname}`, {
                    connection: connection(n), hostname: n.hostname, clusterName: sp.config.clusterName, seedConfigNode: sp.seedConfigNode, roles: n.roles, owner: args.owner,
                    version: c.iotdbVersion, archive, hostTools, installDir: c.installDir, dataDir: c.dataDir, ports: c.ports,
                    memory: c.memory, systemProperties: sp.properties, adminPassword,
                    startTimeoutSeconds: c.startTimeoutSeconds, purgeDataOnDestroy: c.purgeDataOnDestroy, supervise: c.superviseNodes,
                    rolloutTicket: gate && sp.key === "a" && n.hostname === rollout.recorder.hostname ? rollout.tickets.a : undefined,
                    rebuild: n.rebuild, fixedFieldNames: fixedFieldNames(sp.key === "a" ? "sideA" : "sideB", sp.config.nodes.indexOf(n)),
                }, {
                    parent: this, dependsOn: [hosts.get(n.hostname)!, ...(sp.key === "b" && gate ? [gate] : [])],
                    startAfter: { confignode: resolve(startAfter.confignode), datanode: allDeclared.then(() => resolve(startAfter.datanode)) },
                }));
            }
            declared();
            const credentials = new SideCredentials(`${name}-${sp.key}-credentials`, {
                connection: connection(sp.sqlNode), target: target(sp.sqlNode), adminPassword, syncUser: c.syncUser, syncPassword,
                access: syncAccess(peer.config.owns, sp.properties, peer.key), flusherPaths: flusherWritePaths(sp.key),
            }, { parent: this, dependsOn: [...nodes.values()], transforms: rebuiltWith(rebuilds(sp)) });
            // Beside every DataNode, once root's password is set: seals its memtables so the pipes see the rows.
            const flushers = new Map<string, Flusher>();
            for (const { node: n } of sp.nodes) {
                const node = nodes.get(n.hostname)!;
                if (!node.datanode) continue;
                flushers.set(n.hostname, new Flusher(`${name}-${sp.key}-${n.hostname}-flusher`, {
                    connection: connection(n), home: node.home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc,
                    journalFile: journalFile(c.installDir), password: pulumi.output(adminPassword).apply(flusherPassword),
                    intervalMs: plan.flushIntervalMs, dataNode: node.datanode.id, heartbeatDevice: canaryDevice(sp.key),
                    supervise: c.superviseNodes, dataDir: c.dataDir,
                }, { parent: this, dependsOn: [credentials, node.datanode] }));
            }
            // Every DataNode-only machine's membership, which becomes its removal (through a node that
            // stays) once it is marked decommission: its own resources are then no longer declared, and
            // Pulumi deletes them only once the removal succeeded (components/dataNodeRemoval.ts).
            const removal = (n: NodeConfig, remove: boolean) => new DataNodeRemoval(`${name}-${sp.key}-${n.hostname}-removal`, {
                connection: connection(sp.sqlNode), target: target(sp.sqlNode), hostname: n.hostname, adminPassword,
                timeoutSeconds: plan.removalTimeoutSeconds, remove,
                node: remove ? undefined : [nodes.get(n.hostname)!, ...(flushers.has(n.hostname) ? [flushers.get(n.hostname)!] : [])],
            // The removal depends on nothing that could fail before it: a step skipped for a failed
            // dependency would not hold back the deletes, as a step that failed does.
            }, { parent: this, dependsOn: remove ? [] : [credentials] });
            for (const { node: n } of sp.nodes) if (n.roles.length === 1 && n.roles[0] === "datanode") removal(n, false);
            for (const n of sp.decommissioned) removal(n, true);
            return { plan: sp, nodes, credentials };
        };
        const a = side(plan.sides.a, plan.sides.b);
        const b = side(plan.sides.b, plan.sides.a);

        // The node object of a side's first DataNode (where its SQL runs).
        const sqlNode = (sd: Side) => sd.nodes.get(sd.plan.sqlNode.hostname)!;
        const pipe = (pp: PipePlan, from: Side, to: Side) => new Pipe(`${name}-pipe-${pp.from}${pp.to}`, {
            connection: connection(from.plan.sqlNode),
            target: target(from.plan.sqlNode),
            spec: pp.spec,
            // root's on the sending side; the sink logs in to the receiving side as its sync user.
            adminPassword: sidePasswords[pp.from].admin, syncPassword: sidePasswords[pp.to].sync,
            dataNodeStarts: [...from.nodes.values(), ...to.nodes.values()].flatMap((n) => (n.datanode ? [n.datanode.stdout] : [])),
            configNode: sqlNode(from).confignodeRestart,
        }, { parent: this, dependsOn: [a.credentials, b.credentials], transforms: rebuiltWith([...rebuilds(a.plan), ...rebuilds(b.plan)]) });
        const ab = pipe(plan.pipes.ab, a, b);
        const ba = pipe(plan.pipes.ba, b, a);

        // Every DataNode the config keeps, in its order (the SQL node is the first DataNode).
        const clientEndpoints = (sd: Side) => pulumi.all(sd.plan.nodes.filter(({ node: n }) => n.roles.includes("datanode")).map(({ node: n }) => sd.nodes.get(n.hostname)!.endpoint));
        this.endpoints = pulumi.all([clientEndpoints(a), clientEndpoints(b)]).apply(([ea, eb]) => ({ a: ea, b: eb }));
        this.pipes = pulumi.all([ab.pipeName, ba.pipeName]).apply(([an, bn]) => ({ ab: { name: an }, ba: { name: bn } }));
        this.adminPassword = pulumi.secret(passwords.adminPassword);
        this.adminPasswordB = pulumi.secret(passwords.adminPasswordB);
        this.syncUser = pulumi.output(c.syncUser);
        this.syncPassword = pulumi.secret(passwords.syncPassword);
        this.syncPasswordB = pulumi.secret(passwords.syncPasswordB);
        this.scrapeTargets = pulumi.output(scrapeTargets(c));
        this.registerOutputs(withoutSecrets({
            endpoints: this.endpoints, pipes: this.pipes, adminPassword: this.adminPassword, adminPasswordB: this.adminPasswordB,
            syncUser: this.syncUser, syncPassword: this.syncPassword, syncPasswordB: this.syncPasswordB, scrapeTargets: this.scrapeTargets,
        }));
    }
}
