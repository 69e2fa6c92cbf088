import type { FixedFieldNames } from "../lib/plan/fixedFields";
import * as pulumi from "@pulumi/pulumi";
import { iotdbHome } from "../lib/render/hostScripts";
import * as crypto from "crypto";
import { RemoteScript } from "../providers/remoteScript";
import { RemoteFile } from "../providers/remoteFile";
import { SshConnection } from "../providers/ssh";
import type { Ports, DistributionSource, HostToolsSource, IotdbRole, MemorySizes } from "../lib/model/config";
import { ArchiveFormat, isArchiveFormat } from "../lib/rules";
import { withNodeDefaults } from "../lib/plan/tuning";
import { FIXED_AT_FIRST_START_KEYS, parseSystemProperties } from "../lib/render/properties";
import { rebuildNodeScript } from "../lib/render/rebuildScript";
import { renderSystemProperties } from "../lib/render/properties";
import { installScript, configureScript, startScript, stopScript } from "../lib/render/hostScripts";
import { journalFile, withJournal } from "../lib/plan/layout";
import { claimDataDirScript, purgeDataDirScript } from "../lib/render/dataDirScripts";
import { stdinLines, ConfigNodeRestart } from "../lib/render/sqlScripts";
import { downloadScript } from "../lib/render/downloadScript";
import { hostToolsArchiveName, hostToolsScript } from "../lib/render/hostToolsScript";
import { stopFlusherScript } from "../lib/render/flusherScripts";
import { dependencies } from "./support/dependsOn";
import { NodeFacts } from "./support/policyFacts";
import { secretInputs } from "./support/secretInputs";
import { withoutSecrets } from "./support/registeredOutputs";

export interface IotdbNodeArgs {
    /** The machine. */
    connection: pulumi.Input<SshConnection>;
    /** Hostname of this node, used for cn_internal_address/dn_internal_address. Fixed at first start. */
    hostname: pulumi.Input<string>;
    /** cluster_name of the side. Fixed at first start. */
    clusterName: pulumi.Input<string>;
    /** `host:port` of the side's seed ConfigNode (this node for a standalone side). Fixed at first start. */
    seedConfigNode: pulumi.Input<string>;
    /**
     * What runs on this machine: `confignode`, `datanode` or both (a standalone side; the default).
     * A plain value: it decides which service resources exist; any other role is refused.
     */
    roles?: string[];
    /** IoTDB version; the distribution must be of this version. */
    version: pulumi.Input<string>;
    /**
     * The distribution tarball and its SHA-256: on the machine running Pulumi (`localPath`, copied over
     * SFTP), or at a `url` the machine fetches itself. A plain value, not an Input: it decides which
     * resource moves the file.
     */
    archive: DistributionSource;
    /**
     * The project's host tools archive (the SQL runner and the flusher, scripts/host-tools-dist.sh) on
     * the machine running Pulumi, with its SHA-256: copied over SFTP and installed as
     * `<home>/tools/iotdb-sql`, whatever the distribution. A plain value.
     */
    hostTools: HostToolsSource;
    /** Where IoTDB is installed (`<installDir>/apache-iotdb-<version>`). Can change (reinstall). */
    installDir: pulumi.Input<string>;
    /**
     * Base of every data directory. Fixed at first start. Kept when the node is deleted, unless
     * purgeDataOnDestroy and this stack claimed it (see the `-data` resource).
     */
    dataDir: pulumi.Input<string>;
    /** Owner tag (`<project>/<stack>`) of the data directory's marker. Default: this program's project and stack. */
    owner?: pulumi.Input<string>;
    /** IoTDB ports; the internal and consensus ones are fixed at first start. */
    ports: pulumi.Input<Ports>;
    /** MEMORY_SIZE of the ConfigNode and the DataNode, e.g. 512M and 2G. Changing them restarts the node. */
    memory: pulumi.Input<MemorySizes>;
    /**
     * Extra iotdb-system.properties entries (the side's replication and consensus among them), over
     * the project's node defaults (lib/plan/tuning.ts NODE_DEFAULTS). Default none. Changing one
     * restarts the node; changing one IoTDB fixes at first start replaces it.
     */
    systemProperties?: pulumi.Input<Record<string, string>>;
    /** root's password (a secret): the start script checks readiness with it (or the default on a fresh node). A change (a rotation) checks with the previous one until the side's credentials step changes it; the node is not restarted. */
    adminPassword: pulumi.Input<string>;
    /** Bound on the wait for every node to report Running. */
    startTimeoutSeconds: pulumi.Input<number>;
    /**
     * When the node itself is deleted (destroy, or taken out of the program), remove IoTDB's
     * subdirectories of its data directory, if this stack claimed it; never when the node is replaced.
     * Default false: data survives destroy.
     */
    purgeDataOnDestroy?: pulumi.Input<boolean>;
    /**
     * Asks for this node to be rebuilt: a value it did not have at the last up (e.g. the date) stops
     * the node, DELETES IoTDB's data in its data directory (only where this stack's marker is) and
     * starts it empty with the configuration as it is now. The only way a change of a value IoTDB
     * fixes at first start goes through; without it such a change is refused at preview (the
     * `-configure` step's check, providers/fixedAtFirstStart.ts). Default none. A plain value.
     */
    rebuild?: string;
    /** How the refusal names the fixed values: property key -> config field, and the field of `rebuild`. Default: the property keys, `rebuild`. */
    fixedFieldNames?: FixedFieldNames;
    /**
     * The side's rollout ticket (lib/plan/rollout.ts), on the side's DataNode that starts last: once
     * this machine's last role has started and is Running, its journal gets `rollout <ticket>`, which
     * the other side's rollout gate waits for. Default none: nothing recorded.
     */
    rolloutTicket?: pulumi.Input<string>;
    /**
     * Keep each role running without `pulumi up`: once Running, a supervisor starts it again whenever
     * its process is gone and at boot (a systemd unit where systemd runs the machine, a line of
     * /etc/rc.local otherwise; lib/render/supervisorScripts.ts). The stop step takes it away first.
     * Default true; false takes any supervisor away.
     */
    supervise?: pulumi.Input<boolean>;
}

/** Where a client reaches a node: its machine's address and the RPC port. */
export interface Endpoint {
    host: string;
    port: number;
}

/**
 * Which of the side's other services each of this node's services waits for besides this node's own
 * steps, in the order IoTDB's tooling starts a cluster (lib/plan/pairPlan.ts): the ConfigNode after
 * the side's earlier ConfigNodes (the seed first), the DataNode after every ConfigNode of the side and
 * the earlier DataNodes. Destroy runs the other way round.
 */
export interface StartAfter {
    confignode?: ResourceList;
    datanode?: ResourceList;
}

/** IotdbNode's options: a component's own, and the start order among the side's nodes (an option like dependsOn, not an input). */
export interface IotdbNodeOptions extends pulumi.ComponentResourceOptions {
    startAfter?: StartAfter;
}

/** The role services and data directory step of each node: accessors, not fields, so the package's schema lists no dynamic resource as an output. */
const stepsOf = new WeakMap<IotdbNode, { confignode?: RemoteScript; datanode?: RemoteScript; data: RemoteScript }>();

const ROLES: readonly IotdbRole[] = ["confignode", "datanode"];

/** The roles asked for, checked (a program in another language passes plain strings). */
export function rolesOf(name: string, roles: string[] | undefined): IotdbRole[] {
    const asked = roles ?? [...ROLES];
    const unknown = asked.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new Error(`${name}: roles ${JSON.stringify(unknown)} are not roles; use confignode, datanode or both`);
    return asked as IotdbRole[];
}

/** What the policy pack checks (components/support/policyFacts.ts): plain, non-secret, from the values the node uses. */
function policyFactsOf(args: IotdbNodeArgs): pulumi.Output<NodeFacts> {
    const address = pulumi.unsecret(pulumi.output(args.connection).apply((c) => c.host));
    const secrets = secretInputs(args.connection, { adminPassword: args.adminPassword });
    return pulumi.all([address, args.hostname, args.clusterName, args.version, args.ports, secrets]).apply(
        ([addr, hostname, clusterName, version, ports, s]) => ({ hostname, address: addr, clusterName, version, rpcPort: ports.dnRpc, secretInputs: s }));
}

/** Resources, or a promise of them for those made later (the side's other machines). */
export type ResourceList = pulumi.Resource[] | Promise<pulumi.Resource[]>;

/** `script`, then, when there is a ticket, `rollout <ticket>` journaled once it succeeded (lib/plan/rollout.ts). */
export function withRollout(installDir: string, ticket: string | undefined, script: string): string {
    return ticket ? withJournal(journalFile(installDir), `rollout ${ticket}`, script) : script;
}

/** startScript's `supervise`, unless the node's `supervise` is false. */
const supervision = (v: { supervise?: boolean; dataDir: string }) => (v.supervise === false ? {} : { supervise: { dataDir: v.dataDir } });

/** Where the distribution archive goes on the machine: `<installDir>/dist/apache-iotdb-<version>-bin.tar.gz` (or `.zip`). */
const distArchivePath = (installDir: string, version: string, format: DistributionSource["format"]) =>
    `${installDir}/dist/apache-iotdb-${version}-bin.${archiveFormat(format)}`;

/** The archive's format: `tar.gz` when absent; anything but `tar.gz` or `zip` is refused. */
function archiveFormat(format: string | undefined): ArchiveFormat {
    const f = format ?? "tar.gz";
    if (!isArchiveFormat(f)) throw new Error(`archive.format must be tar.gz or zip: ${JSON.stringify(format)}`);
    return f;
}

const digest = (v: unknown) => crypto.createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 16);

/**
 * One machine of a side, with its ConfigNode, its DataNode or both: copies the distribution, installs
 * it, writes its configuration, starts each role (one service resource per role) and waits until it
 * is ready; on delete stops each role (DataNode first) and waits until its processes are gone.
 */
export class IotdbNode extends pulumi.ComponentResource {
    /** Client endpoint of the node. */
    public readonly endpoint: pulumi.Output<Endpoint>;
    /** IoTDB home on the machine. */
    public readonly home: pulumi.Output<string>;
    /** Id of the last service started: depend on it for "this node is Running". */
    public readonly running: pulumi.Output<string>;
    /**
     * How to restart this machine's ConfigNode outside its service resource (its stop and start
     * scripts, stdin: root's password), and its log; undefined without a ConfigNode. The pipes' resume
     * uses it when IoTDB lost the ConfigNode's pipe lock (see resumePipeScript).
     */
    public readonly confignodeRestart?: pulumi.Output<ConfigNodeRestart>;
    /** The facts the policy pack checks: an input (resource policies) and an output (stack policies). */
    public readonly policyFacts: pulumi.Output<NodeFacts>;

    /** The ConfigNode's service, if this machine runs one. */
    public get confignode(): RemoteScript | undefined { return stepsOf.get(this)?.confignode; }
    /** The DataNode's service, if this machine runs one. */
    public get datanode(): RemoteScript | undefined { return stepsOf.get(this)?.datanode; }
    /** The data directory: claimed for this stack when the node is made, purged on delete if asked. */
    public get data(): RemoteScript { return stepsOf.get(this)!.data; }

    constructor(name: string, args: IotdbNodeArgs, options?: IotdbNodeOptions) {
        const { startAfter, ...opts } = options ?? {};
        const policyFacts = policyFactsOf(args);
        // startAfter is an option, not an input: it names resources made under the pair, not values.
        super("iotdb:index:IotdbNode", name, { ...args, policyFacts }, opts);
        this.policyFacts = policyFacts;
        const roles = rolesOf(name, args.roles);
        // Everything but the password: scripts derived from a secret would be hidden in every diff.
        const { adminPassword, ...plain } = args;
        const a = pulumi.output(plain);
        // A component's dependsOn does not hold back its children: hand it down.
        const after = (...own: pulumi.Resource[]) => [...own, ...dependencies(opts)];
        this.home = a.apply((v) => iotdbHome(v.installDir, v.version));

        const source = args.archive;
        const archivePath = a.apply((v) => distArchivePath(v.installDir, v.version, source.format));
        const archive: pulumi.Resource = source.url
            ? new RemoteScript(`${name}-archive`, {
                connection: args.connection,
                step: `download IoTDB (${name})`,
                create: archivePath.apply((path) => downloadScript({ url: source.url!, sha256: source.sha256, sha512: source.sha512, path })),
            }, { parent: this, dependsOn: after() })
            : new RemoteFile(`${name}-archive`, {
                connection: args.connection,
                localPath: source.localPath!,
                remotePath: archivePath,
                sha256: source.sha256!,
            }, { parent: this, dependsOn: after() });

        const installText = a.apply((v) => installScript({
            archivePath: distArchivePath(v.installDir, v.version, source.format), format: archiveFormat(source.format),
            archiveSha256: source.sha512 ? undefined : source.sha256, archiveSha512: source.sha512, installDir: v.installDir, version: v.version,
        }));
        const install = new RemoteScript(`${name}-install`, {
            connection: args.connection,
            step: `install IoTDB (${name})`,
            create: installText,
            // The version installed, recorded: a change IoTDB cannot make in place is refused at preview.
            installedVersion: a.apply((v) => ({ node: v.hostname, version: v.version, sideOfSeveral: v.seedConfigNode !== `${v.hostname}:${v.ports.cnInternal}` })),
        }, { parent: this, dependsOn: after(archive) });

        // The project's SQL runner and flusher, from their own archive: installed again whenever IoTDB is (its tools/ is replaced).
        const toolsPath = a.apply((v) => `${v.installDir}/dist/${hostToolsArchiveName(v.version)}`);
        const toolsArchive = new RemoteFile(`${name}-host-tools-archive`, {
            connection: args.connection, localPath: args.hostTools.localPath, remotePath: toolsPath, sha256: args.hostTools.sha256,
        }, { parent: this, dependsOn: after() });
        const tools = new RemoteScript(`${name}-host-tools`, {
            connection: args.connection,
            step: `install the host tools (${name})`,
            create: pulumi.all([toolsPath, this.home]).apply(([archivePath, home]) => hostToolsScript({ archivePath, archiveSha256: args.hostTools.sha256, home })),
            triggers: [installText.apply(digest)],
        }, { parent: this, dependsOn: after(install, toolsArchive) });

        // What IoTDB fixes at first start: a change replaces the node's configuration and service.
        const identity = a.apply((v) => digest({
            hostname: v.hostname, clusterName: v.clusterName, seed: v.seedConfigNode, dataDir: v.dataDir,
            ports: [v.ports.cnInternal, v.ports.cnConsensus, v.ports.dnInternal, v.ports.dnMpp, v.ports.dnSchemaConsensus, v.ports.dnDataConsensus],
            fixed: Object.entries(v.systemProperties ?? {}).filter(([k]) => FIXED_AT_FIRST_START_KEYS.includes(k)).sort(),
            // A rebuild asked: a new node on the purged directory (the `-rebuild` step below).
            rebuild: v.rebuild,
        }));
        const properties = a.apply((v) => renderSystemProperties({
            clusterName: v.clusterName, internalAddress: v.hostname, seedConfigNode: v.seedConfigNode,
            rpcAddress: v.hostname, ports: v.ports, dataDir: v.dataDir,
            extra: withNodeDefaults(v.systemProperties ?? {}),
        }));
        const configureText = pulumi.all([this.home, properties, a.memory]).apply(([home, props, mem]) => configureScript({
            home, systemProperties: props, confignodeMemory: mem.confignode, datanodeMemory: mem.datanode,
        }));
        // What IoTDB fixed at the node's first start, from the rendered file: the configure step's
        // check refuses a change of it unless the node's rebuild is asked (providers/fixedAtFirstStart.ts).
        // cluster_name is hot_reload in 2.0.10's template, but "manually modifying" it in the file makes
        // the restart fail (the template's own words): it is refused the same way.
        const fixed = pulumi.all([properties, args.hostname]).apply(([props, hostname]) => {
            const parsed = parseSystemProperties(props);
            const values: Record<string, string> = {};
            for (const k of ["cluster_name", ...FIXED_AT_FIRST_START_KEYS]) if (parsed.has(k)) values[k] = parsed.get(k)!;
            const names = args.fixedFieldNames;
            return {
                node: hostname, values, ...(names ? { fields: names.fields, rebuildField: names.rebuild } : {}),
                ...(args.rebuild !== undefined ? { rebuild: args.rebuild } : {}),
            };
        });
        // The rebuild step, when asked (declared below, after the data directory): the configuration waits for it.
        let rebuildDeclared!: (r: pulumi.Resource[]) => void;
        const rebuildStep = new Promise<pulumi.Resource[]>((resolve) => { rebuildDeclared = resolve; });
        const configure = new RemoteScript(`${name}-configure`, {
            connection: args.connection,
            step: `configure IoTDB (${name})`,
            create: configureText,
            triggers: [identity],
            fixed,
        }, { parent: this, dependsOn: rebuildStep.then((r) => after(install, tools, ...r)) as Promise<pulumi.Input<pulumi.Resource>[]> as pulumi.Input<pulumi.Input<pulumi.Resource>[]> });

        // The data directory: claimed for this stack (a marker in it) before any service writes there;
        // deleted after the services, purging only when purgeDataOnDestroy. Nothing a replacement of
        // the services changes (memory, properties, version, ports) is among its inputs, and it is
        // never replaced (another dataDir or address is an update in place that keeps the old data).
        const dataDir = pulumi.all([args.dataDir, args.installDir, args.owner ?? `${pulumi.getProject()}/${pulumi.getStack()}`, args.hostname, args.purgeDataOnDestroy])
            .apply(([dataDir, installDir, owner, hostname, purge]) => ({ params: { dataDir, installDir, owner, hostname }, purge: purge === true }));
        const data = new RemoteScript(`${name}-data`, {
            connection: args.connection,
            step: `data directory (${name})`,
            create: dataDir.apply((d) => claimDataDirScript(d.params)),
            delete: dataDir.apply((d) => (d.purge ? purgeDataDirScript(d.params) : "")),
            neverReplace: true,
        }, { parent: this, dependsOn: after() });
        // Asked for: stops the node and purges its data before the new configuration is written.
        rebuildDeclared(args.rebuild === undefined ? [] : [new RemoteScript(`${name}-rebuild`, {
            connection: args.connection,
            step: `rebuild IoTDB (${name}): its data deleted, as asked`,
            create: pulumi.all([dataDir, this.home]).apply(([d, home]) => rebuildNodeScript({ ...d.params, home, roles, stopTimeoutSeconds: 120 })),
            triggers: [args.rebuild],
        }, { parent: this, dependsOn: after(install, data) })]);

        // One service per role. A change of configuration restarts it: stop with the old, start with the new.
        const stdin = pulumi.secret(pulumi.output(adminPassword).apply((pw) => stdinLines([pw])));
        const lastRole = roles.includes("datanode") ? "datanode" : "confignode";
        const service = (role: IotdbRole, after: ResourceList | undefined, own: pulumi.Resource[]) => {
            const waitFor: Promise<pulumi.Resource[]> = Promise.resolve(after ?? []).then((list) => [...list, ...own, configure, data, ...(dependencies(opts) as pulumi.Resource[])]);
            return new RemoteScript(`${name}-${role}`, {
                connection: args.connection,
                step: `start the ${role} (${name})`,
                create: a.apply((v) => withRollout(v.installDir, role === lastRole ? v.rolloutTicket : undefined, withJournal(journalFile(v.installDir), `${role} started`, startScript({
                    home: iotdbHome(v.installDir, v.version), rpcHost: v.hostname, rpcPort: v.ports.dnRpc, user: "root",
                    timeoutSeconds: v.startTimeoutSeconds, roles: [role], internalAddress: v.hostname, cnInternalPort: v.ports.cnInternal,
                    ...supervision(v),
                })))),
                // The DataNode's flusher stops first: no FLUSH reaches a DataNode while it shuts down
                // or recovers (the Flusher resource starts it again once the DataNode is back).
                delete: a.apply((v) => withJournal(journalFile(v.installDir), `${role} stopped`,
                    (role === "datanode" ? stopFlusherScript(iotdbHome(v.installDir, v.version)) + "\n" : "")
                    + stopScript({ home: iotdbHome(v.installDir, v.version), timeoutSeconds: 120, roles: [role] }))),
                stdin,
                // A rotation of root's password: the nodes are checked before the credentials step changes it.
                previousStdinOnUpdate: true,
                // A role found down (killed, rebooted) on a later up is started again.
                probe: a.apply((v) => ({ host: (v.connection as SshConnection).host, port: role === "datanode" ? v.ports.dnRpc : v.ports.cnInternal })),
                triggers: [identity, configureText.apply(digest), install.id],
            }, {
                parent: this,
                dependsOn: waitFor,
                customTimeouts: { create: "30m", delete: "10m" },
            });
        };
        const confignode = roles.includes("confignode") ? service("confignode", startAfter?.confignode, []) : undefined;
        if (confignode) {
            this.confignodeRestart = a.apply((v) => {
                const home = iotdbHome(v.installDir, v.version);
                return {
                    stop: stopScript({ home, timeoutSeconds: 120, roles: ["confignode"] }),
                    start: startScript({ home, rpcHost: v.hostname, rpcPort: v.ports.dnRpc, user: "root", timeoutSeconds: v.startTimeoutSeconds,
                        roles: ["confignode"], internalAddress: v.hostname, cnInternalPort: v.ports.cnInternal, ...supervision(v) }),
                    log: `${home}/logs/log_confignode_all.log`,
                };
            });
        }
        const datanode = roles.includes("datanode") ? service("datanode", startAfter?.datanode, confignode ? [confignode] : []) : undefined;
        stepsOf.set(this, { confignode, datanode, data });
        const last = datanode ?? confignode;
        if (!last) throw new Error(`${name}: roles must name confignode, datanode or both`);
        this.running = last.id;

        this.endpoint = a.apply((v) => ({ host: (v.connection as SshConnection).host, port: v.ports.dnRpc }));
        this.registerOutputs(withoutSecrets({ endpoint: this.endpoint, home: this.home, running: this.running, policyFacts: this.policyFacts }));
    }
}
