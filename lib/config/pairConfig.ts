// The stack configuration: its shape, defaults and validation. Pure: no Pulumi, no I/O beyond
// the optional `fileExists` probe passed in, so every rule has a plain unit test.
import { dataDirProblem } from "../plan/layout";
import { DEFAULT_PORTS } from "../render/properties";
import { IOTDB_PASSWORD_RE, PASSWORD_KEYS } from "./passwords";
import type { IotdbRole, NodeConfig, SideConfig, SshConfig, IotdbPorts, Ports, PipeConfig, DistributionSource, PairConfig, ReplicationConfig } from "../model/config";
import {
    DEFAULT_MAX_LAG_SECONDS, MIN_MAX_LAG_SECONDS, MAX_MAX_LAG_SECONDS, DEFAULT_DATABASES, patternProblem, patternsOverlap,
    memoryMiB, memoryNeeds, regionsPerDataNode, smallestMemory, flushIntervalMs, PIPE_ATTRIBUTES_ALLOWED,
} from "../plan/replication";

/** Versions of IoTDB this project installs and tests. */
export const SUPPORTED_IOTDB_VERSIONS = ["2.0.10"];

/**
 * Every key of the project's config namespace the program reads (index.ts). Each one, and each of its
 * fields, is described in lib/configReference.ts (test/unit/configReference.test.ts checks it).
 */
export const CONFIG_KEYS = ["iotdbVersion", "sideA", "sideB", "ssh", "installDir", "dataDir", "memory", "ports", "pipes", "syncUser",
    "startTimeoutSeconds", "purgeDataOnDestroy", "systemProperties", "adminPassword", "syncPassword", "distribution", "replication"];

export type { IotdbRole, NodeConfig, SideConfig, SshConfig, IotdbPorts, Ports, PipeConfig, DistributionSource, PairConfig, ReplicationConfig };
export const IOTDB_ROLES: ReadonlyArray<IotdbRole> = ["confignode", "datanode"];


/** Consensus protocols IoTDB 2.0 offers, by the short name the config uses, and their classes. */
export const CONSENSUS_CLASSES: Readonly<Record<string, string>> = Object.freeze({
    IoTConsensus: "org.apache.iotdb.consensus.iot.IoTConsensus",
    IoTConsensusV2: "org.apache.iotdb.consensus.pipe.IoTConsensusV2",
    RatisConsensus: "org.apache.iotdb.consensus.ratis.RatisConsensus",
    SimpleConsensus: "org.apache.iotdb.consensus.simple.SimpleConsensus",
});


/** The side's ConfigNodes, seed first. */
export const configNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("confignode"));
/** The side's DataNodes that stay in it, in config order. */
export const dataNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("datanode") && !n.decommission);
/** The DataNodes being taken out of the side. */
export const decommissionedNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.decommission);








/** Every problem found in a configuration, each naming its field and the fix. */
export class ConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super("invalid stack configuration:\n" + problems.map((p) => "  - " + p).join("\n"));
        this.name = "ConfigError";
    }
}

/** What the caller knows of the raw config beyond the values: which keys are secrets. */
export interface ConfigContext {
    /** Project namespace of the keys, for messages (`iotdb-dual-active`). */
    namespace: string;
    /** Whether a key of the namespace is stored as a secret. */
    isSecret(key: string): boolean;
    /** Stack name, for the fixes messages suggest. */
    stack?: string;
    /** Probe for the SSH key file; omitted in pure tests that do not care. */
    fileExists?(path: string): boolean;
}

const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PIPE_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const USER_RE = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const CLUSTER_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const ABS_PATH_RE = /^\/[A-Za-z0-9._\/-]*$/;
const MEMORY_RE = /^[1-9][0-9]*[MG]$/;
const ATTR_KEY_RE = /^[a-z][a-z0-9._-]*$/;
const SAFE_VALUE_RE = /^[^\n\r\0']*$/;

/** iotdb-system.properties keys rendered from each side's config, and the field that sets them. */
const PER_SIDE_PROPERTIES: Record<string, string> = {
    schema_replication_factor: "replication.schema", data_replication_factor: "replication.data",
    schema_region_consensus_protocol_class: "consensus.schemaRegion", data_region_consensus_protocol_class: "consensus.dataRegion",
};

/** The iotdb-system.properties entries of a side's replication and consensus settings. */
export function sideProperties(s: SideConfig): Record<string, string> {
    // A factor of 1 is IoTDB's default: left out, so a standalone side's file stays as it was.
    const out: Record<string, string> = {};
    if (s.replication.schema !== 1) out.schema_replication_factor = String(s.replication.schema);
    if (s.replication.data !== 1) out.data_replication_factor = String(s.replication.data);
    if (s.consensus.schemaRegion) out.schema_region_consensus_protocol_class = CONSENSUS_CLASSES[s.consensus.schemaRegion];
    if (s.consensus.dataRegion) out.data_region_consensus_protocol_class = CONSENSUS_CLASSES[s.consensus.dataRegion];
    return out;
}

export function isValidHostname(s: unknown): s is string {
    return typeof s === "string" && HOSTNAME_RE.test(s) && !IPV4_RE.test(s);
}

/** An IPv4 address, or a DNS name (for machines reached by name). */
export function isValidAddress(s: unknown): s is string {
    if (typeof s !== "string") return false;
    return /^[0-9.]+$/.test(s) ? IPV4_RE.test(s) : HOSTNAME_RE.test(s);
}

export function isValidPort(n: unknown): n is number {
    return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** IoTDB pipe IDs: a letter, then letters, digits and `_`; `__` prefixes are IoTDB's own. */
export function isValidPipeName(s: unknown): s is string {
    return typeof s === "string" && PIPE_NAME_RE.test(s);
}

type Raw = Record<string, any>;

/**
 * Validates the raw stack config (as `pulumi.Config` would give each key) and fills in defaults.
 * Throws ConfigError listing every problem; never touches a host.
 */
export function parsePairConfig(raw: Raw, ctx: ConfigContext): PairConfig {
    const problems: string[] = [];
    const ns = ctx.namespace;
    const field = (k: string) => `${ns}:${k}`;
    const add = (k: string, msg: string) => problems.push(`${field(k)}: ${msg}`);
    // Example stacks ship placeholders like "<address of machine A>": say what to fill, not "invalid".
    const placeholders: string[] = [];
    const findPlaceholders = (v: unknown, at: string): void => {
        if (typeof v === "string" && /^<.*>$/.test(v)) placeholders.push(at);
        else if (Array.isArray(v)) v.forEach((x, i) => findPlaceholders(x, `${at}[${i}]`));
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) findPlaceholders(x, at ? `${at}.${k}` : k);
    };
    findPlaceholders(raw, "");
    if (placeholders.length > 0) {
        throw new ConfigError(placeholders.map((at) => `${field(at)}: still the placeholder ${JSON.stringify(at.split(/[.[]/).reduce((o: any, k) => o?.[k.replace(/]$/, "")], raw))}; fill it in (stacks/Pulumi.<stack>.yaml)`));
    }

    // Passwords are stack config secrets: Pulumi then masks them in everything it prints, its own
    // debug logs included. A value never appears in a message.
    for (const k of PASSWORD_KEYS) {
        const v = raw[k];
        if (v === undefined) {
            add(k, `is not set; generate one (kept as a secret in the stack's config): npm run passwords -- ${ctx.stack ?? "<stack>"}; or set your own: pulumi config set --secret ${k}`);
        } else if (!ctx.isSecret(k)) {
            add(k, `is stored in plain text; store it as a secret: pulumi config set --secret ${k} <value> (and remove the plain value)`);
        } else if (typeof v !== "string" || !IOTDB_PASSWORD_RE.test(v)) {
            add(k, "is not a password IoTDB accepts; use 4 to 32 letters, digits or -_!@#$%^&*()+= (npm run passwords generates one)");
        } else if (k === "adminPassword" && v === "root") {
            add(k, "is IoTDB's default; choose another (npm run passwords generates one)");
        }
    }

    const iotdbVersion = raw.iotdbVersion ?? SUPPORTED_IOTDB_VERSIONS[0];
    if (!SUPPORTED_IOTDB_VERSIONS.includes(iotdbVersion)) {
        add("iotdbVersion", `${JSON.stringify(iotdbVersion)} is not supported; use one of ${SUPPORTED_IOTDB_VERSIONS.join(", ")}`);
    }

    const side = (key: "sideA" | "sideB"): SideConfig => {
        const s = raw[key];
        if (!s || typeof s !== "object") {
            add(key, `is missing; set it to { clusterName, nodes: [{ hostname, address }] } (see stacks/Pulumi.local.yaml)`);
            return { clusterName: "", nodes: [], replication: { schema: 1, data: 1 }, consensus: {}, owns: [] };
        }
        if (!CLUSTER_NAME_RE.test(String(s.clusterName ?? ""))) {
            add(`${key}.clusterName`, `${JSON.stringify(s.clusterName)} is not a valid cluster name; use a letter then letters, digits, '-' or '_' (at most 64)`);
        }
        const listed: any[] = Array.isArray(s.nodes) ? s.nodes : [];
        if (listed.length === 0) add(`${key}.nodes`, "must list at least one machine: { hostname, address, roles? }");
        const nodes: NodeConfig[] = listed.map((n, i) => {
            const roles = n?.roles ?? [...IOTDB_ROLES];
            if (!Array.isArray(roles) || roles.length === 0 || roles.some((r: unknown) => !IOTDB_ROLES.includes(r as IotdbRole)) || new Set(roles).size !== roles.length) {
                add(`${key}.nodes[${i}].roles`, `${JSON.stringify(roles)} is not a list of roles; use [confignode, datanode], [confignode] or [datanode]`);
            }
            const decommission = n?.decommission ?? false;
            if (typeof decommission !== "boolean") add(`${key}.nodes[${i}].decommission`, "must be true or false");
            else if (decommission && !(Array.isArray(roles) && roles.length === 1 && roles[0] === "datanode")) {
                add(`${key}.nodes[${i}].decommission`, "only a machine with roles [datanode] can be taken out of a side (ConfigNodes are not removed by the project)");
            }
            return { hostname: n?.hostname, address: n?.address, roles: Array.isArray(roles) ? roles : [], decommission: decommission === true };
        });
        nodes.forEach((n, i) => {
            if (!isValidHostname(n?.hostname)) {
                add(`${key}.nodes[${i}].hostname`, `${JSON.stringify(n?.hostname)} is not a valid hostname; use letters, digits and '-' (e.g. iotdb-1), not an IP address`);
            }
            if (!isValidAddress(n?.address)) {
                add(`${key}.nodes[${i}].address`, `${JSON.stringify(n?.address)} is not a valid IPv4 address or DNS name`);
            }
        });
        const owns: string[] = Array.isArray(s.owns) ? s.owns : [];
        if (!Array.isArray(s.owns) || s.owns.length === 0) {
            add(`${key}.owns`, `is missing; list the path patterns side ${key.slice(-1)}'s clients write, e.g. [root.site_${key.slice(-1).toLowerCase()}.**]: its pipe carries exactly these to the other side, whose own patterns must not overlap them (README, "What crosses")`);
        }
        owns.forEach((p, i) => {
            const why = patternProblem(p);
            if (why) add(`${key}.owns[${i}]`, why);
        });
        const side: SideConfig = { clusterName: s.clusterName, nodes, replication: { schema: 1, data: 1, ...(s.replication ?? {}) }, consensus: { ...(s.consensus ?? {}) }, owns };
        if (listed.length > 0 && configNodes(side).length === 0) add(`${key}.nodes`, "has no ConfigNode; give the first machine the role confignode (it becomes the seed)");
        if (listed.length > 0 && dataNodes(side).length === 0) add(`${key}.nodes`, "has no DataNode; give at least one machine the role datanode");
        for (const k of ["schema", "data"] as const) {
            const f = side.replication[k];
            if (!Number.isInteger(f) || f < 1) add(`${key}.replication.${k}`, `${JSON.stringify(f)} must be a whole number from 1`);
            else if (f > dataNodes(side).length) add(`${key}.replication.${k}`, `${f} is more than the side's ${dataNodes(side).length} DataNode(s); add DataNodes or lower it`);
        }
        for (const [k, factor] of [["schemaRegion", side.replication.schema], ["dataRegion", side.replication.data]] as const) {
            const c = side.consensus[k];
            if (c === undefined) continue;
            if (!(c in CONSENSUS_CLASSES)) add(`${key}.consensus.${k}`, `${JSON.stringify(c)} is not one of ${Object.keys(CONSENSUS_CLASSES).join(", ")}`);
            else if (c === "SimpleConsensus" && factor > 1) add(`${key}.consensus.${k}`, "SimpleConsensus keeps one replica; use another protocol or a replication factor of 1");
            else if (k === "schemaRegion" && !["RatisConsensus", "SimpleConsensus"].includes(c)) add(`${key}.consensus.${k}`, "schema regions take RatisConsensus or SimpleConsensus");
        }
        return side;
    };
    const sideA = side("sideA");
    const sideB = side("sideB");

    sideA.owns.forEach((pa, i) => sideB.owns.forEach((pb, j) => {
        if (!patternProblem(pa) && !patternProblem(pb) && patternsOverlap(pa, pb)) {
            add(`sideB.owns[${j}]`, `${JSON.stringify(pb)} overlaps sideA.owns[${i}] ${JSON.stringify(pa)}; a path may be owned by one side only (both pipes would carry it, and IoTDB 2.0.10 sends it back and forth for good)`);
        }
    }));
    if (sideA.clusterName && sideA.clusterName === sideB.clusterName) {
        add("sideB.clusterName", `must differ from sideA.clusterName (${JSON.stringify(sideA.clusterName)}): each side is its own IoTDB cluster`);
    }
    const seen = new Map<string, string>();
    for (const [key, s] of [["sideA", sideA], ["sideB", sideB]] as const) {
        s.nodes.forEach((n, i) => {
            for (const [what, v] of [["hostname", n?.hostname], ["address", n?.address]] as const) {
                if (typeof v !== "string") continue;
                const id = `${what}:${v.toLowerCase()}`;
                const where = `${key}.nodes[${i}].${what}`;
                if (seen.has(id)) add(where, `${JSON.stringify(v)} is also used by ${seen.get(id)}; every machine needs its own ${what}`);
                else seen.set(id, where);
            }
        });
    }

    const sshRaw = raw.ssh ?? {};
    const ssh: SshConfig = {
        user: sshRaw.user ?? "root",
        port: sshRaw.port ?? 22,
        privateKeyPath: sshRaw.privateKeyPath,
        dialTimeoutSeconds: sshRaw.dialTimeoutSeconds ?? 10,
        dialAttempts: sshRaw.dialAttempts ?? 3,
    };
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(ssh.user)) add("ssh.user", `${JSON.stringify(ssh.user)} is not a valid login name`);
    if (!isValidPort(ssh.port)) add("ssh.port", `${JSON.stringify(ssh.port)} is not a port number (1-65535)`);
    if (!ssh.privateKeyPath) {
        add("ssh.privateKeyPath", "is missing; set it to the private key file that logs in to every machine");
    } else if (ctx.fileExists && !ctx.fileExists(ssh.privateKeyPath)) {
        add("ssh.privateKeyPath", `${ssh.privateKeyPath} does not exist on this machine; point it at an existing private key file`);
    }

    const badPath = (v: unknown) => typeof v !== "string" || !ABS_PATH_RE.test(v) || v === "/" || v.includes("..");
    const path = (k: string, dflt: string) => {
        const v = raw[k] ?? dflt;
        if (badPath(v)) add(k, `${JSON.stringify(v)} must be an absolute path of letters, digits, '.', '_', '-' and '/'`);
        return v;
    };
    const installDir = path("installDir", "/opt/iotdb");
    const dataDir = path("dataDir", "/var/lib/iotdb");
    // A purge removes IoTDB's subdirectories of dataDir: it must be a directory of its own (lib/layout.ts).
    const dataDirIssue = badPath(dataDir) || badPath(installDir) ? undefined : dataDirProblem(dataDir, installDir);
    if (dataDirIssue) add("dataDir", dataDirIssue);

    const memory = { confignode: "1G", datanode: "4G", ...(raw.memory ?? {}) };
    for (const k of ["confignode", "datanode"] as const) {
        if (!MEMORY_RE.test(String(memory[k]))) add(`memory.${k}`, `${JSON.stringify(memory[k])} must look like 512M or 2G`);
    }

    const ports: Ports = { ...DEFAULT_PORTS, ...(raw.ports ?? {}) };
    for (const [k, v] of Object.entries(ports)) {
        if (!isValidPort(v)) add(`ports.${k}`, `${JSON.stringify(v)} is not a port number (1-65535)`);
    }
    if (new Set(Object.values(ports)).size !== Object.values(ports).length) {
        add("ports", "two IoTDB ports are equal; every port must be different");
    }

    const pipe = (key: "ab" | "ba", dflt: string): PipeConfig => {
        const p = raw.pipes?.[key] ?? {};
        const name = p.name ?? dflt;
        if (!isValidPipeName(name)) {
            add(`pipes.${key}.name`, `${JSON.stringify(name)} is not a valid pipe name; use a letter then letters, digits or '_' (at most 64)`);
        }
        const attrs = (kind: "source" | "sink"): Record<string, string> => {
            const out: Record<string, string> = {};
            for (const [k0, v0] of Object.entries(p[kind] ?? {})) {
                const k = k0.startsWith(kind + ".") ? k0 : `${kind}.${k0}`;
                const v = String(v0);
                if (!ATTR_KEY_RE.test(k)) add(`pipes.${key}.${kind}.${k0}`, "is not a valid attribute name (lower-case letters, digits, '.', '-', '_')");
                if (!SAFE_VALUE_RE.test(v)) add(`pipes.${key}.${kind}.${k0}`, "value must not contain quotes or line breaks");
                out[k] = v;
            }
            return out;
        };
        const source = attrs("source");
        const sink = attrs("sink");
        const forwarding = source["source.forwarding-pipe-requests"];
        if (forwarding !== undefined && forwarding !== "false") {
            add(`pipes.${key}.source.forwarding-pipe-requests`, "must be false for dual-active (true sends every row back and forth forever); remove it: the project's double-living mode already makes it false");
        } else if (forwarding !== undefined) {
            add(`pipes.${key}.source.forwarding-pipe-requests`, "is set by the project (double-living mode makes it false; IoTDB 2.x refuses it spelled out); remove it");
        }
        for (const k of ["source.mode.double-living", "source.capture.tree", "source.capture.table"]) {
            if (source[k] !== undefined) add(`pipes.${key}.source.${k.replace(/^source\./, "")}`, "is set by the project (dual-active needs double-living mode on both models); remove it");
        }
        for (const k of ["source.path", "source.pattern", "source.pattern.inclusion", "source.pattern.exclusion", "source.path.exclusion"]) {
            if (source[k] !== undefined) add(`pipes.${key}.source.${k.replace(/^source\./, "")}`, `is set by the project from side${key === "ab" ? "A" : "B"}.owns (what the pipe carries); set that instead`);
        }
        for (const k of ["sink", "sink.ip", "sink.host", "sink.port", "sink.node-urls", "sink.username", "sink.user", "sink.password"]) {
            if (sink[k] !== undefined) add(`pipes.${key}.sink.${k.replace(/^sink\./, "")}`, "is set by the project (the peer side and the sync user); remove it");
        }
        // Everything else: only what PIPE_ATTRIBUTES_ALLOWED names (the keys above keep their own message).
        const told = new Set(problems.map((x) => x.slice(0, x.indexOf(": "))));
        for (const [kind, attrs0] of [["source", source], ["sink", sink]] as const) {
            const allowed: readonly string[] = PIPE_ATTRIBUTES_ALLOWED[kind];
            for (const k of Object.keys(attrs0)) {
                const field = `pipes.${key}.${kind}.${k.slice(kind.length + 1)}`;
                if (allowed.includes(k) || told.has(`${ns}:${field}`)) continue;
                add(field, `is not an attribute a stack may set: the project sets the pipe's peer, user, paths and mode, and other keys can make rows loop or go elsewhere; allowed ${kind} attributes: ${allowed.map((a) => a.slice(kind.length + 1)).join(", ")}`);
            }
        }
        return { name, source, sink };
    };
    const pipes = { ab: pipe("ab", "AB"), ba: pipe("ba", "BA") };
    if (pipes.ab.name && pipes.ab.name === pipes.ba.name) {
        add("pipes.ba.name", `must differ from pipes.ab.name (${pipes.ab.name})`);
    }

    const syncUser = raw.syncUser ?? "dualsync";
    if (!USER_RE.test(syncUser) || syncUser === "root") {
        add("syncUser", `${JSON.stringify(syncUser)} is not a valid IoTDB user for replication; use 4-32 letters, digits or '_', not root`);
    }
    const startTimeoutSeconds = raw.startTimeoutSeconds ?? 300;
    if (!Number.isInteger(startTimeoutSeconds) || startTimeoutSeconds < 10 || startTimeoutSeconds > 3600) {
        add("startTimeoutSeconds", "must be a whole number of seconds from 10 to 3600");
    }
    const purgeDataOnDestroy = raw.purgeDataOnDestroy ?? false;
    if (typeof purgeDataOnDestroy !== "boolean") add("purgeDataOnDestroy", "must be true or false");

    const systemProperties: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.systemProperties ?? {})) {
        if (PER_SIDE_PROPERTIES[k]) add(`systemProperties.${k}`, `is set per side; use sideA.${PER_SIDE_PROPERTIES[k]} and sideB.${PER_SIDE_PROPERTIES[k]}`);
        if (!/^[a-z][a-z0-9_.]*$/.test(k)) add(`systemProperties.${k}`, "is not a valid property name");
        if (!SAFE_VALUE_RE.test(String(v))) add(`systemProperties.${k}`, "value must not contain quotes or line breaks");
        systemProperties[k] = String(v);
    }

    const distribution = raw.distribution ?? {};
    if (distribution.url !== undefined) {
        if (!/^https?:\/\/[A-Za-z0-9._~:\/?#\[\]@!$&()*+,;=%-]+$/.test(String(distribution.url))) {
            add("distribution.url", "must be an http(s) URL without spaces or quotes");
        }
        if (!/^[0-9a-f]{64}$/.test(String(distribution.sha256 ?? ""))) {
            add("distribution.sha256", "must be the tarball's SHA-256 (64 hex digits) when distribution.url is set");
        }
        if (distribution.localPath !== undefined) add("distribution.localPath", "set either localPath or url, not both");
    }

    const lagRaw = raw.replication?.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS;
    const replication: ReplicationConfig = {
        maxLagSeconds: lagRaw, databases: DEFAULT_DATABASES,
        flushIntervalMs: typeof lagRaw === "number" ? flushIntervalMs(lagRaw) : 0, ...(raw.replication ?? {}),
    };
    for (const k of Object.keys(raw.replication ?? {})) {
        if (!["maxLagSeconds", "databases", "flushIntervalMs"].includes(k)) add(`replication.${k}`, "is not a field of replication; its fields are maxLagSeconds, databases and flushIntervalMs");
    }
    const fi = replication.flushIntervalMs;
    if (!Number.isInteger(fi) || fi < 100 || fi > 3_600_000) {
        add("replication.flushIntervalMs", `${JSON.stringify(fi)} must be a whole number of milliseconds from 100 to 3600000`);
    } else if (typeof lagRaw === "number" && fi >= lagRaw * 1000) {
        add("replication.flushIntervalMs", `${fi} ms is not below replication.maxLagSeconds (${lagRaw} s): rows would wait longer than the bound; lower it or raise the bound`);
    }
    if (!Number.isInteger(replication.databases) || replication.databases < 1 || replication.databases > 10000) {
        add("replication.databases", `${JSON.stringify(replication.databases)} must be a whole number of databases from 1 to 10000`);
    } else if (MEMORY_RE.test(String(memory.datanode))) {
        // A heap too small for what the pair carries starves the pipes or refuses regions: say so now.
        for (const [key, s] of [["sideA", sideA], ["sideB", sideB]] as const) {
            const dn = dataNodes(s).length;
            if (dn === 0) continue;
            const regions = regionsPerDataNode(replication.databases, dn, s.replication);
            const need = memoryNeeds(memoryMiB(memory.datanode), regions, s.consensus.dataRegion);
            if (!need.fits) {
                add("memory.datanode", `${memory.datanode} cannot carry ${replication.databases} databases on ${key} (${regions.schema} schema and ${regions.data} data regions a DataNode: direct buffers ${need.direct.toFixed(0)} of ${need.directLimit.toFixed(0)} MiB, pipe memory ${need.pipe.toFixed(0)} of ${need.pipeBudget.toFixed(0)} MiB); use at least ${smallestMemory(regions, s.consensus.dataRegion)}, or lower replication.databases`);
            }
        }
    }
    const lag = replication.maxLagSeconds;
    if (typeof lag !== "number" || !Number.isFinite(lag) || lag < MIN_MAX_LAG_SECONDS || lag > MAX_MAX_LAG_SECONDS) {
        add("replication.maxLagSeconds", `${JSON.stringify(lag)} must be a number of seconds from ${MIN_MAX_LAG_SECONDS} to ${MAX_MAX_LAG_SECONDS}`);
    }

    if (problems.length > 0) throw new ConfigError(problems);
    return {
        iotdbVersion, sideA, sideB, ssh, installDir, dataDir, memory, ports, pipes, syncUser,
        startTimeoutSeconds, purgeDataOnDestroy, systemProperties, distribution, replication,
    };
}
