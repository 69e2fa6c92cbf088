/**
 * Bash scripts that install, configure, start and stop Apache IoTDB 2.0.x (one ConfigNode and one
 * DataNode per host) over SSH. Pure functions: each returns the text of a script meant to run as
 * `bash -c <script>` on the host.
 *
 * The bash of each script is a file under sh/ (install.sh, configure.sh, start.sh, stop.sh, with the
 * role helpers of roles.sh), rendered by template.ts: the shared prelude, then the inputs as quoted
 * assignments, then the files.
 *
 * Conventions shared by all scripts:
 * - they start with `set -euo pipefail` (first line; no shebang: they are run with `bash -c`), check every step and exit non-zero with a message on stderr
 *   (prefixed `iotdb-<step>:`) when something is wrong;
 * - every value is quoted with {@link shellQuote}; values IoTDB's own sbin scripts cannot cope with
 *   (paths with blanks, ...) are rejected here, before any script exists;
 * - they are idempotent: running one twice changes nothing the second time;
 * - secrets are read from stdin only, never written into the script text;
 * - progress goes to stderr; stdout carries at most a short machine-readable result, documented
 *   per script.
 *
 * Processes are identified by their command line: the java process whose arguments hold the role's
 * main class and `-DCONFIGNODE_HOME=<home>` (ConfigNode) or `-DIOTDB_HOME=<home>` (DataNode), the
 * home resolved against the process's working directory. IoTDB's sbin scripts are not trusted for
 * this: the start scripts exit 0 whatever happens, the stop scripts pick a pid by port number on any
 * address (another instance in the same network namespace would do) and need lsof or netstat.
 */

import { ABSOLUTE_PATH_RE, ArchiveFormat, isAddress, isArchiveFormat, isMemorySize, isPort } from "../rules";
import { checksumInputs, ChecksumInputs } from "./checksum";
import { shellAssign } from "./shell";
import { renderScript, templateBody } from "./template";
import { SupervisionParams, SupervisorHostPaths, supervisionInputs } from "./supervisorScripts";

/** The two IoTDB node roles, in start order. */
import type { IotdbRole } from "../model/config";
import { HOST_TOOLS_DIR } from "../plan/layout";
export type { IotdbRole };

/** Thrown for parameters a script cannot be generated for. */
export class HostScriptError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HostScriptError";
    }
}

/** Marker file written into the IoTDB home by {@link installScript}; holds the archive's sha256. */
export const INSTALL_MARKER = ".iotdb-dual-active-installed";

export { HOST_TOOLS_DIR };

/** Relative path of the SQL runner inside an IoTDB home (see host-tools/iotdb-sql). */
export const IOTDB_SQL_PATH = `${HOST_TOOLS_DIR}/iotdb-sql`;

/** Default password of IoTDB's `root` user on a fresh installation. */
export const IOTDB_DEFAULT_ROOT_PASSWORD = "root";

/** `p` without trailing or doubled slashes, when it is a path IoTDB's sbin scripts survive (ABSOLUTE_PATH_RE, lib/rules.ts). */
export function checkSafePath(what: string, p: string): string {
    if (typeof p !== "string" || !ABSOLUTE_PATH_RE.test(p)) {
        throw new HostScriptError(
            `${what} must be an absolute path of letters, digits and . _ / - only: ${JSON.stringify(p)}`,
        );
    }
    if (p.split("/").some((part) => part === "." || part === "..")) {
        throw new HostScriptError(`${what} must not contain . or .. components: ${JSON.stringify(p)}`);
    }
    const trimmed = p.replace(/\/+$/, "").replace(/\/{2,}/g, "/");
    if (trimmed === "") {
        throw new HostScriptError(`${what} must not be /`);
    }
    return trimmed;
}

function checkAbsolutePath(what: string, p: string): string {
    if (typeof p !== "string" || !p.startsWith("/") || /[\0\n\r]/.test(p)) {
        throw new HostScriptError(`${what} must be an absolute path without NUL or newline: ${JSON.stringify(p)}`);
    }
    return p;
}

function checkVersion(version: string): string {
    if (typeof version !== "string" || !/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(version)) {
        throw new HostScriptError(`not a version string: ${JSON.stringify(version)}`);
    }
    return version;
}

function checkTimeout(what: string, seconds: number): number {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86400) {
        throw new HostScriptError(`${what} must be an integer number of seconds in [1, 86400]: ${seconds}`);
    }
    return seconds;
}

function checkMemory(what: string, size: string): string {
    if (!isMemorySize(size)) {
        throw new HostScriptError(`${what} must look like 512M or 2G (IoTDB's MEMORY_SIZE format): ${JSON.stringify(size)}`);
    }
    return size;
}

function checkLine(what: string, value: string): string {
    if (typeof value !== "string" || value === "" || /[\0\n\r]/.test(value)) {
        throw new HostScriptError(`${what} must be a non-empty single line: ${JSON.stringify(value)}`);
    }
    return value;
}

/** `host` when it is an IPv4 address or a DNS name (isAddress, lib/rules.ts). */
export function checkHost(what: string, host: string): string {
    if (!isAddress(host)) {
        throw new HostScriptError(`${what} is not a host name or address: ${JSON.stringify(host)}`);
    }
    return host;
}

/** `port` when it is a TCP port (isPort, lib/rules.ts). */
export function checkPort(what: string, port: number): number {
    if (!isPort(port)) {
        throw new HostScriptError(`${what} is not a TCP port: ${port}`);
    }
    return port;
}

/**
 * A host script from a body given as text: the prelude (sh/prelude.sh), `TAG`, the assignments, the
 * role helpers (sh/roles.sh), then the body. The project's own scripts use {@link renderScript} with
 * their templates under sh/; this stays for callers that bring their own body.
 */
export function script(tag: string, assignments: string[], body: string): string {
    return [templateBody("prelude"), shellAssign("TAG", tag), ...assignments, templateBody("roles"), body.trim(), ""].join("\n");
}

/** Parameters of {@link installScript}. */
export interface InstallScriptParams {
    /** Absolute path of the uploaded or downloaded archive on the host (`apache-iotdb-<version>-bin.tar.gz` or `.zip`). */
    archivePath: string;
    /** Its expected sha256 (64 hex digits); or give archiveSha512. */
    archiveSha256?: string;
    /** Its expected sha512 (128 hex digits), as Apache publishes it; or give archiveSha256. */
    archiveSha512?: string;
    /** `tar.gz` (default) or `zip` (Apache's binary release; needs unzip or python3 on the host). */
    format?: ArchiveFormat;
    /** Directory that receives `apache-iotdb-<version>/`, e.g. `/opt/iotdb`. */
    installDir: string;
    /** IoTDB version, e.g. `2.0.10`: installed as `<installDir>/apache-iotdb-<version>`, whatever the archive's one top folder is called. */
    version: string;
}

/** The IoTDB home {@link installScript} installs to: `<installDir>/apache-iotdb-<version>`. */
export function iotdbHome(installDir: string, version: string): string {
    return `${checkSafePath("installDir", installDir)}/apache-iotdb-${checkVersion(version)}`;
}

/**
 * Installs an IoTDB archive into `<installDir>/apache-iotdb-<version>`: the tarball built by
 * scripts/iotdb-dist.sh, or Apache's binary release (a .zip whose one top folder is
 * `apache-iotdb-<version>-all-bin`); the archive's single top folder becomes the home, whatever its
 * name. The project's tools are not needed in it (hostToolsScript installs them).
 *
 * Verifies the archive's sha512 or sha256 first (mismatch: exit 1). Does nothing when the home's marker file
 * ({@link INSTALL_MARKER}) already holds that digest. Otherwise extracts into a temporary directory
 * beside the home and moves it into place; when a different build of the same version is installed,
 * it refuses while a node of that home runs, then replaces the archive's top-level entries (conf/,
 * lib/, sbin/, tools/) and keeps everything else (data/, logs/, ext/ are never touched). conf/ then
 * holds the archive's files again: run {@link configureScript} afterwards.
 *
 * stdout: `changed` or `unchanged`.
 */
export function installScript(params: InstallScriptParams): string {
    const archive = checkAbsolutePath("archivePath", params.archivePath);
    let sum: ChecksumInputs;
    try {
        sum = checksumInputs("archive", { sha256: params.archiveSha256, sha512: params.archiveSha512 });
    } catch (e) {
        throw new HostScriptError(`${(e as Error).message}: ${JSON.stringify(params.archiveSha512 ?? params.archiveSha256)}`);
    }
    const format = params.format ?? "tar.gz";
    if (!isArchiveFormat(format)) throw new HostScriptError(`format must be tar.gz or zip: ${JSON.stringify(format)}`);
    const installDir = checkSafePath("installDir", params.installDir);
    const version = checkVersion(params.version);
    return renderScript("iotdb-install", {
        archive,
        ...sum,
        format,
        install_dir: installDir,
        name: `apache-iotdb-${version}`,
        marker_name: INSTALL_MARKER,
    }, ["roles", "install"]);
}

/** Parameters of {@link configureScript}. */
export interface ConfigureScriptParams {
    /** The IoTDB home, e.g. `/opt/iotdb/apache-iotdb-2.0.10`. */
    home: string;
    /** Full content of `conf/iotdb-system.properties` (see renderSystemProperties in properties.ts). */
    systemProperties: string;
    /** `MEMORY_SIZE` of the ConfigNode (conf/confignode-env.sh), e.g. `512M`. */
    confignodeMemory: string;
    /** `MEMORY_SIZE` of the DataNode (conf/datanode-env.sh), e.g. `2G`. */
    datanodeMemory: string;
}

/**
 * Writes `conf/iotdb-system.properties` with the given content and sets `MEMORY_SIZE=<x>` in
 * conf/confignode-env.sh and conf/datanode-env.sh (those files assign MEMORY_SIZE themselves, so an
 * environment variable would be overwritten: the line is replaced). Files are replaced atomically
 * and only when their content changes; each result is read back and checked. Running nodes are not
 * restarted.
 *
 * stdout: `changed` (some file was rewritten) or `unchanged`.
 */
export function configureScript(params: ConfigureScriptParams): string {
    const home = checkSafePath("home", params.home);
    const props = params.systemProperties;
    if (typeof props !== "string" || props.includes("\0")) {
        throw new HostScriptError("systemProperties must be a string without NUL characters");
    }
    const cnMem = checkMemory("confignodeMemory", params.confignodeMemory);
    const dnMem = checkMemory("datanodeMemory", params.datanodeMemory);
    return renderScript("iotdb-configure", {
        home,
        props,
        cn_mem: cnMem,
        dn_mem: dnMem,
    }, ["configure"]);
}

/** Parameters of {@link startScript}. */
export interface StartScriptParams {
    /** The IoTDB home. */
    home: string;
    /** Address the SQL runner connects to (the DataNode's `dn_rpc_address`, or loopback when bound to it). */
    rpcHost: string;
    /** The DataNode's `dn_rpc_port`. */
    rpcPort: number;
    /** IoTDB user for `show cluster`, normally `root`. */
    user: string;
    /** Bound of the whole wait for Running, in seconds. */
    timeoutSeconds: number;
    /** Roles to start, default both; started in the order confignode, datanode. */
    roles?: IotdbRole[];
    /**
     * This node's internal address (its hostname). With a DataNode, only this node's rows of
     * `show cluster` must be Running (another node of the cluster may be down). Without one (a
     * ConfigNode alone, before any DataNode exists) readiness is its internal port accepting connections.
     */
    internalAddress?: string;
    /** The ConfigNode's internal port (`cn_internal_port`), for a ConfigNode started alone. */
    cnInternalPort?: number;
    /**
     * Keep each started role running (lib/render/supervisorScripts.ts): once Running, a supervisor
     * starts it again whenever its process is gone, and at boot. Absent: any supervisor of these
     * roles is taken away.
     */
    supervise?: SupervisionParams;
    /** Test overrides of the host files supervision touches. */
    supervisorHostPaths?: SupervisorHostPaths;
}

/**
 * Starts the given roles of one IoTDB home, each only when its java process of this home is not
 * already running, then polls `show cluster` (through tools/iotdb-sql) until every node reports
 * `Running` and each started role appears, bounded by `timeoutSeconds`.
 *
 * stdin line 1: the user's password. When IoTDB rejects it (error 801) the default password `root`
 * is tried, so the script also works on a fresh installation whose password has not been changed
 * yet; stderr says which one worked (never the passwords themselves).
 *
 * Fails (exit 1) when a role's process does not appear or disappears, when both passwords are
 * rejected, or on timeout; it then prints the last `show cluster` output (or the last connection
 * error) and the last 40 lines of logs/log_confignode_all.log and logs/log_datanode_all.log on stderr.
 *
 * Once Running, each role is supervised when `supervise` is given (supervisorScripts.ts), and any
 * supervisor of it is taken away otherwise.
 *
 * stdout: `auth=given` or `auth=default` (which password logged in), then `pids=<role>:<pids> ...`
 * (new after each start: what must follow a restart, such as the pipes' resume, is triggered by it).
 */
export function startScript(params: StartScriptParams): string {
    const home = checkSafePath("home", params.home);
    const rpcHost = checkHost("rpcHost", params.rpcHost);
    const rpcPort = checkPort("rpcPort", params.rpcPort);
    const user = checkLine("user", params.user);
    const timeout = checkTimeout("timeoutSeconds", params.timeoutSeconds);
    const requested = params.roles ?? ["confignode", "datanode"];
    if (!Array.isArray(requested) || requested.length === 0) {
        throw new HostScriptError("roles must name at least one role");
    }
    for (const r of requested) {
        if (r !== "confignode" && r !== "datanode") {
            throw new HostScriptError(`unknown role: ${JSON.stringify(r)}`);
        }
    }
    const roles = (["confignode", "datanode"] as const).filter((r) => requested.includes(r));
    const internalAddress = params.internalAddress === undefined ? "" : checkHost("internalAddress", params.internalAddress);
    const cnInternalPort = params.cnInternalPort === undefined ? "" : checkPort("cnInternalPort", params.cnInternalPort);
    if (!roles.includes("datanode") && (!internalAddress || !cnInternalPort)) {
        throw new HostScriptError("a ConfigNode started alone needs internalAddress and cnInternalPort");
    }
    return renderScript("iotdb-start", {
        home,
        rpc_host: rpcHost,
        rpc_port: rpcPort,
        user,
        timeout,
        roles: [...roles],
        default_password: IOTDB_DEFAULT_ROOT_PASSWORD,
        sql_rel: IOTDB_SQL_PATH,
        internal_address: internalAddress,
        cn_internal_port: cnInternalPort,
        ...supervisionInputs(home, params.supervise, params.supervisorHostPaths),
    }, ["roles", "launch", "supervision", "start"]);
}

/** Parameters of {@link stopScript}. */
export interface StopScriptParams {
    /** The IoTDB home. */
    home: string;
    /** Bound of each wait (per role, and once more after a repeated TERM), in seconds. */
    timeoutSeconds: number;
    /** Roles to stop, default both; a DataNode always stops before the ConfigNode. */
    roles?: IotdbRole[];
    /** Test overrides of the host files supervision touches. */
    supervisorHostPaths?: SupervisorHostPaths;
}

/**
 * Takes each role's supervisor away first (marked stopped on purpose, no boot hook, its loop ended:
 * supervisorScripts.ts), then stops the DataNode, then the ConfigNode of one IoTDB home: sends TERM to exactly the java
 * processes of this home (IoTDB's shutdown hooks flush and close), waits until they are gone
 * (bounded by `timeoutSeconds` per role), sends TERM once more to the ones still there, waits again,
 * and fails with a clear message if any is still alive. It never sends SIGKILL (data safety).
 * Idempotent: nothing running → exit 0. stdout: nothing.
 */
export function stopScript(params: StopScriptParams): string {
    const home = checkSafePath("home", params.home);
    const timeout = checkTimeout("timeoutSeconds", params.timeoutSeconds);
    const requested = params.roles ?? ["confignode", "datanode"];
    const roles = (["datanode", "confignode"] as const).filter((r) => requested.includes(r));
    if (roles.length === 0) throw new HostScriptError("roles must name at least one role");
    return renderScript("iotdb-stop", {
        home, timeout, roles: [...roles], ...supervisionInputs(home, undefined, params.supervisorHostPaths),
    }, ["roles", "supervision", "stop"]);
}
