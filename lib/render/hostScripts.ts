/**
 * Bash scripts that install, configure, start and stop Apache IoTDB 2.0.x (one ConfigNode and one
 * DataNode per host) over SSH. Pure functions: each returns the text of a script meant to run as
 * `bash -c <script>` on the host.
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

import { shellAssign, shellQuote } from "./shell";

/** The two IoTDB node roles, in start order. */
import type { IotdbRole } from "../model/config";
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

/** Relative path of the SQL runner inside an IoTDB home (see host-tools/iotdb-sql). */
export const IOTDB_SQL_PATH = "tools/iotdb-sql/iotdb-sql";

/** Default password of IoTDB's `root` user on a fresh installation. */
export const IOTDB_DEFAULT_ROOT_PASSWORD = "root";

// A path IoTDB's sbin scripts survive (they use unquoted expansions): no blanks, quotes, globs.
const SAFE_PATH_RE = /^\/[A-Za-z0-9._+@%\/-]*$/;

export function checkSafePath(what: string, p: string): string {
    if (typeof p !== "string" || !SAFE_PATH_RE.test(p)) {
        throw new HostScriptError(
            `${what} must be an absolute path of letters, digits and . _ + @ % / - only: ${JSON.stringify(p)}`,
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
    if (typeof size !== "string" || !/^[1-9][0-9]{0,6}[MG]$/.test(size)) {
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

export function checkHost(what: string, host: string): string {
    if (typeof host !== "string" || !/^[A-Za-z0-9](?:[A-Za-z0-9.:-]*[A-Za-z0-9])?$/.test(host)) {
        throw new HostScriptError(`${what} is not a host name or address: ${JSON.stringify(host)}`);
    }
    return host;
}

export function checkPort(what: string, port: number): number {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new HostScriptError(`${what} is not a TCP port: ${port}`);
    }
    return port;
}

/** A host script: strict mode, umask, its tag, quoted assignments, the shared helpers, then the body. */
export function script(tag: string, assignments: string[], body: string): string {
    return [
        "set -euo pipefail",
        "umask 022",
        shellAssign("TAG", tag),
        ...assignments,
        COMMON,
        body.trim(),
        "",
    ].join("\n");
}

// Shared helpers. Plain bash, no interpolation from TypeScript.
const COMMON = String.raw`log() { printf '%s: %s\n' "$TAG" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$TAG" "$*" >&2; exit 1; }
role_class() {
  case $1 in
    confignode) echo org.apache.iotdb.confignode.service.ConfigNode ;;
    datanode) echo org.apache.iotdb.db.service.DataNode ;;
    *) die "unknown role: $1" ;;
  esac
}
role_home_prop() {
  case $1 in
    confignode) echo CONFIGNODE_HOME ;;
    datanode) echo IOTDB_HOME ;;
    *) die "unknown role: $1" ;;
  esac
}
# role_pids ROLE HOME_REAL: pids (one a line) of ROLE's java processes running from HOME_REAL.
role_pids() {
  local role=$1 want=$2 cls prop d arg val has cwd
  local -a argv
  cls=$(role_class "$role")
  prop=-D$(role_home_prop "$role")=
  for d in /proc/[0-9]*; do
    argv=()
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    (( ${"$"}{#argv[@]} > 2 )) || continue
    has=0
    val=
    for arg in "${"$"}{argv[@]}"; do
      if [[ $arg == "$cls" ]]; then has=1; fi
      if [[ $arg == "$prop"* ]]; then val=${"$"}{arg#"$prop"}; fi
    done
    if (( has == 0 )) || [[ -z $val ]]; then continue; fi
    if [[ $val != /* ]]; then
      cwd=$(readlink "$d/cwd" 2>/dev/null) || continue
      val=$cwd/$val
    fi
    val=$(cd "$val" 2>/dev/null && pwd -P) || continue
    if [[ $val == "$want" ]]; then printf '%s\n' "${"$"}{d#/proc/}"; fi
  done
  return 0
}
pid_list() { local -a p; mapfile -t p <<<"$1"; printf '%s' "${"$"}{p[*]}"; }`;

/** Parameters of {@link installScript}. */
export interface InstallScriptParams {
    /** Absolute path of the uploaded `apache-iotdb-<version>-bin.tar.gz` on the host. */
    archivePath: string;
    /** Its expected sha256 (64 hex digits). */
    archiveSha256: string;
    /** Directory that receives `apache-iotdb-<version>/`, e.g. `/opt/iotdb`. */
    installDir: string;
    /** IoTDB version, e.g. `2.0.10`: the archive must hold `apache-iotdb-<version>/`. */
    version: string;
}

/** The IoTDB home {@link installScript} installs to: `<installDir>/apache-iotdb-<version>`. */
export function iotdbHome(installDir: string, version: string): string {
    return `${checkSafePath("installDir", installDir)}/apache-iotdb-${checkVersion(version)}`;
}

/**
 * Installs the distribution tarball (built by scripts/iotdb-dist.sh) into
 * `<installDir>/apache-iotdb-<version>`.
 *
 * Verifies the archive's sha256 first (mismatch: exit 1). Does nothing when the home's marker file
 * ({@link INSTALL_MARKER}) already holds that sha256. Otherwise extracts into a temporary directory
 * beside the home and moves it into place; when a different build of the same version is installed,
 * it refuses while a node of that home runs, then replaces the archive's top-level entries (conf/,
 * lib/, sbin/, tools/) and keeps everything else (data/, logs/, ext/ are never touched). conf/ then
 * holds the archive's files again: run {@link configureScript} afterwards.
 *
 * stdout: `changed` or `unchanged`.
 */
export function installScript(params: InstallScriptParams): string {
    const archive = checkAbsolutePath("archivePath", params.archivePath);
    const sha = params.archiveSha256;
    if (typeof sha !== "string" || !/^[0-9a-f]{64}$/.test(sha)) {
        throw new HostScriptError(`archiveSha256 must be 64 lowercase hex digits: ${JSON.stringify(sha)}`);
    }
    const installDir = checkSafePath("installDir", params.installDir);
    const version = checkVersion(params.version);
    return script(
        "iotdb-install",
        [
            shellAssign("archive", archive),
            shellAssign("want_sha", sha),
            shellAssign("install_dir", installDir),
            shellAssign("name", `apache-iotdb-${version}`),
            shellAssign("marker_name", INSTALL_MARKER),
        ],
        String.raw`
home=$install_dir/$name
marker=$home/$marker_name
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found"
command -v tar >/dev/null 2>&1 || die "tar not found"
[[ -f $archive ]] || die "archive not found: $archive"
got_sha=$(sha256sum <"$archive" | awk '{print $1}') || die "cannot read $archive"
[[ $got_sha == "$want_sha" ]] || die "sha256 mismatch for $archive: got $got_sha, expected $want_sha"
if [[ -f $marker && -x $home/sbin/start-datanode.sh && -x $home/sbin/start-confignode.sh ]] \
    && [[ $(<"$marker") == "$want_sha" ]]; then
  log "already installed: $home"
  echo unchanged
  exit 0
fi
mkdir -p "$install_dir" || die "cannot create $install_dir"
tmp=$(mktemp -d "$install_dir/.$name.new.XXXXXX") || die "cannot create a temporary directory in $install_dir"
trap 'rm -rf "$tmp"' EXIT
log "extracting $archive"
tar -xzf "$archive" -C "$tmp" --no-same-owner || die "cannot extract $archive"
new=$tmp/$name
for f in sbin/start-confignode.sh sbin/start-datanode.sh conf/iotdb-system.properties \
    conf/confignode-env.sh conf/datanode-env.sh tools/iotdb-sql/iotdb-sql; do
  [[ -f $new/$f ]] || die "archive lacks $name/$f"
done
shopt -s nullglob dotglob
tops=("$tmp"/*)
(( ${"$"}{#tops[@]} == 1 )) || die "archive must hold exactly one top-level directory $name/"
if [[ ! -e $home ]]; then
  mv "$new" "$home" || die "cannot move the new installation to $home"
else
  [[ -d $home ]] || die "$home exists and is not a directory"
  home_real=$(cd "$home" && pwd -P)
  for role in confignode datanode; do
    pids=$(role_pids "$role" "$home_real")
    [[ -z $pids ]] || die "the $role of $home is running (pid $(pid_list "$pids")): stop it before replacing the installation"
  done
  log "replacing the distribution files of $home (data/, logs/, ext/ are kept)"
  for entry in "$new"/*; do
    base=${"$"}{entry##*/}
    case $base in data | logs | ext | "$marker_name") continue ;; esac
    rm -rf "$home/$base.old-install"
    if [[ -e $home/$base || -L $home/$base ]]; then
      mv "$home/$base" "$home/$base.old-install" || die "cannot move $home/$base aside"
    fi
    mv "$entry" "$home/$base" || die "cannot move $base into $home"
  done
  rm -rf "$home"/*.old-install
fi
printf '%s\n' "$want_sha" >"$marker.tmp" && mv -f "$marker.tmp" "$marker" || die "cannot write $marker"
[[ -x $home/sbin/start-datanode.sh && $(<"$marker") == "$want_sha" ]] || die "installation check failed for $home"
log "installed $home"
echo changed
`,
    );
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
    return script(
        "iotdb-configure",
        [
            shellAssign("home", home),
            shellAssign("props", props),
            shellAssign("cn_mem", cnMem),
            shellAssign("dn_mem", dnMem),
        ],
        String.raw`
conf=$home/conf
[[ -d $conf ]] || die "no conf directory: $conf (install first)"
changed=0
# write_file FILE CONTENT: replaces FILE when its content differs.
write_file() {
  local file=$1 content=$2 cur tmpf
  if [[ -f $file ]]; then
    cur=$(cat "$file" && printf x) || die "cannot read $file"
    if [[ $cur == "$content"x ]]; then
      log "unchanged: $file"
      return 0
    fi
  fi
  tmpf=$(mktemp "$file.XXXXXX") || die "cannot create a temporary file beside $file"
  printf '%s' "$content" >"$tmpf" || die "cannot write $tmpf"
  chmod 0644 "$tmpf"
  mv -f "$tmpf" "$file" || die "cannot replace $file"
  cur=$(cat "$file" && printf x) || die "cannot read $file"
  [[ $cur == "$content"x ]] || die "$file does not hold the expected content after writing"
  log "written: $file"
  changed=1
}
# set_memory FILE SIZE: sets the MEMORY_SIZE= line of FILE to SIZE.
set_memory() {
  local file=$1 size=$2 n tmpf
  [[ $size =~ ^[1-9][0-9]*[MG]$ ]] || die "invalid memory size: $size"
  [[ -f $file ]] || die "missing $file"
  n=$(grep -c '^MEMORY_SIZE=' "$file" || true)
  [[ $n == 1 ]] || die "$file: expected exactly one line starting with MEMORY_SIZE=, found $n"
  if grep -qx "MEMORY_SIZE=$size" "$file"; then
    log "unchanged: MEMORY_SIZE=$size in $file"
    return 0
  fi
  tmpf=$(mktemp "$file.XXXXXX") || die "cannot create a temporary file beside $file"
  sed "s/^MEMORY_SIZE=.*/MEMORY_SIZE=$size/" "$file" >"$tmpf" || die "sed failed on $file"
  chmod --reference="$file" "$tmpf"
  [[ $(grep -c '^MEMORY_SIZE=' "$tmpf" || true) == 1 ]] && grep -qx "MEMORY_SIZE=$size" "$tmpf" \
    || { rm -f "$tmpf"; die "could not set MEMORY_SIZE=$size in $file"; }
  mv -f "$tmpf" "$file" || die "cannot replace $file"
  grep -qx "MEMORY_SIZE=$size" "$file" || die "MEMORY_SIZE=$size not found in $file after writing"
  log "set MEMORY_SIZE=$size in $file"
  changed=1
}
write_file "$conf/iotdb-system.properties" "$props"
set_memory "$conf/confignode-env.sh" "$cn_mem"
set_memory "$conf/datanode-env.sh" "$dn_mem"
if (( changed )); then echo changed; else echo unchanged; fi
`,
    );
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
    return script(
        "iotdb-start",
        [
            shellAssign("home", home),
            shellAssign("rpc_host", rpcHost),
            shellAssign("rpc_port", rpcPort),
            shellAssign("user", user),
            shellAssign("timeout", timeout),
            `roles=(${roles.map(shellQuote).join(" ")})`,
            shellAssign("default_password", IOTDB_DEFAULT_ROOT_PASSWORD),
            shellAssign("sql_rel", IOTDB_SQL_PATH),
            shellAssign("internal_address", internalAddress),
            shellAssign("cn_internal_port", cnInternalPort),
        ],
        String.raw`
password=
IFS= read -r password || true
password=${"$"}{password%$'\r'}
[[ -n $password ]] || die "no password on stdin (line 1)"
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
sql=$home_real/$sql_rel
[[ -x $sql ]] || die "SQL runner not found: $sql"
if [[ -n ${"$"}{JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then :
elif command -v java >/dev/null 2>&1; then :
else die "java not found (set JAVA_HOME or put java on PATH)"; fi
command -v setsid >/dev/null 2>&1 || die "setsid not found"
mkdir -p "$home_real/logs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
deadline=$(( SECONDS + timeout ))

show_logs() {
  local f
  for f in log_confignode_all.log log_datanode_all.log; do
    if [[ -f $home_real/logs/$f ]]; then
      printf '%s: --- last 40 lines of %s ---\n' "$TAG" "$home_real/logs/$f" >&2
      tail -n 40 "$home_real/logs/$f" >&2 || true
    fi
  done
}
fail() {
  printf '%s: ERROR: %s\n' "$TAG" "$*" >&2
  if [[ -s $tmp/out ]]; then
    printf '%s: --- last show cluster ---\n' "$TAG" >&2
    cat "$tmp/out" >&2
  fi
  if [[ -s $tmp/err ]]; then
    printf '%s: --- last iotdb-sql error ---\n' "$TAG" >&2
    cat "$tmp/err" >&2
  fi
  show_logs
  exit 1
}

start_role() {
  local role=$1 pids out i offset new_out
  pids=$(role_pids "$role" "$home_real")
  if [[ -n $pids ]]; then
    log "$role already running (pid $(pid_list "$pids"))"
    return 0
  fi
  out=$home_real/logs/start-$role.out
  log "starting $role (output of sbin/start-$role.sh in $out)"
  offset=0
  if [[ -f $out ]]; then offset=$(stat -c %s "$out"); fi
  (
    cd "$home_real"
    unset IOTDB_INCLUDE IOTDB_LOG_CONFIG CONFIGNODE_LOG_CONFIG
    export CONFIGNODE_HOME=$home_real CONFIGNODE_DATA_HOME=$home_real CONFIGNODE_CONF=$home_real/conf \
      CONFIGNODE_LOG_DIR=$home_real/logs IOTDB_HOME=$home_real IOTDB_DATA_HOME=$home_real \
      IOTDB_CONF=$home_real/conf IOTDB_LOG_DIR=$home_real/logs
    exec setsid -w "$home_real/sbin/start-$role.sh" -d
  ) </dev/null >>"$out" 2>&1 || fail "sbin/start-$role.sh failed (see $out)"
  # It exits 0 without starting anything when a port is taken (by anything, on any address).
  new_out=$(tail -c +$(( offset + 1 )) "$out") || new_out=
  if [[ $new_out == *"Exit because there are occupied ports"* ]]; then
    grep -F 'is already occupied' <<<"$new_out" >&2 || true
    fail "$role not started: a port it needs is already in use (see $out)"
  fi
  # The start scripts exit 0 even when the node does not start (ports in use, ...): look for it.
  for (( i = 0; i < 60; i++ )); do
    pids=$(role_pids "$role" "$home_real")
    if [[ -n $pids ]]; then
      log "$role started (pid $(pid_list "$pids"))"
      return 0
    fi
    sleep 0.5
  done
  tail -n 20 "$out" >&2 || true
  fail "$role did not start within 30s (see $out)"
}

for role in "${"$"}{roles[@]}"; do start_role "$role"; done

# A ConfigNode alone answers no SQL: it is ready when its internal port takes connections.
if [[ " ${"$"}{roles[*]} " != *" datanode "* ]]; then
  while ! (exec 3<>"/dev/tcp/$internal_address/$cn_internal_port") 2>/dev/null; do
    [[ -n $(role_pids confignode "$home_real") ]] || fail "the confignode process of $home_real is gone (see $home_real/logs/start-confignode.out)"
    (( SECONDS < deadline )) || fail "the ConfigNode does not accept connections on $internal_address:$cn_internal_port after ${"$"}{timeout}s"
    sleep 1
  done
  log "ConfigNode accepts connections on $internal_address:$cn_internal_port after $(( SECONDS - start ))s"
  echo "auth=none"
  exit 0
fi

# Password candidates: the given one, then the default one (fresh installation).
candidates=("$password")
if [[ $password != "$default_password" ]]; then candidates+=("$default_password"); fi
auth=
auth_password=
want_types=
for role in "${"$"}{roles[@]}"; do
  case $role in confignode) want_types+=" ConfigNode" ;; datanode) want_types+=" DataNode" ;; esac
done

# query_cluster PASSWORD: show cluster into $tmp/out, errors into $tmp/err; returns iotdb-sql's exit code.
query_cluster() {
  local rc=0
  printf '%s\nshow cluster\n' "$1" | "$sql" --host "$rpc_host" --port "$rpc_port" --user "$user" \
    --timeout-ms 5000 >"$tmp/out.new" 2>"$tmp/err" || rc=$?
  if (( rc == 0 )); then mv -f "$tmp/out.new" "$tmp/out"; else rm -f "$tmp/out.new"; fi
  return $rc
}
all_running() {
  awk -F '\t' -v want="$want_types" -v addr="$internal_address" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "Status") s = i; if ($i == "NodeType") t = i; if ($i == "InternalAddress") a = i }; next }
    NF > 0 && (addr == "" || !a || $a == addr) { n++; if ($s != "Running") bad++; seen[$t] = 1 }
    END {
      if (!s || !t || n == 0 || bad) exit 1
      k = split(want, w, " ")
      for (i = 1; i <= k; i++) if (!(w[i] in seen)) exit 1
      exit 0
    }' "$tmp/out"
}

while :; do
  for role in "${"$"}{roles[@]}"; do
    [[ -n $(role_pids "$role" "$home_real") ]] || fail "the $role process of $home_real is gone (see $home_real/logs/start-$role.out)"
  done
  rc=0
  if [[ -z $auth ]]; then
    rejected=0
    for i in "${"$"}{!candidates[@]}"; do
      rc=0
      query_cluster "${"$"}{candidates[$i]}" || rc=$?
      if (( rc == 2 )) && grep -q ': 801: ' "$tmp/err"; then
        # 801: wrong password (the server is up and answered).
        rejected=$(( rejected + 1 ))
        continue
      fi
      if (( rc == 0 || rc == 1 )); then
        if (( i == 0 )); then auth=given; else auth=default; fi
        auth_password=${"$"}{candidates[$i]}
        log "logged in as $user with the $auth password"
      fi
      break
    done
    if (( rejected == ${"$"}{#candidates[@]} )); then
      fail "IoTDB rejected the password of $user (tried the given one and the default one)"
    fi
  else
    query_cluster "$auth_password" || rc=$?
  fi
  if (( rc == 3 )); then fail "iotdb-sql failed (exit 3: usage or Java problem)"; fi
  if [[ -n $auth && $rc == 0 ]] && all_running; then
    log "all nodes Running after $(( SECONDS - start ))s"
    echo "auth=$auth"
    echo "pids=$(for role in "${"$"}{roles[@]}"; do printf '%s:%s ' "$role" "$(pid_list "$(role_pids "$role" "$home_real")")"; done)"
    exit 0
  fi
  if (( SECONDS >= deadline )); then
    fail "not every node is Running after ${"$"}{timeout}s"
  fi
  sleep 2
done
`,
    );
}

/** Parameters of {@link stopScript}. */
export interface StopScriptParams {
    /** The IoTDB home. */
    home: string;
    /** Bound of each wait (per role, and once more after a repeated TERM), in seconds. */
    timeoutSeconds: number;
    /** Roles to stop, default both; a DataNode always stops before the ConfigNode. */
    roles?: IotdbRole[];
}

/**
 * Stops the DataNode, then the ConfigNode of one IoTDB home: sends TERM to exactly the java
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
    return script(
        "iotdb-stop",
        [shellAssign("home", home), shellAssign("timeout", timeout), `roles=(${roles.map(shellQuote).join(" ")})`],
        String.raw`
if [[ ! -d $home ]]; then
  log "no IoTDB home at $home: nothing to stop"
  exit 0
fi
home_real=$(cd "$home" && pwd -P)
# wait_gone ROLE SECONDS: waits until ROLE has no process of this home; returns 1 on timeout.
wait_gone() {
  local role=$1 until=$(( SECONDS + $2 ))
  while [[ -n $(role_pids "$role" "$home_real") ]]; do
    (( SECONDS < until )) || return 1
    sleep 0.5
  done
  return 0
}
stop_role() {
  local role=$1 pids t0=$SECONDS
  local -a list
  pids=$(role_pids "$role" "$home_real")
  if [[ -z $pids ]]; then
    log "$role not running"
    return 0
  fi
  mapfile -t list <<<"$pids"
  log "stopping $role (TERM to pid ${"$"}{list[*]})"
  kill -TERM "${"$"}{list[@]}" 2>/dev/null || true
  if wait_gone "$role" "$timeout"; then
    log "$role stopped after $(( SECONDS - t0 ))s"
    return 0
  fi
  pids=$(role_pids "$role" "$home_real")
  mapfile -t list <<<"$pids"
  log "$role still running after ${"$"}{timeout}s: TERM again to pid ${"$"}{list[*]}"
  kill -TERM "${"$"}{list[@]}" 2>/dev/null || true
  if wait_gone "$role" "$timeout"; then
    log "$role stopped after $(( SECONDS - t0 ))s"
    return 0
  fi
  pids=$(role_pids "$role" "$home_real")
  die "$role of $home_real still running after TERM and $(( SECONDS - t0 ))s (pid $(pid_list "$pids")); not sending SIGKILL (data safety): check logs/log_${"$"}{role}_all.log"
}
for role in "${"$"}{roles[@]}"; do stop_role "$role"; done
for role in "${"$"}{roles[@]}"; do
  [[ -z $(role_pids "$role" "$home_real") ]] || die "a $role of $home_real is running again"
done
log "no ${"$"}{roles[*]} process of $home_real is running"
`,
    );
}
