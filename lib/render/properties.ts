/**
 * Renders `conf/iotdb-system.properties` for one Apache IoTDB 2.0.x host running one ConfigNode and
 * one DataNode (a one-host cluster; the two sides of the dual-active pair are two such clusters).
 *
 * Keys and defaults were read from `iotdb-system.properties.template` of IoTDB 2.0.10 (inside
 * lib/node-commons-2.0.10.jar).
 */

import type { IotdbPorts } from "../model/config";
import { ABSOLUTE_PATH_RE, isAddress, isPort } from "../rules";
export type { IotdbPorts };


/** IoTDB's default ports. */
export const DEFAULT_PORTS: Readonly<IotdbPorts> = Object.freeze({
    cnInternal: 10710,
    cnConsensus: 10720,
    dnRpc: 6667,
    dnInternal: 10730,
    dnMpp: 10740,
    dnSchemaConsensus: 10750,
    dnDataConsensus: 10760,
});

/** The settings {@link renderSystemProperties} turns into a properties file. */
export interface SystemPropertiesSettings {
    /** `cluster_name`: give each side of the pair its own name. */
    clusterName: string;
    /** Host name or IPv4 address the nodes use internally (`cn_internal_address`, `dn_internal_address`). */
    internalAddress: string;
    /**
     * `cn_seed_config_node` and `dn_seed_config_node`, `host:port`. Default:
     * `<internalAddress>:<ports.cnInternal>` (the host's own ConfigNode).
     */
    seedConfigNode?: string;
    /** `dn_rpc_address`: the address clients (and the other side's pipe) connect to. */
    rpcAddress: string;
    /** Port overrides; see {@link DEFAULT_PORTS}. */
    ports?: Partial<IotdbPorts>;
    /**
     * Absolute base directory of all state: every directory key of both nodes (see
     * {@link DIRECTORY_KEYS}) is set below it, so the installation directory holds only the
     * distribution, conf/ and logs/.
     */
    dataDir: string;
    /** Further keys, appended last in key order. Must not repeat a key rendered above. */
    extra?: Record<string, string>;
}

/**
 * The keys IoTDB fixes at the first start of a node (`effectiveMode: first_start` in the 2.0.10
 * template): changing one of them later needs a new node (fresh data directories), not an edit.
 * Includes the seeds, the internal addresses and ports, consensus classes, replication factors,
 * series_slot_num, time_partition_interval, timestamp_precision and schema_engine_mode.
 */
export const FIXED_AT_FIRST_START_KEYS: ReadonlyArray<string> = Object.freeze([
    "cn_seed_config_node",
    "dn_seed_config_node",
    "cn_internal_address",
    "cn_internal_port",
    "cn_consensus_port",
    "dn_internal_address",
    "dn_internal_port",
    "dn_mpp_data_exchange_port",
    "dn_schema_region_consensus_port",
    "dn_data_region_consensus_port",
    "config_node_consensus_protocol_class",
    "schema_replication_factor",
    "schema_region_consensus_protocol_class",
    "data_replication_factor",
    "data_region_consensus_protocol_class",
    "dn_session_timeout_threshold",
    "series_slot_num",
    "series_partition_executor_class",
    "time_partition_origin",
    "time_partition_interval",
    "schema_engine_mode",
    "tag_attribute_flush_interval",
    "tag_attribute_total_size",
    "timestamp_precision",
    "iotdb_server_encrypt_decrypt_provider",
    "iotdb_server_encrypt_decrypt_provider_parameter",
    "pipe_lib_dir",
]);

/**
 * Every directory key of IoTDB 2.0.10 (ConfigNode and DataNode) with its path relative to
 * {@link SystemPropertiesSettings.dataDir}; the relative paths follow IoTDB's defaults
 * (`data/confignode/...`, `data/datanode/...`, `ext/...`).
 */
export const DIRECTORY_KEYS: ReadonlyArray<readonly [key: string, relPath: string, comment: string]> =
    Object.freeze([
        ["cn_system_dir", "confignode/system", "ConfigNode system data"],
        ["cn_consensus_dir", "confignode/consensus", "ConfigNode consensus (Ratis) log"],
        ["cn_pipe_receiver_file_dir", "confignode/system/pipe/receiver", "ConfigNode pipe receiver files"],
        ["dn_system_dir", "datanode/system", "DataNode system data"],
        ["dn_data_dirs", "datanode/data", "TsFiles"],
        ["dn_consensus_dir", "datanode/consensus", "DataNode consensus logs"],
        ["dn_wal_dirs", "datanode/wal", "write-ahead log"],
        ["dn_tracing_dir", "datanode/tracing", "tracing"],
        ["dn_sync_dir", "datanode/sync", "sync"],
        ["sort_tmp_dir", "datanode/tmp", "temporary files of sorting"],
        ["dn_pipe_receiver_file_dirs", "datanode/system/pipe/receiver", "DataNode pipe receiver files"],
        [
            "iot_consensus_v2_receiver_file_dirs",
            "datanode/system/pipe/consensus/receiver",
            "IoTConsensusV2 receiver files",
        ],
        [
            "iot_consensus_v2_deletion_file_dir",
            "datanode/system/pipe/consensus/deletion",
            "IoTConsensusV2 deletion files",
        ],
        ["udf_lib_dir", "ext/udf", "UDF jars"],
        ["trigger_lib_dir", "ext/trigger", "trigger jars"],
        ["pipe_lib_dir", "ext/pipe", "pipe plugin jars (fixed at first start)"],
        ["load_active_listening_dirs", "ext/load/pending", "TsFiles to load automatically"],
        ["load_active_listening_fail_dir", "ext/load/failed", "TsFiles that failed to load"],
    ]);

/** Thrown for settings that cannot be rendered into a valid properties file. */
export class PropertiesError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PropertiesError";
    }
}

const KEY_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Checks that a value can be written as `key=value` and read back unchanged by Java's
 * `Properties` / IoTDB (which trims values) and by the sed one-liners of IoTDB's sbin scripts:
 * printable ASCII only (no newline, CR, tab or other control character), no backslash (the
 * properties escape character) and no leading or trailing blank.
 */
export function checkPropertyValue(key: string, value: string): void {
    if (typeof value !== "string") {
        throw new PropertiesError(`${key}: value must be a string`);
    }
    if (/[^\x20-\x7e]/.test(value)) {
        throw new PropertiesError(
            `${key}: value contains a newline, control or non-ASCII character: ${JSON.stringify(value)}`,
        );
    }
    if (value.includes("\\")) {
        throw new PropertiesError(`${key}: value contains a backslash: ${JSON.stringify(value)}`);
    }
    if (value !== value.trim()) {
        throw new PropertiesError(`${key}: value has leading or trailing blanks: ${JSON.stringify(value)}`);
    }
}

/** Checks a property key: letters, digits, `_`, `.`, `-`. */
export function checkPropertyKey(key: string): void {
    if (typeof key !== "string" || !KEY_RE.test(key)) {
        throw new PropertiesError(`invalid property key: ${JSON.stringify(key)}`);
    }
}

function checkHost(what: string, host: string): void {
    if (!isAddress(host)) {
        throw new PropertiesError(`${what}: not a host name or IPv4 address: ${JSON.stringify(host)}`);
    }
}

function checkPort(what: string, port: number): void {
    if (!isPort(port)) {
        throw new PropertiesError(`${what}: not a TCP port: ${JSON.stringify(port)}`);
    }
}

/** Parses and checks `host:port`. */
export function parseHostPort(what: string, value: string): { host: string; port: number } {
    const m = typeof value === "string" ? /^([^:]+):([0-9]{1,5})$/.exec(value) : null;
    if (!m) {
        throw new PropertiesError(`${what}: expected host:port, got ${JSON.stringify(value)}`);
    }
    const port = Number(m[2]);
    checkHost(what, m[1]);
    checkPort(what, port);
    return { host: m[1], port };
}

/** Checks `dataDir` (absolute, characters IoTDB and its scripts survive, no `.`/`..`) and returns it normalized. */
export function checkDataDir(dir: string): string {
    if (typeof dir !== "string" || !dir.startsWith("/")) {
        throw new PropertiesError(`dataDir must be an absolute path, got ${JSON.stringify(dir)}`);
    }
    if (!ABSOLUTE_PATH_RE.test(dir)) {
        throw new PropertiesError(
            `dataDir may hold only letters, digits and . _ / - (no blanks, commas or quotes): ${JSON.stringify(dir)}`,
        );
    }
    if (dir.split("/").some((part) => part === "." || part === "..")) {
        throw new PropertiesError(`dataDir must not contain . or .. components: ${JSON.stringify(dir)}`);
    }
    const trimmed = dir.replace(/\/+$/, "");
    if (trimmed === "") {
        throw new PropertiesError("dataDir must not be /");
    }
    return trimmed.replace(/\/{2,}/g, "/");
}

/** The effective ports: defaults overridden by `ports`, checked to be valid and distinct. */
export function resolvePorts(ports?: Partial<IotdbPorts>): IotdbPorts {
    const merged: IotdbPorts = { ...DEFAULT_PORTS };
    for (const [k, v] of Object.entries(ports ?? {})) {
        if (!(k in DEFAULT_PORTS)) {
            throw new PropertiesError(`unknown port name: ${k}`);
        }
        if (v !== undefined) {
            (merged as unknown as Record<string, number>)[k] = v as number;
        }
    }
    const seen = new Map<number, string>();
    for (const [k, v] of Object.entries(merged)) {
        checkPort(`ports.${k}`, v);
        const other = seen.get(v);
        if (other !== undefined) {
            throw new PropertiesError(`ports.${k} and ports.${other} are both ${v}`);
        }
        seen.set(v, k);
    }
    return merged;
}

/**
 * Renders a complete `iotdb-system.properties`: grouped, commented, in a fixed order (the same
 * settings always give the same bytes). Keys not rendered keep IoTDB's defaults.
 *
 * @param settings cluster name, addresses, ports, data directory and extra keys
 * @returns the file content, ending with a newline
 * @throws PropertiesError on a value that would break the file (newline, control characters,
 *   backslash, ...), an invalid host, port or path, duplicate ports, or an `extra` key that repeats
 *   a rendered key
 */
export function renderSystemProperties(settings: SystemPropertiesSettings): string {
    const { clusterName, internalAddress, rpcAddress } = settings;
    checkPropertyValue("cluster_name", clusterName);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(clusterName)) {
        throw new PropertiesError(
            `clusterName: use 1-64 letters, digits, '_', '.', '-': ${JSON.stringify(clusterName)}`,
        );
    }
    checkHost("internalAddress", internalAddress);
    checkHost("rpcAddress", rpcAddress);
    const ports = resolvePorts(settings.ports);
    const seed = settings.seedConfigNode ?? `${internalAddress}:${ports.cnInternal}`;
    parseHostPort("seedConfigNode", seed);
    const dataDir = checkDataDir(settings.dataDir);

    const rendered: Array<[string, string]> = [];
    const lines: string[] = [];
    const header = (title: string, ...comments: string[]) => {
        if (lines.length > 0) lines.push("");
        lines.push("####################", `### ${title}`, "####################");
        for (const c of comments) lines.push(`# ${c}`);
        lines.push("");
    };
    const put = (key: string, value: string | number, comment?: string) => {
        const v = String(value);
        checkPropertyKey(key);
        checkPropertyValue(key, v);
        if (comment) lines.push(`# ${comment}`);
        lines.push(`${key}=${v}`);
        rendered.push([key, v]);
    };

    lines.push(
        "# Apache IoTDB system properties, generated by iotdb-dual-active: edits here are overwritten.",
        "# Keys not listed keep IoTDB's defaults. Keys fixed at first start cannot be changed on an",
        "# existing node: a change needs a new node (fresh data directories), not an edit.",
    );

    header("Cluster");
    put("cluster_name", clusterName);

    header("Seed ConfigNode", "Fixed at first start.");
    put("cn_seed_config_node", seed);
    put("dn_seed_config_node", seed);

    header("ConfigNode RPC", "Fixed at first start.");
    put("cn_internal_address", internalAddress);
    put("cn_internal_port", ports.cnInternal);
    put("cn_consensus_port", ports.cnConsensus);

    header("DataNode RPC", "dn_rpc_* (the client endpoint) take effect on restart; the others are fixed at first start.");
    put("dn_rpc_address", rpcAddress);
    put("dn_rpc_port", ports.dnRpc);
    put("dn_internal_address", internalAddress);
    put("dn_internal_port", ports.dnInternal);
    put("dn_mpp_data_exchange_port", ports.dnMpp);
    put("dn_schema_region_consensus_port", ports.dnSchemaConsensus);
    put("dn_data_region_consensus_port", ports.dnDataConsensus);

    header("Directories", `All state lives under ${dataDir}.`);
    for (const [key, rel, comment] of DIRECTORY_KEYS) {
        put(key, `${dataDir}/${rel}`, comment);
    }

    const extra = settings.extra ?? {};
    const extraKeys = Object.keys(extra).sort();
    if (extraKeys.length > 0) {
        header("Extra settings");
        const renderedKeys = new Set(rendered.map(([k]) => k));
        for (const key of extraKeys) {
            checkPropertyKey(key);
            if (renderedKeys.has(key)) {
                throw new PropertiesError(`extra.${key} repeats a key set by the typed settings`);
            }
            put(key, extra[key]);
        }
    }
    return lines.join("\n") + "\n";
}

/**
 * Parses a properties file as rendered by {@link renderSystemProperties} (`key=value` lines,
 * `#` comments): handy to compare fixed keys between an old and a new rendering.
 */
export function parseSystemProperties(content: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const raw of content.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
        const i = line.indexOf("=");
        if (i <= 0) continue;
        out.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
    return out;
}

/**
 * The keys fixed at first start whose value differs between two renderings (a change to one of them
 * cannot be applied to an existing node).
 */
export function changedFixedKeys(before: string, after: string): string[] {
    const a = parseSystemProperties(before);
    const b = parseSystemProperties(after);
    return FIXED_AT_FIRST_START_KEYS.filter((k) => a.get(k) !== b.get(k));
}
