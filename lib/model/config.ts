// The shape of a validated stack configuration: types only, importing nothing. lib/config/ parses
// and validates the raw stack config into these; lib/plan/ and components/ read them.

/** What runs on a machine. */
export type IotdbRole = "confignode" | "datanode";

/** One machine of a side. */
export interface NodeConfig {
    /** Hostname IoTDB uses for its internal addresses and seeds; written to every machine's /etc/hosts. */
    hostname: string;
    /** Address the hostname resolves to, and where Pulumi connects over SSH. */
    address: string;
    /** What runs on it (default both). The side's first ConfigNode is its seed. */
    roles: IotdbRole[];
    /**
     * Take this DataNode out of the side: `up` removes it from the IoTDB cluster (`remove datanode`,
     * which moves its regions to the others) and then stops it. Remove the entry from the config after.
     */
    decommission: boolean;
    /** The machine's SSH host key fingerprint (`SHA256:...`), checked instead of the known_hosts file. */
    hostKey?: string;
    /**
     * An explicit ask to rebuild this node: a value it did not have at the last up deletes IoTDB's data
     * on the machine and starts it empty (the only way a value IoTDB fixed at first start changes).
     */
    rebuild?: string;
    /**
     * IPv4 address the pair's machines reach this one at: what its hostname maps to in every machine's
     * /etc/hosts. Unset: `address`, which must then be an IPv4 address (a hosts line cannot hold a DNS name).
     */
    ip?: string;
}

/** How many copies of each schema and data region a side keeps. */
export interface ReplicationFactors {
    schema: number;
    data: number;
}

/** Consensus protocols of a side's regions, by short name (lib/plan/sides.ts CONSENSUS_CLASSES). */
export interface ConsensusProtocols {
    schemaRegion?: string;
    dataRegion?: string;
}

/** One side of the pair (A or B): a standalone node, or a cluster of ConfigNodes and DataNodes. */
export interface SideConfig {
    /** IoTDB cluster_name of this side; must differ from the other side's. Fixed at first start. */
    clusterName: string;
    /** The side's machines, seed ConfigNode first. */
    nodes: NodeConfig[];
    /** Schema and data replication factors (each at most the number of DataNodes). Fixed at first start. */
    replication: ReplicationFactors;
    /** Consensus protocol of schema and data regions (short names of CONSENSUS_CLASSES); IoTDB's default when absent. Fixed at first start. */
    consensus: ConsensusProtocols;
    /**
     * IoTDB path patterns this side's clients write (e.g. `root.site_a.**`): its pipe carries these and
     * nothing else to the other side. The two sides' patterns never overlap (lib/plan/replication.ts: a path
     * carried both ways loops for good on IoTDB 2.0.10).
     */
    owns: string[];
}

export interface SshConfig {
    user: string;
    port: number;
    /** Private key file on the machine running Pulumi (read at run time, never stored in state). */
    privateKeyPath?: string;
    /** Seconds for one connection attempt. */
    dialTimeoutSeconds: number;
    /** Connection attempts before an error names the host. */
    dialAttempts: number;
    /** known_hosts file holding every machine's host key; the user's ~/.ssh/known_hosts when absent. */
    knownHostsPath?: string;
    /** Seconds one remote step may run before it is stopped and fails, naming itself and the machine. */
    stepTimeoutSeconds: number;
}

/** Ports of the two nodes; every one can be overridden. */
export interface IotdbPorts {
    /** `cn_internal_port` (default 10710): the ConfigNode's internal RPC port, also the seed port. */
    cnInternal: number;
    /** `cn_consensus_port` (default 10720). */
    cnConsensus: number;
    /** `dn_rpc_port` (default 6667): the client port. */
    dnRpc: number;
    /** `dn_internal_port` (default 10730). */
    dnInternal: number;
    /** `dn_mpp_data_exchange_port` (default 10740). */
    dnMpp: number;
    /** `dn_schema_region_consensus_port` (default 10750). */
    dnSchemaConsensus: number;
    /** `dn_data_region_consensus_port` (default 10760). */
    dnDataConsensus: number;
}

export type Ports = IotdbPorts;

export interface PipeConfig {
    /** Pipe ID in IoTDB. */
    name: string;
    /** Extra source attributes (`source.` prefix added when missing). */
    source: Record<string, string>;
    /** Extra sink attributes (`sink.` prefix added when missing). */
    sink: Record<string, string>;
}

/** Where the distribution archive comes from: a file here (copied over SFTP) or a URL the machines fetch. */
export interface DistributionSource {
    /** The tarball on the machine running Pulumi (default: the one scripts/iotdb-dist.sh built). */
    localPath?: string;
    /** http(s) URL of an IoTDB archive (e.g. Apache's `apache-iotdb-<v>-all-bin.zip`), fetched by each machine. */
    url?: string;
    /** Its SHA-256 (hex): always with localPath; with url unless sha512 is given. */
    sha256?: string;
    /** Its SHA-512 (hex), as Apache publishes it; with url only. */
    sha512?: string;
    /**
     * `tar.gz` (the default) or `zip` (from the URL's name, archiveFormatOf in lib/rules.ts); any other
     * value is refused. A plain string: Pulumi's component schema has no union types.
     */
    format?: string;
}

/** The project's host tools (tools/iotdb-sql/: the SQL runner and the flusher), built by scripts/host-tools-dist.sh. */
export interface HostToolsSource {
    /** The archive on the machine running Pulumi, copied to each machine over SFTP. */
    localPath: string;
    /** Its SHA-256 (hex), from `<file>.sha256` beside it. */
    sha256: string;
}

/** MEMORY_SIZE of each role (`512M`, `2G`). */
export interface MemorySizes {
    confignode: string;
    datanode: string;
}

/** The two pipes: `ab` runs on side A towards B, `ba` on side B towards A. */
export interface PairPipes {
    ab: PipeConfig;
    ba: PipeConfig;
}

/** The `distribution` key as validated: `url` with `sha512` or `sha256`, or `localPath` alone, or nothing. */
export interface DistributionSettings {
    localPath?: string;
    url?: string;
    sha256?: string;
    sha512?: string;
}

/** The validated configuration of a dual-active pair. */
export interface PairConfig {
    iotdbVersion: string;
    sideA: SideConfig;
    sideB: SideConfig;
    ssh: SshConfig;
    installDir: string;
    dataDir: string;
    memory: MemorySizes;
    ports: Ports;
    pipes: PairPipes;
    syncUser: string;
    startTimeoutSeconds: number;
    purgeDataOnDestroy: boolean;
    /** Restart side A first and side B once A is back and drained (lib/plan/rollout.ts); off: both at once. */
    rollingRestarts: boolean;
    /** Supervise every node: started again without `up` when its process is gone or its machine rebooted (lib/render/supervisorScripts.ts). */
    superviseNodes: boolean;
    /** Extra iotdb-system.properties entries, for both sides. */
    systemProperties: Record<string, string>;
    /** `{ url, sha512 | sha256 }` when the machines fetch the distribution; `{ localPath? }` or absent otherwise. */
    distribution: DistributionSettings;
    /** Replication between the sides (lib/plan/replication.ts derives the flush interval from it). */
    replication: ReplicationConfig;
    /** IoTDB's Prometheus reporter on every node (lib/plan/monitoring.ts). */
    monitoring: MonitoringConfig;
}

/** IoTDB's Prometheus reporter on every ConfigNode and DataNode. */
export interface MonitoringConfig {
    /** Whether every node serves its metrics for Prometheus (`cn_`/`dn_metric_reporter_list=PROMETHEUS`). */
    prometheus: boolean;
    /** `cn_`/`dn_metric_level`: CORE, IMPORTANT, NORMAL or ALL. */
    level: string;
    /** The reporters' ports (`cn_`/`dn_metric_prometheus_reporter_port`). */
    ports: { confignode: number; datanode: number };
}

/** How far behind the other side may be, and how much the pair carries. */
export interface ReplicationConfig {
    /** Bound on the time from a write on one side to its row being readable on the other, in seconds. */
    maxLagSeconds: number;
    /** Databases the pair carries (each side holds all of them): sizes and checks the DataNodes' memory. */
    databases: number;
    /** Milliseconds between two flushes of each DataNode; default from maxLagSeconds (lib/plan/replication.ts). */
    flushIntervalMs: number;
}
