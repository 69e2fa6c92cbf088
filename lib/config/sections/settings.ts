// The single-valued keys: iotdbVersion, syncUser, startTimeoutSeconds, purgeDataOnDestroy, and the
// extra systemProperties of every node.
import { archiveFormatOf, isIotdbUser, isSha256, isSha512, isUrl } from "../../rules";
import type { DistributionSettings } from "../../model/config";
import { DEFAULTS, SUPPORTED_IOTDB_VERSIONS, UNSUPPORTED_IOTDB_VERSIONS } from "../defaults";
import { PER_SIDE_PROPERTIES } from "../nodes";
import { Parsed, Problems, Raw } from "../problems";
import { SAFE_VALUE_RE } from "./pipes";

export function parseIotdbVersion(raw: Raw, namespace: string): Parsed<string> {
    const out = new Problems(namespace);
    const iotdbVersion = raw.iotdbVersion ?? DEFAULTS.iotdbVersion;
    if (!SUPPORTED_IOTDB_VERSIONS.includes(iotdbVersion)) {
        const why = typeof iotdbVersion === "string" && Object.prototype.hasOwnProperty.call(UNSUPPORTED_IOTDB_VERSIONS, iotdbVersion) ? ` (${UNSUPPORTED_IOTDB_VERSIONS[iotdbVersion]})` : "";
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

/**
 * distribution: a URL (.zip or .tar.gz, e.g. Apache's binary release) with its SHA-512 or SHA-256, or
 * a local path, or nothing (the tarball setup built). Digests are taken in either case, kept lower-case.
 */
export function parseDistribution(raw: Raw, namespace: string): Parsed<DistributionSettings> {
    const out = new Problems(namespace);
    const given = raw.distribution ?? {};
    const digest = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v as string | undefined);
    const distribution: DistributionSettings = Object.fromEntries(Object.entries({
        localPath: given.localPath, url: given.url, sha256: digest(given.sha256), sha512: digest(given.sha512),
    }).filter(([, v]) => v !== undefined));
    if (distribution.url !== undefined) {
        const url = String(distribution.url);
        if (!isUrl(url)) out.add("distribution.url", "must be an http(s) URL without spaces or quotes");
        else if (!archiveFormatOf(url)) {
            out.add("distribution.url", "must name a .zip or .tar.gz archive (e.g. https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip)");
        }
        const { sha256, sha512 } = distribution;
        if (sha256 !== undefined && sha512 !== undefined) {
            out.add("distribution.sha256", "set either sha512 or sha256 with distribution.url, not both");
        } else if (sha512 !== undefined) {
            if (!isSha512(sha512)) out.add("distribution.sha512", "must be the archive's SHA-512: 128 hex digits, the first word of the .sha512 file published beside it");
        } else if (sha256 !== undefined) {
            if (!isSha256(sha256)) out.add("distribution.sha256", "must be the archive's SHA-256: 64 hex digits");
        } else {
            out.add("distribution.sha512", "is required with distribution.url: the archive's SHA-512 (128 hex digits, Apache publishes it as <file>.sha512), or set distribution.sha256 instead");
        }
        if (distribution.localPath !== undefined) out.add("distribution.localPath", "set either localPath or url, not both");
    } else {
        for (const k of ["sha256", "sha512"] as const) {
            if (distribution[k] !== undefined) out.add(`distribution.${k}`, "goes with distribution.url only (a localPath's SHA-256 is read from <file>.sha256 beside it): remove it or set distribution.url");
        }
    }
    return { value: distribution, problems: out.list };
}
