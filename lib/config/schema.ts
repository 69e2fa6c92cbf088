// The config schema: every key of the `iotdb-dual-active:` namespace and each of its fields, as plain
// data: its meaning, its default (the value the section parsers fill in, from defaults.ts), whether
// IoTDB fixes it at first start, whether it is a secret, what a change does, and for each top-level
// key its type. `npm run docs` renders it into docs/configuration.md and Pulumi.yaml's `config:`
// block; CONFIG_KEYS (what index.ts reads) comes from it; test/unit/configReference.test.ts fails when
// a key or field the parser reads (or a default it fills in) is missing here or differs.
import { SUPPORTED_IOTDB_VERSIONS, IOTDB_ROLES, CONSENSUS_CLASSES, DEFAULTS } from "./defaults";

import type { ConfigEntry, ConfigType } from "./schemaRows";
import { filled, FIXED_CHANGE, RESTART, RERUN, PASSWORD_DEFAULT, both, port, pipe } from "./schemaRows";
export type { ConfigEntry, ConfigType, FixedAtFirstStart } from "./schemaRows";

/** The reference, in the order of docs/configuration.md. */
export const CONFIG_REFERENCE: ConfigEntry[] = [
    {
        keys: ["iotdbVersion"],
        meaning: `IoTDB version to install; one of ${SUPPORTED_IOTDB_VERSIONS.join(", ")} (SUPPORTED_IOTDB_VERSIONS in lib/config/defaults.ts)`,
        ...filled(DEFAULTS.iotdbVersion), type: "string", fixedAtFirstStart: "no", secret: false,
        onChange: "installs the version beside the old one, then stops each node and starts it from the new home on the same data, side A then B (see the runbook); a downgrade or a skipped release line is refused at preview",
    },
    {
        keys: ["sideA", "sideB"],
        meaning: "one side of the pair, its own IoTDB cluster: `{ clusterName, nodes, replication, consensus }`",
        default: "required", type: "object", fixedAtFirstStart: "per field", secret: false,
        onChange: "see its fields",
    },
    {
        keys: both(".clusterName"),
        meaning: "IoTDB `cluster_name` of the side; the two must differ",
        default: "required", fixedAtFirstStart: "yes", secret: false,
        onChange: FIXED_CHANGE,
    },
    {
        keys: both(".nodes"),
        meaning: "the side's machines, in order: one with both roles (a standalone side) or several (a cluster); the first ConfigNode is the side's seed, the first DataNode runs the side's SQL (credentials, its pipe)",
        default: "required", fixedAtFirstStart: "per field", secret: false,
        onChange: "a machine added is set up and joins the side (the other machines' /etc/hosts and the pipe towards this side learn of it; nothing restarts); see the runbook for removing one",
    },
    {
        keys: both(".nodes[].hostname"),
        meaning: "name IoTDB uses for the node's internal and client addresses and its seed; written to every machine's /etc/hosts; not an IP address",
        default: "required", fixedAtFirstStart: "yes", secret: false,
        onChange: "a new node: its resources are named after the hostname, so the old node is stopped and its /etc/hosts lines removed, and a new one is set up",
    },
    {
        keys: both(".nodes[].address"),
        meaning: "IPv4 address or DNS name where Pulumi connects over SSH; also the IP the hostname maps to in every machine's /etc/hosts unless `ip` is set (a DNS name here needs `ip`: a hosts line holds an IP)",
        default: "required", fixedAtFirstStart: "no", secret: false,
        onChange: "moves the node: each step on it is replaced (stopped at the old address first, set up from scratch at the new one; data is not copied); every machine's /etc/hosts is rewritten (see the runbook)",
    },
    {
        keys: both(".nodes[].roles"),
        meaning: `what runs on the machine: a list of ${IOTDB_ROLES.map((r) => `\`${r}\``).join(", ")}`,
        ...filled(DEFAULTS.node.roles), fixedAtFirstStart: "no", secret: false,
        onChange: "starts the service of a role added; stops the service of a role removed (IoTDB keeps listing that node: to take a DataNode out of the cluster, use decommission)",
    },
    {
        keys: both(".nodes[].decommission"),
        meaning: "take this DataNode-only machine out of the side: `up` runs `remove datanode` (IoTDB moves its regions to the other DataNodes), the machine's IoTDB stops, and the other side's pipe stops sending to it; then delete the entry",
        ...filled(DEFAULTS.node.decommission), fixedAtFirstStart: "no", secret: false,
        onChange: "true: the node is removed from the cluster, its resources deleted (data kept unless purgeDataOnDestroy), the other side's pipe replaced. Back to false is not supported while the machine keeps that data directory: IoTDB would see a removed node",
    },
    {
        keys: both(".nodes[].ip"),
        meaning: "IPv4 address the pair's machines reach this one at: what its hostname maps to in every machine's /etc/hosts (lines marked `# managed-by <project>/<stack>`; other lines are never touched). Required when `address` is a DNS name; lets SSH go to one address while the nodes talk over another network",
        default: "none (the address, which must then be an IPv4 address)", fixedAtFirstStart: "no", secret: false,
        onChange: "every machine's /etc/hosts line for the hostname is rewritten (nothing else is replaced); IoTDB nodes already connected keep their connections until they reconnect",
    },
    {
        keys: both(".nodes[].rebuild"),
        meaning: "an explicit ask to rebuild the node: a value it did not have at the last `up` (e.g. the date, `2026-12-02`; up to 64 letters, digits, `.`, `_`, `:`, `-`) stops it, DELETES IoTDB's data in its data directory (`confignode/`, `datanode/`, `ext/`; only where this stack's marker is, never another owner's directory) and starts it empty with the configuration as it is now. The only way a value IoTDB fixes at first start (cluster name, replication, consensus, internal ports, fixed `systemProperties`) changes. What the node held is gone from it: rows its side owns are then only on the other side (a pipe carries a side's own paths alone); leave the value set afterwards",
        default: "none", fixedAtFirstStart: "no", secret: false,
        onChange: "a new value: the node's `-rebuild` step (stop, purge, claim), then its configuration and services replaced; the same value again, or none: nothing",
    },
    {
        keys: both(".nodes[].hostKey"),
        meaning: "the machine's SSH host key fingerprint (`SHA256:...`, as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it there): trusted instead of `ssh.knownHostsPath` for this machine",
        default: "none (the known_hosts file)", fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: both(".owns"),
        meaning: "IoTDB path patterns this side's clients write (prefixes like `root.site_a.**` or full paths; nodes of letters, digits and `_`: IoTDB 2.0.10 takes no other pattern on a pipe that carries deletions): its pipe carries these, inserts and deletes, and nothing else. The two sides' patterns may not overlap: Apache IoTDB 2.0.10 sends what a pipe wrote back to where it came from, so a path carried both ways loops for good (README, \"What crosses\")",
        default: "required", fixedAtFirstStart: "no", secret: false,
        onChange: "replaces the side's pipe (it re-sends its history of the new patterns, which IoTDB writes idempotently); rows written before under a pattern the side no longer owns stay where they are",
    },
    {
        keys: both(".replication.schema"),
        meaning: "schema replication factor of the side (`schema_replication_factor`), at most its number of DataNodes",
        ...filled(DEFAULTS.sideReplication.schema), fixedAtFirstStart: "yes", secret: false, onChange: FIXED_CHANGE,
    },
    {
        keys: both(".replication.data"),
        meaning: "data replication factor of the side (`data_replication_factor`), at most its number of DataNodes",
        ...filled(DEFAULTS.sideReplication.data), fixedAtFirstStart: "yes", secret: false, onChange: FIXED_CHANGE,
    },
    {
        keys: both(".consensus.schemaRegion"),
        meaning: "consensus protocol of the side's schema regions: RatisConsensus or SimpleConsensus (SimpleConsensus only with a replication factor of 1)",
        default: "none (IoTDB's)", fixedAtFirstStart: "yes", secret: false, onChange: FIXED_CHANGE,
    },
    {
        keys: both(".consensus.dataRegion"),
        meaning: `consensus protocol of the side's data regions: one of ${Object.keys(CONSENSUS_CLASSES).join(", ")} (SimpleConsensus only with a replication factor of 1)`,
        default: "none (IoTDB's)", fixedAtFirstStart: "yes", secret: false, onChange: FIXED_CHANGE,
    },
    {
        keys: ["ssh"],
        meaning: "how Pulumi logs in to every machine: `{ user, port, privateKeyPath, dialTimeoutSeconds, dialAttempts, knownHostsPath, stepTimeoutSeconds }`",
        default: "required (privateKeyPath)", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its fields",
    },
    {
        keys: ["ssh.user"],
        meaning: "login user; must be able to write `installDir`, `dataDir` and /etc/hosts",
        ...filled(DEFAULTS.ssh.user), fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.port"],
        meaning: "SSH port of every machine",
        ...filled(DEFAULTS.ssh.port), fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.privateKeyPath"],
        meaning: "private key file on the machine running Pulumi; read at run time, never stored in state (the path is not a secret)",
        default: "required", fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.dialTimeoutSeconds"],
        meaning: "seconds of one connection attempt",
        ...filled(DEFAULTS.ssh.dialTimeoutSeconds), fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.dialAttempts"],
        meaning: "connection attempts before the step fails naming the machine",
        ...filled(DEFAULTS.ssh.dialAttempts), fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.knownHostsPath"],
        meaning: "known_hosts file (OpenSSH format) holding every machine's host key; a machine whose key is not there, or differs, is refused at preview and up after a key exchange alone, before any login, naming its key's fingerprint",
        default: "the user's `~/.ssh/known_hosts`", fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["ssh.stepTimeoutSeconds"],
        meaning: "seconds one remote step (install, start, a pipe's creation, a removal...) may run on its machine; at the limit it is stopped and fails naming itself and the machine. A step that waits longer itself (a start waits `startTimeoutSeconds` a role, a removal 4 times that) gets what it needs",
        ...filled(DEFAULTS.ssh.stepTimeoutSeconds), fixedAtFirstStart: "no", secret: false, onChange: RERUN,
    },
    {
        keys: ["installDir"],
        meaning: "install root: IoTDB in `<installDir>/apache-iotdb-<version>`, the tarball in `<installDir>/dist/`, the event log `<installDir>/journal.log`",
        ...filled(DEFAULTS.installDir), type: "string", fixedAtFirstStart: "no", secret: false,
        onChange: "installs there and restarts each node from the new home (the old directory stays on the machine)",
    },
    {
        keys: ["dataDir"],
        meaning: "base of every IoTDB data directory of both nodes; a directory of its own: not a system directory (`/`, `/var/lib`, `/opt`, `/usr` or below, ...: `SYSTEM_DIRECTORIES` in lib/plan/layout.ts), nor installDir, inside it or holding it. The first `up` claims it for the stack with a marker, `.iotdb-dual-active-owner`, if it is new or empty; kept on destroy unless `purgeDataOnDestroy`",
        ...filled(DEFAULTS.dataDir), type: "string", fixedAtFirstStart: "yes", secret: false,
        onChange: `${FIXED_CHANGE} in the new directory (claimed; the old one is kept, never purged)`,
    },
    {
        keys: ["memory"],
        meaning: "IoTDB's `MEMORY_SIZE` of each role, on every machine: `{ confignode, datanode }`",
        default: "see its fields", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its fields",
    },
    {
        keys: ["memory.confignode"],
        meaning: "`MEMORY_SIZE` of the ConfigNode (conf/confignode-env.sh), e.g. 512M",
        ...filled(DEFAULTS.memory.confignode), fixedAtFirstStart: "no", secret: false, onChange: RESTART,
    },
    {
        keys: ["memory.datanode"],
        meaning: "`MEMORY_SIZE` of the DataNode (conf/datanode-env.sh), e.g. 2G",
        ...filled(DEFAULTS.memory.datanode), fixedAtFirstStart: "no", secret: false, onChange: RESTART,
    },
    {
        keys: ["ports"],
        meaning: "IoTDB's ports on every machine, all different: `{ cnInternal, cnConsensus, dnRpc, dnInternal, dnMpp, dnSchemaConsensus, dnDataConsensus }`",
        default: "see its fields", type: "object", fixedAtFirstStart: "per field", secret: false,
        onChange: "see its fields",
    },
    port("cnInternal", "cn_internal_port", true, ": the ConfigNode's internal port, also the seed's"),
    port("cnConsensus", "cn_consensus_port", true),
    port("dnRpc", "dn_rpc_port", false, ": the client port, which the pipes send to"),
    port("dnInternal", "dn_internal_port", true),
    port("dnMpp", "dn_mpp_data_exchange_port", true),
    port("dnSchemaConsensus", "dn_schema_region_consensus_port", true),
    port("dnDataConsensus", "dn_data_region_consensus_port", true),
    {
        keys: ["pipes"],
        meaning: "the two pipes: `ab` runs on side A and sends to side B, `ba` runs on side B and sends to side A: `{ ab: { name, source, sink }, ba: { ... } }`",
        default: "see its fields", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its fields",
    },
    ...pipe("ab", "A", "B"),
    ...pipe("ba", "B", "A"),
    {
        keys: ["syncUser"],
        meaning: "IoTDB user created on both sides, with its own password on each; each pipe logs in to the receiving side as it, allowed only to write (data and schema) under the paths the sending side owns, into databases root creates for it ahead",
        ...filled(DEFAULTS.syncUser), type: "string", fixedAtFirstStart: "no", secret: false,
        onChange: "creates the new user on both sides and replaces both pipes; the old user stays in IoTDB",
    },
    {
        keys: ["adminPassword"],
        meaning: "password of IoTDB's `root` on side A (a stack from before per-side passwords used it on both sides)",
        default: PASSWORD_DEFAULT, type: "string", fixedAtFirstStart: "no", secret: true,
        onChange: "not rotated by `up` alone: the start step logs in with the new password and fails (see the runbook)",
    },
    {
        keys: ["adminPasswordB"],
        meaning: "password of IoTDB's `root` on side B; must differ from `adminPassword`",
        default: PASSWORD_DEFAULT, type: "string", fixedAtFirstStart: "no", secret: true,
        onChange: "not rotated by `up` alone: the start step logs in with the new password and fails (see the runbook, also for a stack that had one password for both sides)",
    },
    {
        keys: ["syncPassword"],
        meaning: "password of `syncUser` on side A; pipe BA's sink logs in to A with it",
        default: PASSWORD_DEFAULT, type: "string", fixedAtFirstStart: "no", secret: true,
        onChange: "re-creates the user on side A with it, but pipe BA keeps the old one (see the runbook)",
    },
    {
        keys: ["syncPasswordB"],
        meaning: "password of `syncUser` on side B; pipe AB's sink logs in to B with it; must differ from `syncPassword`",
        default: PASSWORD_DEFAULT, type: "string", fixedAtFirstStart: "no", secret: true,
        onChange: "re-creates the user on side B with it, but pipe AB keeps the old one (see the runbook)",
    },
    {
        keys: ["startTimeoutSeconds"],
        meaning: "bound of the wait for every node to report Running (10 to 3600)",
        ...filled(DEFAULTS.startTimeoutSeconds), type: "integer", fixedAtFirstStart: "no", secret: false,
        onChange: "re-runs the start step, which finds the node running and only checks it",
    },
    {
        keys: ["purgeDataOnDestroy"],
        meaning: "when a node itself is destroyed (`destroy`, or its machine taken out of the side), remove IoTDB's subdirectories of its data directory (`confignode/`, `datanode/`, `ext/`) and the marker, then the directory if nothing else is left in it; only where the marker names this stack and machine (a directory that held other files when first claimed is kept, with a warning), and never when a change replaces a node",
        ...filled(DEFAULTS.purgeDataOnDestroy), type: "boolean", fixedAtFirstStart: "no", secret: false,
        onChange: "updates each machine's `-data` resource (nothing restarts); `destroy` runs what the last `up` recorded, so run `up` after setting it",
    },
    {
        keys: ["rollingRestarts"],
        meaning: "a change that restarts nodes restarts side A first, and side B only once A is Running again with the change and both pipes have drained (a gate, `dual-rollout`, that B's resources wait behind; an `up` from nothing still builds both sides at once). Off (false), both sides restart at once. When side A cannot come back the `up` fails fast and B is not touched: at once when a step of A fails, after startTimeoutSeconds + 60 s without progress on A, 300 s after A came back without draining (docs/runbook.md, Restarts: one side at a time)",
        ...filled(DEFAULTS.rollingRestarts), type: "boolean", fixedAtFirstStart: "no", secret: false,
        onChange: "adds or removes the gate (nothing restarts)",
    },
    {
        keys: ["superviseNodes"],
        meaning: "a ConfigNode, DataNode or flusher whose process is gone (a crash, a kill) or whose machine rebooted is started again without `up`: a supervisor loop per role (`<installDir>/supervisor/`, its log `<role>.log` there, 5 s to 60 s backoff between starts; the flusher's arguments and the password of its own IoTDB user, which may only FLUSH and write its side's heartbeat, are kept there for it, readable by the owner only), started at boot by a systemd unit where systemd runs the machine, by a line of `/etc/rc.local` otherwise. A stop on purpose (`destroy`, a restart by `up`, a rebuild) takes the supervisor away first; `touch <installDir>/supervisor/<role>.stopped` holds a role down by hand; a DataNode IoTDB removed from its cluster is not started again. Needs root on the machine for the unit or the rc.local line",
        ...filled(DEFAULTS.superviseNodes), type: "boolean", fixedAtFirstStart: "no", secret: false,
        onChange: "re-runs each node's and flusher's start step, which finds it running and sets its supervisors up or takes them away (nothing restarts)",
    },
    {
        keys: ["systemProperties"],
        meaning: "extra `iotdb-system.properties` entries (lower-case names) for every node of both sides; replication factors and consensus protocols are set per side instead",
        default: "the pipe and region sizes of `replicationProperties()` in lib/plan/replication.ts: WAL and Ratis buffers of 4 MiB, one data region a database, pipe rings of 16, 1 MiB tablets and chunks, floating pipe memory 0.1 (README, \"Memory\")", type: "object", fixedAtFirstStart: "per key", secret: false, freeFormKeys: true,
        onChange: `${RESTART}; a key IoTDB fixes at first start (FIXED_AT_FIRST_START_KEYS in lib/render/properties.ts) is ${FIXED_CHANGE}`,
    },
    {
        keys: ["replication"],
        meaning: "replication between the two sides (not to be confused with `sideA.replication`, the replicas within a side)",
        default: "see its field", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its field",
    },
    {
        keys: ["replication.maxLagSeconds"],
        meaning: "bound on the time from a write on one side to its row being readable on the other (1 to 3600). Apache IoTDB's pipes carry only flushed rows, so a flusher beside every DataNode runs `FLUSH ON LOCAL` every `maxLagSeconds` less 1 s (at least 0.5 s); a lower bound means more, smaller TsFiles (BENCHMARKS.md gives the cost)",
        ...filled(DEFAULTS.replication.maxLagSeconds), fixedAtFirstStart: "no", secret: false,
        onChange: "restarts every flusher with the new interval; no DataNode restarts",
    },
    {
        keys: ["replication.flushIntervalMs"],
        meaning: "milliseconds between two `FLUSH ON LOCAL` of each DataNode's flusher (100 to 3600000, below the bound): the cost side of the lag; when not set, `replication.maxLagSeconds` less 1 s, at least 500. Each flush seals a TsFile in every region written since the last one",
        ...filled(DEFAULTS.replication.flushIntervalMs), fixedAtFirstStart: "no", secret: false,
        onChange: "restarts every flusher with the new interval; no DataNode restarts",
    },
    {
        keys: ["replication.databases"],
        meaning: "how many databases the pair carries (each side holds all of them, its own and the other's). `preview` refuses a `memory.datanode` that cannot hold their regions' direct buffers and pipe memory, and names the smallest that can (README, \"Memory\")",
        ...filled(DEFAULTS.replication.databases), fixedAtFirstStart: "no", secret: false,
        onChange: "only the check at preview; what IoTDB is given does not depend on it",
    },
    {
        keys: ["monitoring"],
        meaning: "IoTDB's Prometheus reporter on every ConfigNode and DataNode: `{ prometheus: true }` turns it on; the stack output `scrapeTargets` lists each node's reporter (README, \"Metrics and alerts\")",
        default: "see its fields", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its fields",
    },
    {
        keys: ["monitoring.prometheus"],
        meaning: "serve every node's metrics for Prometheus (`cn_metric_reporter_list` and `dn_metric_reporter_list` = PROMETHEUS, with the level and ports below); off, the nodes get none of these keys (IoTDB's default: no reporter) and `scrapeTargets` is empty",
        ...filled(DEFAULTS.monitoring.prometheus), fixedAtFirstStart: "no", secret: false,
        onChange: `${RESTART} (side B after side A), and updates the output scrapeTargets`,
    },
    {
        keys: ["monitoring.level"],
        meaning: "`cn_metric_level` and `dn_metric_level`: which metrics the nodes keep, CORE, IMPORTANT, NORMAL or ALL (each includes the ones before; the pipe metrics of the rules file are IMPORTANT); only with `prometheus` on",
        ...filled(DEFAULTS.monitoring.level), fixedAtFirstStart: "no", secret: false,
        onChange: `with \`prometheus\` on, ${RESTART}`,
    },
    {
        keys: ["monitoring.ports.confignode"],
        meaning: "`cn_metric_prometheus_reporter_port`: the ConfigNode's reporter port (`/metrics`), different from every IoTDB port; only with `prometheus` on",
        ...filled(DEFAULTS.monitoring.ports.confignode), fixedAtFirstStart: "no", secret: false,
        onChange: `with \`prometheus\` on, ${RESTART}, and updates the output scrapeTargets`,
    },
    {
        keys: ["monitoring.ports.datanode"],
        meaning: "`dn_metric_prometheus_reporter_port`: the DataNode's reporter port (`/metrics`), different from the ConfigNode's and every IoTDB port; only with `prometheus` on",
        ...filled(DEFAULTS.monitoring.ports.datanode), fixedAtFirstStart: "no", secret: false,
        onChange: `with \`prometheus\` on, ${RESTART}, and updates the output scrapeTargets`,
    },
    {
        keys: ["distribution"],
        meaning: "where the IoTDB tarball comes from: a file here, or a URL every machine downloads",
        default: "the tarball `npm run setup` built", type: "object", fixedAtFirstStart: "no", secret: false,
        onChange: "see its fields",
    },
    {
        keys: ["distribution.localPath"],
        meaning: "the tarball on the machine running Pulumi, copied to each machine over SFTP; its SHA-256 is read from `<file>.sha256` beside it",
        default: "`<cache>/iotdb/<version>/apache-iotdb-<version>-bin.tar.gz` (cache: `$IOTDB_DA_CACHE`, else ~/.cache/iotdb-dual-active)",
        fixedAtFirstStart: "no", secret: false,
        onChange: "other content is copied and installed again; the install step refuses while the node of that version runs",
    },
    {
        keys: ["distribution.url"],
        meaning: "http(s) URL of a `.zip` or `.tar.gz` each machine downloads itself (curl or wget), instead of the SFTP copy: Apache's binary release (e.g. `https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip`; a zip needs `unzip` or `python3` on the machines) or a tarball `npm run setup` built; its one top folder becomes `<installDir>/apache-iotdb-<version>`, and the project's SQL runner and flusher come from their own archive; not with `localPath`",
        default: "none", fixedAtFirstStart: "no", secret: false,
        onChange: "each machine downloads and installs again; the install step refuses while the node of that version runs",
    },
    {
        keys: ["distribution.sha512"],
        meaning: "SHA-512 (128 hex digits) of the archive at `url`: the first word of the `.sha512` file Apache publishes beside the release; with `url`, this or `sha256`",
        default: "none", fixedAtFirstStart: "no", secret: false,
        onChange: "each machine downloads again",
    },
    {
        keys: ["distribution.sha256"],
        meaning: "SHA-256 (64 hex digits) of the archive at `url`; with `url`, this or `sha512`",
        default: "none", fixedAtFirstStart: "no", secret: false,
        onChange: "each machine downloads again",
    },
];

/** Every top-level key of the namespace: what index.ts reads from the stack config. */
export const CONFIG_KEYS: string[] = CONFIG_REFERENCE.flatMap((e) => e.keys).filter((k) => /^\w+$/.test(k));

/** A key's declaration in Pulumi.yaml's `config:` block. */
export interface ProjectConfigDeclaration {
    /** Left out for objects (see projectConfigDeclarations). */
    type?: Exclude<ConfigType, "object">;
    description: string;
    /** What Pulumi fills in when a stack does not set the key: the parser's own defaults. */
    default: unknown;
}

/**
 * The top-level keys as Pulumi.yaml declares them. Pulumi requires every declared key that has no
 * default, and refuses a default for a secret: so each key gets the parser's defaults of its direct
 * fields (`{}` when it has none, which the parser treats as not set), and the passwords stay
 * undeclared, or Pulumi would refuse a missing or plain password before the program says how to
 * set it (`npm run passwords`). Objects get no `type`: Pulumi 3.259 takes `type: object`, but then
 * refuses an object given as a JSON string (`pulumi config set ssh '{...}'`), which the program reads.
 */
export function projectConfigDeclarations(reference: ConfigEntry[] = CONFIG_REFERENCE): Record<string, ProjectConfigDeclaration> {
    const out: Record<string, ProjectConfigDeclaration> = {};
    for (const entry of reference) {
        for (const key of entry.keys.filter((k) => /^\w+$/.test(k))) {
            if (entry.secret) continue;
            if (!entry.type) throw new Error(`the schema gives the top-level key ${key} no type`);
            const fields = reference.flatMap((e) => e.keys.filter((k) => k.startsWith(`${key}.`) && /^\w+$/.test(k.slice(key.length + 1)) && e.value !== undefined)
                .map((k) => [k.slice(key.length + 1), e.value] as const));
            const dflt = entry.type === "object" ? Object.fromEntries(fields) : entry.value;
            if (dflt === undefined) throw new Error(`the schema gives the optional key ${key} no default value`);
            out[key] = entry.type === "object" ? { description: entry.meaning, default: dflt } : { type: entry.type, description: entry.meaning, default: dflt };
        }
    }
    return out;
}

/** Every path the reference documents (`sideA.nodes[].hostname`, ...). */
export function documentedPaths(reference: ConfigEntry[] = CONFIG_REFERENCE): string[] {
    return reference.flatMap((e) => e.keys);
}

/** The row documenting a path: its own, its list's (for `x[]`), or the row of a free-form map that holds it. */
export function entryFor(path: string, reference: ConfigEntry[] = CONFIG_REFERENCE): ConfigEntry | undefined {
    const list = path.endsWith("[]") ? path.slice(0, -2) : undefined;
    return reference.find((e) => e.keys.includes(path) || (list !== undefined && e.keys.includes(list)))
        ?? reference.find((e) => e.freeFormKeys && e.keys.some((k) => path.startsWith(`${k}.`)));
}
