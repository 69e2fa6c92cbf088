// The single-valued keys: iotdbVersion, syncUser, startTimeoutSeconds, purgeDataOnDestroy, and the
// extra systemProperties of every node.
import { isIotdbUser, isSha256, isUrl } from "../../rules";
import { DEFAULTS, SUPPORTED_IOTDB_VERSIONS, UNBUILDABLE_IOTDB_VERSIONS } from "../defaults";
import { PER_SIDE_PROPERTIES } from "../nodes";
import { Parsed, Problems, Raw } from "../problems";
import { SAFE_VALUE_RE } from "./pipes";

export function parseIotdbVersion(raw: Raw, namespace: string): Parsed<string> {
    const out = new Problems(namespace);
    const iotdbVersion = raw.iotdbVersion ?? DEFAULTS.iotdbVersion;
    if (!SUPPORTED_IOTDB_VERSIONS.includes(iotdbVersion)) {
        const why = typeof iotdbVersion === "string" && Object.hasOwn(UNBUILDABLE_IOTDB_VERSIONS, iotdbVersion) ? ` (${UNBUILDABLE_IOTDB_VERSIONS[iotdbVersion]})` : "";
        out.add("iotdbVersion", `${JSON.stringify(iotdbVersion)} is not supported${why}; use one of ${SUPPORTED_IOTDB_VERSIONS.join(", ")}`);
    }
    return { value: iotdbVersion, problems: out.list };
}

/** syncUser, startTimeoutSeconds, purgeDataOnDestroy, rollingRestarts, superviseNodes. */
export function parseRunSettings(raw: Raw, namespace: string): Parsed<{
    syncUser: string; startTimeoutSeconds: number; purgeDataOnDestroy: boolean; rollingRestarts: boolean; superviseNodes: boolean;
}> {
    const out = new Problems(namespace);
    const syncUser = raw.syncUser ?? DEFAULTS.syncUser;
    if (!isIotdbUser(syncUser) || syncUser === "root") {
        out.add("syncUser", `${JSON.stringify(syncUser)} is not a valid IoTDB user for replication; use 4-32 letters, digits or '_', not root`);
    }
    const startTimeoutSeconds = raw.startTimeoutSeconds ?? DEFAULTS.startTimeoutSeconds;
    if (!Number.isInteger(startTimeoutSeconds) || startTimeoutSeconds < 10 || startTimeoutSeconds > 3600) {
        out.add("startTimeoutSeconds", "must be a whole number of seconds from 10 to 3600");
    }
    const purgeDataOnDestroy = raw.purgeDataOnDestroy ?? DEFAULTS.purgeDataOnDestroy;
    if (typeof purgeDataOnDestroy !== "boolean") out.add("purgeDataOnDestroy", "must be true or false");
    const rollingRestarts = raw.rollingRestarts ?? DEFAULTS.rollingRestarts;
    if (typeof rollingRestarts !== "boolean") out.add("rollingRestarts", "must be true or false");
    const superviseNodes = raw.superviseNodes ?? DEFAULTS.superviseNodes;
    if (typeof superviseNodes !== "boolean") out.add("superviseNodes", "must be true or false");
    return { value: { syncUser, startTimeoutSeconds, purgeDataOnDestroy, rollingRestarts, superviseNodes }, problems: out.list };
}

/** systemProperties: lower-case names, safe values, none of the per-side keys. */
export function parseSystemProperties(raw: Raw, namespace: string): Parsed<Record<string, string>> {
    const out = new Problems(namespace);
    const systemProperties: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.systemProperties ?? {})) {
        if (PER_SIDE_PROPERTIES[k]) out.add(`systemProperties.${k}`, `is set per side; use sideA.${PER_SIDE_PROPERTIES[k]} and sideB.${PER_SIDE_PROPERTIES[k]}`);
        if (!/^[a-z][a-z0-9_.]*$/.test(k)) out.add(`systemProperties.${k}`, "is not a valid property name");
        if (!SAFE_VALUE_RE.test(String(v))) out.add(`systemProperties.${k}`, "value must not contain quotes or line breaks");
        systemProperties[k] = String(v);
    }
    return { value: systemProperties, problems: out.list };
}

/** distribution: a URL with its SHA-256, or a local path, or nothing (the tarball setup built). */
export function parseDistribution(raw: Raw, namespace: string): Parsed<{ localPath?: string; url?: string; sha256?: string }> {
    const out = new Problems(namespace);
    const distribution = raw.distribution ?? {};
    if (distribution.url !== undefined) {
        if (!isUrl(String(distribution.url))) out.add("distribution.url", "must be an http(s) URL without spaces or quotes");
        if (!isSha256(String(distribution.sha256 ?? ""))) {
            out.add("distribution.sha256", "must be the tarball's SHA-256 (64 hex digits) when distribution.url is set");
        }
        if (distribution.localPath !== undefined) out.add("distribution.localPath", "set either localPath or url, not both");
    }
    return { value: distribution, problems: out.list };
}
