import * as pulumi from "@pulumi/pulumi";
import { iotdbHome } from "../lib/render/hostScripts";
import { SshConnection } from "../providers/ssh";
import { PairConfig, SideConfig, NodeConfig, DistributionSource, configNodes, dataNodes, decommissionedNodes, sideProperties } from "../lib/config/pairConfig";
import { journalFile } from "../lib/plan/layout";
import { SqlTarget } from "../lib/render/sqlScripts";
import { HostsEntry } from "./hostsEntry";
import { IotdbNode } from "./iotdbNode";
import { SideCredentials } from "./sideCredentials";
import { DataNodeRemoval } from "./dataNodeRemoval";
import { Pipe } from "./pipe";
import { Flusher } from "./flusher";
import { pipeAttributes, replicationProperties } from "../lib/plan/replication";

export interface DualActivePairArgs {
    /** The validated stack configuration (see lib/config.ts for every field). */
    config: PairConfig;
    /** The IoTDB distribution tarball (here, or at a URL the machines fetch) and its SHA-256. */
    archive: DistributionSource;
    /**
     * root's password on both sides (a secret). Keep it in the stack's config as a secret
     * (`npm run passwords` generates one): Pulumi masks config secrets in all it prints.
     */
    adminPassword: pulumi.Input<string>;
    /** The replication user's password (a secret), kept like adminPassword. */
    syncPassword: pulumi.Input<string>;
    /** Owner tag of the /etc/hosts lines, e.g. `<project>/<stack>`. */
    owner: string;
}

interface Side {
    key: "a" | "b";
    config: SideConfig;
    nodes: IotdbNode[];
    credentials: SideCredentials;
}

/**
 * Two independent IoTDB sides, A and B, each replicating what is written to it to the other through a
 * pipe. Both sides are provisioned in parallel; the pipes are created once both are up, and on
 * destroy they are stopped and dropped before either side is stopped.
 */
export class DualActivePair extends pulumi.ComponentResource {
    /** Client endpoint (host, RPC port) of each side's first DataNode. */
    public readonly endpoints: pulumi.Output<{ a: { host: string; port: number }; b: { host: string; port: number } }>;
    /** Name and state of each pipe. */
    public readonly pipes: pulumi.Output<{ ab: { name: string; state: string }; ba: { name: string; state: string } }>;
    /** root's password on both sides (secret). */
    public readonly adminPassword: pulumi.Output<string>;
    /** The replication user and its password (secret). */
    public readonly syncUser: pulumi.Output<string>;
    public readonly syncPassword: pulumi.Output<string>;

    constructor(name: string, args: DualActivePairArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:DualActivePair", name, {}, opts);
        const c = args.config;
        const connection = (n: NodeConfig): SshConnection => ({
            host: n.address, port: c.ssh.port, user: c.ssh.user, privateKeyPath: c.ssh.privateKeyPath,
            dialTimeoutSeconds: c.ssh.dialTimeoutSeconds, dialAttempts: c.ssh.dialAttempts,
        });
        // SQL runs on the node itself, through its RPC address (the hostname: IoTDB binds to it).
        const target = (n: NodeConfig): SqlTarget => ({
            home: iotdbHome(c.installDir, c.iotdbVersion), rpcHost: n.hostname, rpcPort: c.ports.dnRpc, journalFile: journalFile(c.installDir),
        });

        const adminPassword = pulumi.secret(args.adminPassword);
        const syncPassword = pulumi.secret(args.syncPassword);

        const everyNode = [...c.sideA.nodes, ...c.sideB.nodes];
        const entries = everyNode.map((n) => ({ hostname: n.hostname, address: n.address }));
        const hosts = new Map<string, HostsEntry>();
        for (const n of everyNode) {
            hosts.set(n.hostname, new HostsEntry(`${name}-hosts-${n.hostname}`, { connection: connection(n), entries, owner: args.owner }, { parent: this }));
        }

        // A side starts the way IoTDB's tooling starts a cluster: the seed ConfigNode, the other
        // ConfigNodes one by one, then the DataNodes one by one; destroy stops them the other way round.
        const side = (key: "a" | "b", config: SideConfig): Side => {
            const seed = `${configNodes(config)[0].hostname}:${c.ports.cnInternal}`;
            const confignodes: pulumi.Resource[] = [];
            const datanodes: pulumi.Resource[] = [];
            let everyConfigNode!: (r: pulumi.Resource[]) => void;
            const allConfigNodes = new Promise<pulumi.Resource[]>((resolve) => { everyConfigNode = resolve; });
            const nodes = config.nodes.filter((n) => !n.decommission).map((n) => {
                const earlierDataNodes = [...datanodes];
                const node = new IotdbNode(`${name}-${key}-${n.hostname}`, {
                    connection: connection(n), hostname: n.hostname, clusterName: config.clusterName, seedConfigNode: seed, roles: n.roles, owner: args.owner,
                    startAfter: { confignode: [...confignodes], datanode: allConfigNodes.then((cns) => [...cns, ...earlierDataNodes]) },
                    version: c.iotdbVersion, archive: args.archive, installDir: c.installDir, dataDir: c.dataDir, ports: c.ports,
                    memory: c.memory, systemProperties: { ...replicationProperties(), ...c.systemProperties, ...sideProperties(config) }, adminPassword,
                    startTimeoutSeconds: c.startTimeoutSeconds, purgeDataOnDestroy: c.purgeDataOnDestroy,
                }, { parent: this, dependsOn: [hosts.get(n.hostname)!] });
                if (node.confignode) confignodes.push(node.confignode);
                if (node.datanode) datanodes.push(node.datanode);
                return node;
            });
            everyConfigNode(confignodes);
            // SQL runs through the side's first DataNode.
            const sqlNode = dataNodes(config)[0];
            const credentials = new SideCredentials(`${name}-${key}-credentials`, {
                connection: connection(sqlNode), target: target(sqlNode), adminPassword, syncUser: c.syncUser, syncPassword,
            }, { parent: this, dependsOn: nodes });
            // Beside every DataNode, once root's password is set: seals its memtables so the pipes see the rows.
            nodes.forEach((node, k) => {
                const n = config.nodes.filter((x) => !x.decommission)[k];
                if (!node.datanode) return;
                new Flusher(`${name}-${key}-${n.hostname}-flusher`, {
                    connection: connection(n), home: node.home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc,
                    journalFile: journalFile(c.installDir), adminPassword, intervalMs: c.replication.flushIntervalMs, dataNode: node.datanode.id,
                }, { parent: this, dependsOn: [credentials, node.datanode] });
            });
            // A DataNode being taken out: removed from the cluster through a node that stays. Its own
            // resources are not declared any more, so Pulumi deletes them after this has run.
            for (const n of decommissionedNodes(config)) {
                new DataNodeRemoval(`${name}-${key}-${n.hostname}-removal`, {
                    connection: connection(sqlNode), target: target(sqlNode), hostname: n.hostname, adminPassword,
                    timeoutSeconds: c.startTimeoutSeconds * 4,
                }, { parent: this, dependsOn: [credentials] });
            }
            return { key, config, nodes, credentials };
        };
        const a = side("a", c.sideA);
        const b = side("b", c.sideB);

        // The node object of a side's first DataNode (where its SQL runs).
        const firstDataNode = (sd: Side) => sd.nodes[sd.config.nodes.filter((n) => !n.decommission).indexOf(dataNodes(sd.config)[0])];
        const pipe = (from: Side, to: Side, p: PairConfig["pipes"]["ab"], defaults = pipeAttributes(from.config.owns, to.config.replication.data)) => new Pipe(`${name}-pipe-${from.key}${to.key}`, {
            connection: connection(dataNodes(from.config)[0]),
            target: target(dataNodes(from.config)[0]),
            spec: {
                name: p.name, syncUser: c.syncUser, source: { ...defaults.source, ...p.source }, sink: { ...defaults.sink, ...p.sink },
                // Every DataNode of the peer: the sync goes on while one of them is down.
                peerNodeUrls: dataNodes(to.config).map((n) => `${n.hostname}:${c.ports.dnRpc}`),
            },
            adminPassword, syncPassword,
            dataNodeStarts: [...from.nodes, ...to.nodes].flatMap((n) => (n.datanode ? [n.datanode.stdout] : [])),
            configNode: firstDataNode(from).confignodeRestart,
        }, { parent: this, dependsOn: [a.credentials, b.credentials] });
        const ab = pipe(a, b, c.pipes.ab);
        const ba = pipe(b, a, c.pipes.ba);

        this.endpoints = pulumi.all([firstDataNode(a).endpoint, firstDataNode(b).endpoint]).apply(([ea, eb]) => ({ a: ea, b: eb }));
        this.pipes = pulumi.all([ab.pipeName, ab.state, ba.pipeName, ba.state]).apply(([an, as, bn, bs]) => ({
            ab: { name: an, state: as }, ba: { name: bn, state: bs },
        }));
        this.adminPassword = pulumi.secret(adminPassword);
        this.syncUser = pulumi.output(c.syncUser);
        this.syncPassword = pulumi.secret(syncPassword);
        this.registerOutputs({
            endpoints: this.endpoints, pipes: this.pipes, adminPassword: this.adminPassword,
            syncUser: this.syncUser, syncPassword: this.syncPassword,
        });
    }
}
