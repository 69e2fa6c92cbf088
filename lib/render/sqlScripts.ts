// Host scripts that talk SQL to a running IoTDB through the distribution's iotdb-sql runner.
// Secrets (passwords, and SQL that carries one) arrive on stdin, one per line, in the order each
// script documents; the script text itself never holds one.
import { shellQuote } from "./shell";
import { pipeNameVariants, startPipeSql, stopPipeSql, dropPipeSql, SHOW_PIPES_SQL, SHOW_CLUSTER_SQL, LIST_USER_SQL, sqlIdentifier, alterPasswordSql } from "./sql";

export interface SqlTarget {
    /** IoTDB home on the machine (where tools/iotdb-sql/iotdb-sql is). */
    home: string;
    /** RPC address and port the runner connects to (the node's own). */
    rpcHost: string;
    rpcPort: number;
    /** File the scripts append their events to (timestamped), read by tests and operators. */
    journalFile: string;
}

/** Bash helpers shared by the SQL scripts. */
export function sqlPrelude(t: SqlTarget): string {
    return `set -euo pipefail
sql_bin=${shellQuote(t.home + "/tools/iotdb-sql/iotdb-sql")}
sql_host=${shellQuote(t.rpcHost)}
sql_port=${shellQuote(String(t.rpcPort))}
journal_file=${shellQuote(t.journalFile)}
[ -x "$sql_bin" ] || { echo "$sql_bin is missing: is IoTDB installed here?" >&2; exit 1; }
# run_sql PASSWORD STATEMENT...: the password and statements go on stdin (printf is a builtin: no argv).
# 60 s per statement: stopping a pipe is a cluster procedure, slower than the runner's 5 s default on a busy machine.
run_sql() { run_sql_within 60000 "$@"; }
# run_sql_within MS PASSWORD STATEMENT...: the same, the runner waiting MS milliseconds per statement.
run_sql_within() { local ms=$1 pw=$2; shift 2; printf '%s\\n' "$pw" "$@" | "$sql_bin" --host "$sql_host" --port "$sql_port" --user root --timeout-ms "$ms"; }
journal() { mkdir -p "$(dirname "$journal_file")"; printf '%s %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*" >> "$journal_file"; }
# column NAME: from TSV with a header on stdin, the values of column NAME
column() { awk -F'\\t' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } k { print $k }'; }
`;
}

/**
 * Sets root's password and creates the replication user with its privileges; idempotent.
 * stdin: admin password; ALTER USER root statement; CREATE USER statement; ALTER USER (sync) statement;
 * then one GRANT statement per line.
 */
export function credentialsScript(t: SqlTarget, syncUser: string): string {
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
IFS= read -r alter_root_sql
IFS= read -r create_sync_sql
IFS= read -r alter_sync_sql
grants=()
while IFS= read -r line; do [ -n "$line" ] && grants+=("$line"); done
err=$(mktemp); trap 'rm -f "$err"' EXIT
# Which password logs in: the configured one, or IoTDB's default on a side not set up yet.
if run_sql "$admin_pw" ${shellQuote(SHOW_CLUSTER_SQL)} >/dev/null 2>"$err"; then
  pw=$admin_pw; set_root=0
elif run_sql root ${shellQuote(SHOW_CLUSTER_SQL)} >/dev/null 2>>"$err"; then
  pw=root; set_root=1
else
  echo "cannot log in as root with the configured admin password nor the default one:" >&2
  cat "$err" >&2
  echo "if root's password was changed by hand, set adminPassword (as a secret) to it" >&2
  exit 1
fi
users=$(run_sql "$pw" ${shellQuote(LIST_USER_SQL)} | column User)
if printf '%s\\n' "$users" | grep -qx ${shellQuote(syncUser)}; then
  run_sql "$pw" "$alter_sync_sql" >/dev/null
else
  run_sql "$pw" "$create_sync_sql" >/dev/null
  journal ${shellQuote(`user ${sqlIdentifier(syncUser)} created`)}
fi
run_sql "$pw" "\${grants[@]}" >/dev/null
# root's password last: a failure above leaves the side as it was, reachable by the next run.
if [ "$set_root" = 1 ]; then
  run_sql root "$alter_root_sql" >/dev/null
  run_sql "$admin_pw" ${shellQuote(SHOW_CLUSTER_SQL)} >/dev/null
  journal "root password set"
  echo "root password set"
fi
echo "user ${sqlIdentifier(syncUser)} ready"
`;
}

/**
 * Creates the pipe unless it (or its auto-split halves) exists, starts it if stopped, and waits until
 * RUNNING. A pipe that was there already and is stalled (see pipeHealthFunctions) is dropped and
 * created again, and must then drain within the timeout, or the script fails naming the cause and
 * the fix. stdin: admin password; the CREATE PIPE statement (it carries the sink password).
 * Prints the final state (RUNNING).
 */
export function ensurePipeScript(t: SqlTarget, pipeName: string, timeoutSeconds: number, datanodeLog = `${t.home}/logs/log_datanode_all.log`): string {
    const variants = pipeNameVariants(pipeName);
    const timeout = Math.floor(timeoutSeconds);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
IFS= read -r create_sql
${pipeHealthFunctions(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS)}
existed=0
wait_running() {
  local deadline=$((SECONDS + ${timeout})) states
  while :; do
    states=$(pipe_rows | cut -f2 | sort -u)
    if [ "$states" = RUNNING ]; then return 0; fi
    if [ $SECONDS -ge $deadline ]; then
      echo "pipe ${pipeName} is not RUNNING after ${timeout}s; states: $(printf '%s' "$states" | tr '\n' ' ')" >&2
      pipe_rows | awk -F'\t' '{ print $1 ": " $5 }' >&2
      exit 1
    fi
    sleep 1
  done
}
if [ -z "$(pipe_rows)" ]; then
  run_sql "$admin_pw" "$create_sql" >/dev/null
  journal ${shellQuote(`pipe ${pipeName} created`)}
else
  existed=1
fi
pipe_rows | while IFS=$'\t' read -r id state _; do
  if [ "$state" = STOPPED ]; then
    case "$id" in
${variants.map((v) => `      ${shellQuote(v)}) run_sql "$admin_pw" ${shellQuote(startPipeSql(v))} >/dev/null ;;`).join("\n")}
    esac
    journal "pipe $id started"
  fi
done
wait_running
if [ "$existed" = 1 ]; then
  health=$(pipe_health)
  if [[ $health == stalled:* ]]; then
    echo "pipe ${pipeName} $health: dropping it and creating it again (it re-sends its history, which IoTDB writes idempotently)" >&2
    journal ${shellQuote(`pipe ${pipeName} stalled`)}
${variants.map((v) => `    run_sql "$admin_pw" ${shellQuote(dropPipeSql(v))} >/dev/null`).join("\n")}
    run_sql "$admin_pw" "$create_sql" >/dev/null
    journal ${shellQuote(`pipe ${pipeName} created`)}
    wait_running
    deadline=$((SECONDS + ${timeout}))
    while health=$(pipe_health); [[ $health == stalled:* ]]; do
      if [ $SECONDS -ge $deadline ]; then
        echo "pipe ${pipeName} is still $health after being created again." >&2
        echo "Cause: its DataNode cannot give the pipe the memory it needs when the last lines below name PipeRuntimeOutOfMemoryCriticalException or 'Not enough memory for pipe'; otherwise the peer does not take what it sends (see the ExceptionMessage)." >&2
        echo "Fix: raise memory.datanode of this side (docs/configuration.md: the smallest heap per number of databases), then run up again." >&2
        grep -E 'OutOfMemory|Not enough memory|memory for pipe' ${shellQuote(datanodeLog)} 2>/dev/null | tail -n 3 >&2 || true
        exit 1
      fi
    done
  fi
fi
echo RUNNING
`;
}

/**
 * What a pipe is doing, judged from `SHOW PIPES` sampled `samples` times `gapSeconds` apart: bash
 * functions `pipe_rows` and `pipe_health`. pipe_health prints `ok`, `missing`, `not running: <states>`
 * or `stalled: <why>`: RUNNING but its RemainingEventCount above zero and never falling over the
 * window (IoTDB 2.0.10's memory deadlock of issue 12 looked so: RUNNING, no ExceptionMessage, 7 events,
 * EstimatedRemainingSeconds at its one-year sentinel, for good). It returns early on a backlog of 0.
 */
export function pipeHealthFunctions(pipeName: string, samples: number, gapSeconds: number): string {
    const [a, b, c] = pipeNameVariants(pipeName);
    return `# pipe_rows: ID, State, RemainingEventCount, EstimatedRemainingSeconds, ExceptionMessage of the pipe (and its halves)
pipe_rows() {
  run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | awk -F'\t' -v a=${shellQuote(a)} -v b=${shellQuote(b)} -v c=${shellQuote(c)} '
    NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["ID"] == a || $h["ID"] == b || $h["ID"] == c { print $h["ID"] "\t" $h["State"] "\t" $h["RemainingEventCount"] "\t" $h["EstimatedRemainingSeconds"] "\t" $h["ExceptionMessage"] }'
}
pipe_health() {
  local k rows states remaining first=-1 prev=-1 falling=0 sentinel=0 exc=
  for (( k = 0; k < ${Math.floor(samples)}; k++ )); do
    (( k == 0 )) || sleep ${Math.floor(gapSeconds)}
    rows=$(pipe_rows)
    if [ -z "$rows" ]; then echo missing; return 0; fi
    states=$(cut -f2 <<<"$rows" | sort -u)
    if [ "$states" != RUNNING ]; then echo "not running: $(printf '%s' "$states" | tr '\n' ' ')"; return 0; fi
    remaining=$(cut -f3 <<<"$rows" | awk '{ s += $1 } END { printf "%d", s }')
    if (( remaining == 0 )); then echo ok; return 0; fi
    if awk -F'\t' '$4 + 0 >= 31536000 { f = 1 } END { exit !f }' <<<"$rows"; then sentinel=1; fi
    exc=$(cut -f5 <<<"$rows" | awk 'length($0) > 0 { print; exit }')
    if (( first < 0 )); then first=$remaining; fi
    if (( prev >= 0 && remaining < prev )); then falling=1; fi
    prev=$remaining
  done
  if (( falling )); then echo ok; return 0; fi
  printf 'stalled: RemainingEventCount %s then %s over %ss, never falling' "$first" "$prev" "$(( (${Math.floor(samples)} - 1) * ${Math.floor(gapSeconds)} ))"
  if (( sentinel )); then printf '; EstimatedRemainingSeconds at the one-year sentinel'; fi
  if [ -n "$exc" ]; then printf '; ExceptionMessage: %s' "\${exc:0:300}"; fi
  printf '\n'
}
`;
}

/** Samples of the drift check and of the repair's verdict (the window is (n-1) x gap seconds). */
export const PIPE_HEALTH_SAMPLES = 6;
export const PIPE_HEALTH_GAP_SECONDS = 3;

/**
 * Drift check of a pipe: prints `ok` when it (or both auto-split halves) exists, runs and drains,
 * else `missing`, `not running: <states>` or `stalled: <why>` (see pipeHealthFunctions). stdin: admin password.
 */
export function checkPipeScript(t: SqlTarget, pipeName: string): string {
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
${pipeHealthFunctions(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS)}
pipe_health
`;
}

/** Restarting a machine's ConfigNode apart from its service resource: its stop and start scripts (stdin: root's password) and its log. */
export interface ConfigNodeRestart {
    stop: string;
    start: string;
    log: string;
}

/** How many times pipeStatementRunner restarts a ConfigNode that kept its pipe lock before it gives up. */
export const PIPE_LOCK_REPAIRS = 3;

/** Milliseconds a pipe statement gets before pipeStatementRunner suspects IoTDB's lost pipe lock. */
export const PIPE_LOCK_PROBE_MS = 15_000;

/**
 * Bash function `pipe_sql STATEMENT` for the pipe procedures (START, STOP PIPE), which wait for the
 * side's pipe lock. IoTDB 2.0.10 can run a pipe procedure twice while a ConfigNode recovers (its log:
 * "The executing procedure should in RUNNABLE state, but it's not" for a procedure.impl.pipe class,
 * at nearly every restart on the test hosts); now and then the second run keeps the lock for good
 * (fixed upstream after 2.0.10, apache/iotdb#17902). Every pipe command of that side then answers
 * 1107 after 60 s, and IoTDB's own pipe heartbeat and metadata sync skip their rounds, until that
 * ConfigNode restarts.
 *
 * With `configNode` (this machine runs the side's ConfigNode), the statement first gets
 * PIPE_LOCK_PROBE_MS; when it does not answer and that log line is there since the ConfigNode's last
 * start, the ConfigNode is restarted (at most PIPE_LOCK_REPAIRS times) and the statement tried again.
 * Without it, or without the line, the statement gets the usual 60 s and a failure names the fix.
 * Needs sqlPrelude, `admin_pw`.
 */
export function pipeStatementRunner(configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    const fix = `echo "If it timed out (1107), this side's ConfigNode may hold IoTDB's pipe lock for good (IoTDB 2.0.10, apache/iotdb#17902): look for 'should in RUNNABLE state' in its logs/log_confignode_all.log since its last 'Starting IoTDB', restart that ConfigNode, then run the command again." >&2`;
    if (!configNode) {
        return `pipe_sql() {
  run_sql "$admin_pw" "$1" >/dev/null && return 0
  echo "$1 failed." >&2
  ${fix}
  exit 1
}`;
    }
    return `cn_log=${shellQuote(configNode.log)}
# The log line of a pipe procedure run twice since the ConfigNode's last start, if any.
procedure_run_twice() {
  [ -f "$cn_log" ] || return 1
  awk '/o[.]a[.]i[.]c[.]s[.]ConfigNode:[0-9]+ - Starting IoTDB/ { line = "" }
       /should in RUNNABLE state, but it.s not/ && /procedure[.]impl[.]pipe[.]/ { line = $0 }
       END { if (line == "") exit 1; print substr(line, 1, 300) }' "$cn_log"
}
pipe_sql() {
  local repairs=0 line
  while ! run_sql_within ${PIPE_LOCK_PROBE_MS} "$admin_pw" "$1" >/dev/null; do
    if ! line=$(procedure_run_twice); then
      run_sql "$admin_pw" "$1" >/dev/null && return 0
      echo "$1 failed." >&2
      ${fix}
      exit 1
    fi
    if (( repairs >= ${PIPE_LOCK_REPAIRS} )); then
      echo "$1 still waits after ${PIPE_LOCK_REPAIRS} restarts of this side's ConfigNode, which lost IoTDB's pipe lock each time (IoTDB 2.0.10, apache/iotdb#17902): $line" >&2
      echo "Restart this side's ConfigNode by hand (sbin/stop-confignode.sh, then sbin/start-confignode.sh -d), then run the command again." >&2
      exit 1
    fi
    repairs=$(( repairs + 1 ))
    echo "$1 did not answer within ${PIPE_LOCK_PROBE_MS / 1000}s and this side's ConfigNode ran a pipe procedure twice at its start, which can keep IoTDB's pipe lock for good (IoTDB 2.0.10, apache/iotdb#17902): restarting it ($repairs of ${PIPE_LOCK_REPAIRS}). $line" >&2
    bash -c ${shellQuote(configNode.stop)} >&2
    bash -c ${shellQuote(configNode.start)} <<<"$admin_pw" >&2
    journal "confignode restarted: pipe lock held"
    # Its recovery submits the pipe procedures the race hits: let them run first.
    sleep ${Math.floor(settleSeconds)}
  done
}`;
}

/**
 * Re-sends a pipe's metadata to the DataNodes of its side (START PIPE on a RUNNING pipe does that in
 * IoTDB 2.0.10, StartPipeProcedureV2), run after a DataNode of either side started. Why: a DataNode
 * builds its pipe tasks at start, and a sink that cannot reach the peer then is never built
 * ("Failed to construct PipeConnector ... All target servers ... are not available"): the pipe stays
 * RUNNING with nothing behind it until the ConfigNode pushes the metadata again on its own (its
 * PipeMetaSyncer). Seen when both sides restarted at once: B's rows crossed 161 s later. A DataNode
 * that has the tasks ignores the push. START PIPE runs through pipeStatementRunner (a ConfigNode
 * that lost IoTDB's pipe lock is restarted). Prints the pipe's states. stdin: admin password.
 */
export function resumePipeScript(t: SqlTarget, pipeName: string, configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
${pipeHealthFunctions(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS)}
${pipeStatementRunner(configNode, settleSeconds)}
rows=$(pipe_rows)
if [ -z "$rows" ]; then echo "pipe ${pipeName} does not exist (its own step creates it)" >&2; exit 1; fi
mapfile -t ids < <(cut -f1 <<<"$rows")
for id in "\${ids[@]}"; do
  case "$id" in
${pipeNameVariants(pipeName).map((v) => `    ${shellQuote(v)}) pipe_sql ${shellQuote(startPipeSql(v))} ;;`).join("\n")}
  esac
  journal "pipe $id resumed"
done
pipe_rows | awk -F'\\t' '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 } END { print "" }'
`;
}

/** Seconds removePipeScript waits for a pipe to be gone once IoTDB's DROP PIPE did not answer in time. */
export const PIPE_DROP_WAIT_SECONDS = 300;

/**
 * Stops, then drops the pipe and its auto-split halves; idempotent. STOP PIPE and DROP PIPE are
 * ConfigNode procedures that can outlast the runner's 60 s (1107 "Timed out to wait for procedure
 * return", seen in CI on destroy): the procedure goes on, so the script then waits up to
 * PIPE_DROP_WAIT_SECONDS for the pipe to leave SHOW PIPES. Still listed: it fails naming the pipe and
 * leaves a thread dump of the DataNode in its logs directory (when the JDK's jstack is there). With
 * `configNode`, STOP PIPE runs through pipeStatementRunner: a ConfigNode that lost IoTDB's pipe lock
 * is restarted, else STOP and DROP PIPE would wait for good. stdin: admin password.
 */
export function removePipeScript(t: SqlTarget, pipeName: string, waitSeconds = PIPE_DROP_WAIT_SECONDS, configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    const wait = Math.floor(waitSeconds);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
${configNode ? pipeStatementRunner(configNode, settleSeconds) : ""}
# listed ID: whether SHOW PIPES lists the pipe; IoTDB not answering ends the script (never taken for "gone").
listed() {
  local ids
  ids=$(run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | column ID) || { echo "SHOW PIPES failed: cannot tell whether pipe $1 is gone" >&2; exit 1; }
  [[ $'\\n'"$ids"$'\\n' == *$'\\n'"$1"$'\\n'* ]]
}
# remove_pipe ID STOP_SQL DROP_SQL
remove_pipe() {
  local id=$1 deadline dump pid hint
  listed "$id" || return 0
  # STOP PIPE has been seen to hang past 60 s on a pipe busy sending; DROP PIPE stops it as well.
  # With this machine's ConfigNode known, a STOP waiting for IoTDB's lost pipe lock restarts it first.
  if ! ${configNode ? `(pipe_sql "$2")` : `run_sql "$admin_pw" "$2" >/dev/null`}; then
    echo "stop pipe $id failed; dropping it, which stops it too" >&2
  fi
  journal "pipe $id stopped"
  if ! run_sql "$admin_pw" "$3" >/dev/null; then
    echo "DROP PIPE $id did not answer in time; IoTDB goes on with it: waiting up to ${wait}s for the pipe to be gone" >&2
  fi
  deadline=$(( SECONDS + ${wait} ))
  while listed "$id"; do
    if (( SECONDS >= deadline )); then
      dump=
      pid=$(pgrep -f -- ${shellQuote(`-DIOTDB_HOME=${t.home}`)} | head -n 1) || true
      if [ -n "$pid" ] && command -v jstack >/dev/null; then
        dump=${shellQuote(`${t.home}/logs`)}/pipe-drop-$id-$(date -u +%Y%m%dT%H%M%SZ).threads
        jstack "$pid" >"$dump" 2>&1 || dump=
      fi
      echo "pipe $id is still listed ${wait}s after DROP PIPE: IoTDB's drop procedure has not finished." >&2
      hint=
      if [ -n "$dump" ]; then hint=" and the threads of the DataNode in $dump"; fi
      echo "See DropPipeProcedureV2 in ${t.home}/logs/log_confignode_all.log$hint; run the command again once SHOW PIPES no longer lists $id." >&2
      exit 1
    fi
    sleep 5
  done
  journal "pipe $id dropped"
}
${pipeNameVariants(pipeName).map((v) => `remove_pipe ${shellQuote(v)} ${shellQuote(stopPipeSql(v))} ${shellQuote(dropPipeSql(v))}`).join("\n")}
echo "pipe ${pipeName} removed"
`;
}

/**
 * Takes the DataNode of `hostname` out of the cluster: `remove datanode <id>` (IoTDB migrates its
 * regions to the other DataNodes, then stops it), and waits until `show cluster` no longer lists it.
 * Idempotent: a node not listed is done. stdin: admin password.
 */
export function removeDataNodeScript(t: SqlTarget, hostname: string, timeoutSeconds: number): string {
    if (!/^[A-Za-z0-9.-]+$/.test(hostname)) throw new Error(`${JSON.stringify(hostname)} is not a hostname`);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
node_id() {
  run_sql "$admin_pw" ${shellQuote(SHOW_CLUSTER_SQL)} | awk -F'\t' -v h=${shellQuote(hostname)} '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "NodeID") c = i; if ($i == "NodeType") t = i; if ($i == "InternalAddress") a = i }; next }
    $t == "DataNode" && $a == h { print $c }'
}
id=$(node_id)
if [ -z "$id" ]; then echo "DataNode ${hostname} is not in the cluster"; exit 0; fi
[[ $id =~ ^[0-9]+$ ]] || { echo "unexpected node id for ${hostname}: $id" >&2; exit 1; }
run_sql "$admin_pw" "REMOVE DATANODE $id" >/dev/null
deadline=$(( SECONDS + ${Math.floor(timeoutSeconds)} ))
while [ -n "$(node_id)" ]; do
  (( SECONDS < deadline )) || { echo "DataNode ${hostname} (id $id) still in the cluster after ${Math.floor(timeoutSeconds)}s" >&2; exit 1; }
  sleep 2
done
journal ${shellQuote(`datanode ${hostname} removed`)}
echo "DataNode ${hostname} (id $id) removed"
`;
}

/** The stdin payload of a script: one value per line (each validated to hold no line break). */
export function stdinLines(lines: string[]): string {
    for (const l of lines) if (/[\n\r]/.test(l)) throw new Error("a stdin value must not contain line breaks");
    return lines.join("\n") + "\n";
}
