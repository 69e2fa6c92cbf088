// DualActivePair's Args: the keys of the project's stack config (docs/configuration.md), so that a
// program in any language passes what a stack of this project holds. The component validates them
// with the project's parser (lib/config/pairConfig.ts) before it declares anything. Every interface
// is named and no field is a union: the component package's schema analyzer takes nothing else.
import * as pulumi from "@pulumi/pulumi";

/** One machine of a side (`sideA.nodes[]`). */
export interface PairNodeArgs {
    /**
     * Name IoTDB uses for the node's internal and client addresses and its seed; written to every
     * machine's /etc/hosts; not an IP address. Required. Fixed at first start: the node's resources
     * are named after it, so a change stops the old node and sets up a new one.
     */
    hostname: string;
    /**
     * IPv4 address or DNS name the hostname resolves to, and where Pulumi connects over SSH. Required.
     * A change moves the node: each of its steps is set up from scratch at the new address.
     */
    address: string;
    /**
     * What runs on the machine: `confignode`, `datanode` or both (a standalone side). Default both.
     * The side's first ConfigNode is its seed; its first DataNode runs its SQL. A role added is started,
     * a role removed is stopped.
     */
    roles?: string[];
    /**
     * Take this DataNode-only machine out of the side: `remove datanode` moves its regions to the
     * other DataNodes, then its resources are deleted and the other side's pipe stops sending to it.
     * Default false; back to false is not supported while the machine keeps that data directory.
     */
    decommission?: boolean;
    /**
     * The machine's SSH host key fingerprint (`SHA256:...` as `ssh-keygen -lf` prints it), trusted instead
     * of `ssh.knownHostsPath` for it. Default none. A change re-runs the steps' scripts.
     */
    hostKey?: string;
    /**
     * Rebuild this node on purpose: a value it did not have at the last up (e.g. the date) DELETES its
     * IoTDB data and starts it empty with the configuration as it is now, the only way a value IoTDB
     * fixed at first start changes (such a change is refused at preview otherwise). Default none.
     */
    rebuild?: string;
    /**
     * IPv4 address the pair's machines reach this one at, written to every machine's /etc/hosts for its
     * hostname. Default `address`; required when `address` is a DNS name. A change rewrites those lines.
     */
    ip?: string;
}

/** Replicas within one side (`sideA.replication`), each fixed at first start. */
export interface SideReplicationArgs {
    /** `schema_replication_factor`, at most the side's DataNodes. Default 1. A change needs new nodes. */
    schema?: number;
    /** `data_replication_factor`, at most the side's DataNodes. Default 1. A change needs new nodes. */
    data?: number;
}

/** Consensus protocols of a side's regions (`sideA.consensus`), each fixed at first start. */
export interface SideConsensusArgs {
    /** RatisConsensus or SimpleConsensus (the latter with a factor of 1 only). Default: IoTDB's. */
    schemaRegion?: string;
    /** IoTConsensus, IoTConsensusV2, RatisConsensus or SimpleConsensus (a factor of 1). Default: IoTDB's. */
    dataRegion?: string;
}

/** One side of the pair (`sideA`, `sideB`): its own IoTDB cluster. */
export interface PairSideArgs {
    /** IoTDB `cluster_name` of the side; the two must differ. Required. Fixed at first start. */
    clusterName: string;
    /** The side's machines, seed ConfigNode first. Required. A machine added joins the side; nothing restarts. */
    nodes: PairNodeArgs[];
    /** Replicas within the side. Default 1 and 1. */
    replication?: SideReplicationArgs;
    /** Consensus protocols of its regions. Default: IoTDB's. */
    consensus?: SideConsensusArgs;
    /**
     * IoTDB path patterns this side's clients write (`root.site_a.**` or full paths): its pipe carries
     * these and nothing else, and the two sides' lists may not overlap (a path carried both ways
     * loops for good on IoTDB 2.0.10). Required. A change replaces the side's pipe.
     */
    owns: string[];
}

/** How Pulumi logs in to every machine (`ssh`). */
export interface PairSshArgs {
    /** Login user; it writes installDir, dataDir and /etc/hosts. Default root. A change re-runs the steps. */
    user?: string;
    /** SSH port of every machine. Default 22. A change re-runs the steps. */
    port?: number;
    /** Private key file on the machine running Pulumi, read at run time, never stored. Required. */
    privateKeyPath?: string;
    /** Seconds of one connection attempt. Default 10. */
    dialTimeoutSeconds?: number;
    /** Connection attempts before a step fails naming the machine. Default 3. */
    dialAttempts?: number;
    /**
     * known_hosts file holding every machine's host key: an unknown or different key is refused before
     * any login, naming its fingerprint. Default the user's ~/.ssh/known_hosts. A change re-runs the steps' scripts.
     */
    knownHostsPath?: string;
    /**
     * Seconds one remote step may run before it is stopped and fails naming itself and the machine
     * (raised for steps that wait longer themselves). Default 1800. A change re-runs the steps' scripts.
     */
    stepTimeoutSeconds?: number;
}

/** `MEMORY_SIZE` of each role (`memory`); a change restarts the nodes. */
export interface PairMemoryArgs {
    /** The ConfigNode's, e.g. 512M. Default 1G. */
    confignode?: string;
    /** The DataNode's, e.g. 2G. Default 4G; the component refuses one too small for `replication.databases`. */
    datanode?: string;
}

/** IoTDB ports of every node (`ports`); the internal and consensus ones are fixed at first start. */
export interface PairPortsArgs {
    /** `cn_internal_port`, also the seed's. Default 10710. Fixed at first start. */
    cnInternal?: number;
    /** `cn_consensus_port`. Default 10720. Fixed at first start. */
    cnConsensus?: number;
    /** `dn_rpc_port`, the client port the pipes send to. Default 6667. A change restarts the nodes and replaces both pipes. */
    dnRpc?: number;
    /** `dn_internal_port`. Default 10730. Fixed at first start. */
    dnInternal?: number;
    /** `dn_mpp_data_exchange_port`. Default 10740. Fixed at first start. */
    dnMpp?: number;
    /** `dn_schema_region_consensus_port`. Default 10750. Fixed at first start. */
    dnSchemaConsensus?: number;
    /** `dn_data_region_consensus_port`. Default 10760. Fixed at first start. */
    dnDataConsensus?: number;
}

/** One pipe's own settings (`pipes.ab`, `pipes.ba`); a change replaces the pipe. */
export interface PairPipeArgs {
    /** Pipe ID. Default AB for `ab`, BA for `ba`. */
    name?: string;
    /** Extra source attributes the project allows (PIPE_ATTRIBUTES_ALLOWED in lib/plan/replication.ts); they win over the project's. Default none. */
    source?: Record<string, string>;
    /** Extra sink attributes the project allows; they win over the project's. Default none. */
    sink?: Record<string, string>;
}

/** The two pipes (`pipes`): `ab` runs on side A towards B, `ba` on side B towards A. */
export interface PairPipesArgs {
    /** The pipe from A to B. */
    ab?: PairPipeArgs;
    /** The pipe from B to A. */
    ba?: PairPipeArgs;
}

/** Where the IoTDB tarball comes from (`distribution`); a change installs again. */
export interface PairDistributionArgs {
    /** The tarball on the machine running Pulumi, its SHA-256 in `<file>.sha256`. Default: the one `npm run setup` built. */
    localPath?: string;
    /** http(s) URL of a .zip or .tar.gz every machine downloads instead (e.g. Apache's `apache-iotdb-<v>-all-bin.zip`); not with localPath. Default none. */
    url?: string;
    /** SHA-512 (128 hex digits) of the archive at url, as Apache publishes it; with url, this or sha256. */
    sha512?: string;
    /** SHA-256 (64 hex digits) of the archive at url; with url, this or sha512. */
    sha256?: string;
}

/** Replication between the two sides (`replication`). */
export interface PairReplicationArgs {
    /** Bound in seconds from a write on one side to its row readable on the other (1 to 3600). Default 2. A change restarts the flushers only. */
    maxLagSeconds?: number;
    /** Databases the pair carries: sizes and checks the DataNodes' memory. Default 16. A change is only checked. */
    databases?: number;
    /** Milliseconds between two flushes of each DataNode, below the bound. Default maxLagSeconds less 1 s, at least 500. A change restarts the flushers only. */
    flushIntervalMs?: number;
}

/** The reporters' ports (`monitoring.ports`), each different from every IoTDB port. */
export interface PairMonitoringPortsArgs {
    /** `cn_metric_prometheus_reporter_port`. Default 9091. A change restarts the nodes. */
    confignode?: number;
    /** `dn_metric_prometheus_reporter_port`. Default 9092. A change restarts the nodes. */
    datanode?: number;
}

/** IoTDB's Prometheus reporter on every node (`monitoring`). */
export interface PairMonitoringArgs {
    /** Serve every ConfigNode's and DataNode's metrics for Prometheus (output scrapeTargets). Default false. A change restarts the nodes. */
    prometheus?: boolean;
    /** `cn_`/`dn_metric_level`: CORE, IMPORTANT, NORMAL or ALL. Default IMPORTANT. A change restarts the nodes. */
    level?: string;
    /** The reporters' ports. Default 9091 and 9092. */
    ports?: PairMonitoringPortsArgs;
}

/**
 * What a DualActivePair is made from. The settings are plain values, as in a stack's config: they
 * decide which resources exist and are validated all at once before any is declared. The passwords
 * may be Outputs (secrets).
 */
export interface DualActivePairArgs {
    /** IoTDB version to install. Default 2.0.10 (the only one supported). A change installs it beside the old one and restarts each node from it. */
    iotdbVersion?: string;
    /** Side A. Required. */
    sideA: PairSideArgs;
    /** Side B. Required. */
    sideB: PairSideArgs;
    /** How Pulumi logs in to every machine. Required (privateKeyPath). */
    ssh: PairSshArgs;
    /** Install root (IoTDB in `<installDir>/apache-iotdb-<version>`). Default /opt/iotdb. A change installs there and restarts each node. */
    installDir?: string;
    /** Base of every data directory, a directory of its own. Default /var/lib/iotdb. Fixed at first start. */
    dataDir?: string;
    /** MEMORY_SIZE of each role. Default 1G and 4G. */
    memory?: PairMemoryArgs;
    /** IoTDB ports. Default IoTDB's. */
    ports?: PairPortsArgs;
    /** The pipes' names and own attributes. */
    pipes?: PairPipesArgs;
    /** IoTDB user each pipe logs in to the receiving side as. Default dualsync. A change creates it and replaces both pipes. */
    syncUser?: string;
    /** Bound of the wait for every node to report Running, in seconds (10 to 3600). Default 300. */
    startTimeoutSeconds?: number;
    /** Remove IoTDB's subdirectories of a node's data directory when the node itself is destroyed (only where this stack claimed it). Default false. */
    purgeDataOnDestroy?: boolean;
    /**
     * Restart side A first and side B once A is back and drained, behind a gate (`dual-rollout`). Default
     * false: both sides restart at once. A change adds or removes the gate; nothing restarts.
     */
    rollingRestarts?: boolean;
    /**
     * Start a node again without `pulumi up` when its process is gone (a crash, a kill) or its machine
     * rebooted: a supervisor per role (a systemd unit where systemd runs the machine, an /etc/rc.local
     * line otherwise). Default true. A change sets the supervisors up or takes them away; nothing restarts.
     */
    superviseNodes?: boolean;
    /** Extra iotdb-system.properties entries for every node; they win over the project's tuning. Default none. A change restarts the nodes. */
    systemProperties?: Record<string, string>;
    /** Where the IoTDB tarball comes from. Default: the one `npm run setup` built. */
    distribution?: PairDistributionArgs;
    /** Replication between the two sides. */
    replication?: PairReplicationArgs;
    /** IoTDB's Prometheus reporter on every node. Default off. */
    monitoring?: PairMonitoringArgs;
    /** root's password on side A, a secret (4 to 32 letters, digits or -_!@#$%^&*()+=). Required; `up` does not rotate it alone. */
    adminPassword: pulumi.Input<string>;
    /** root's password on side B, a secret like adminPassword and different from it. Required. */
    adminPasswordB: pulumi.Input<string>;
    /** The replication user's password on side A (pipe BA logs in with it), a secret like adminPassword. Required. */
    syncPassword: pulumi.Input<string>;
    /** The replication user's password on side B (pipe AB logs in with it), a secret different from syncPassword. Required. */
    syncPasswordB: pulumi.Input<string>;
    /** Owner tag of the /etc/hosts lines and data directory markers, e.g. `<project>/<stack>`. Required. */
    owner: string;
}
