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
run_sql() { local pw=$1; shift; printf '%s\\n' "$pw" "$@" | "$sql_bin" --host "$sql_host" --port "$sql_port" --user root --timeout-ms 60000; }
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
 * RUNNING. stdin: admin password; the CREATE PIPE statement (it carries the sink password).
 * Prints the final state.
 */
export function ensurePipeScript(t: SqlTarget, pipeName: string, timeoutSeconds: number): string {
    const variants = pipeNameVariants(pipeName);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
IFS= read -r create_sql
names=(${variants.map(shellQuote).join(" ")})
pipes() { run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | awk -F'\\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h["ID"] "\\t" $h["State"] }'; }
present() { pipes | awk -F'\\t' -v a="\${names[0]}" -v b="\${names[1]}" -v c="\${names[2]}" '$1 == a || $1 == b || $1 == c'; }
if [ -z "$(present)" ]; then
  run_sql "$admin_pw" "$create_sql" >/dev/null
  journal ${shellQuote(`pipe ${pipeName} created`)}
fi
present | while IFS=$'\\t' read -r id state; do
  if [ "$state" = STOPPED ]; then
    case "$id" in
${variants.map((v) => `      ${shellQuote(v)}) run_sql "$admin_pw" ${shellQuote(startPipeSql(v))} >/dev/null ;;`).join("\n")}
    esac
    journal "pipe $id started"
  fi
done
deadline=$((SECONDS + ${Math.floor(timeoutSeconds)}))
while :; do
  states=$(present | cut -f2 | sort -u)
  if [ "$states" = RUNNING ]; then echo RUNNING; exit 0; fi
  if [ $SECONDS -ge $deadline ]; then
    echo "pipe ${pipeName} is not RUNNING after ${Math.floor(timeoutSeconds)}s; states: $(printf '%s' "$states" | tr '\\n' ' ')" >&2
    run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | awk -F'\\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h["ID"] ": " $h["ExceptionMessage"] }' >&2
    exit 1
  fi
  sleep 1
done
`;
}

/**
 * Drift check of a pipe: prints `ok` when it (or both auto-split halves) exists and runs, else
 * `missing` or `not running: <states>`. stdin: admin password.
 */
export function checkPipeScript(t: SqlTarget, pipeName: string): string {
    const variants = pipeNameVariants(pipeName);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
states=$(run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | awk -F'\t' -v a=${shellQuote(variants[0])} -v b=${shellQuote(variants[1])} -v c=${shellQuote(variants[2])} 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h["ID"] == a || $h["ID"] == b || $h["ID"] == c { print $h["State"] }' | sort -u)
if [ -z "$states" ]; then echo missing
elif [ "$states" = RUNNING ]; then echo ok
else echo "not running: $(printf '%s' "$states" | tr '\n' ' ')"; fi
`;
}

/** Stops, then drops the pipe and its auto-split halves; idempotent. stdin: admin password. */
export function removePipeScript(t: SqlTarget, pipeName: string): string {
    const variants = pipeNameVariants(pipeName);
    return `${sqlPrelude(t)}
IFS= read -r admin_pw
ids=$(run_sql "$admin_pw" ${shellQuote(SHOW_PIPES_SQL)} | column ID)
${variants.map((v) => `if printf '%s\\n' "$ids" | grep -qx ${shellQuote(v)}; then
  # STOP PIPE has been seen to hang past 60 s on a pipe busy sending; DROP PIPE stops it as well.
  if ! run_sql "$admin_pw" ${shellQuote(stopPipeSql(v))} >/dev/null; then
    echo "stop pipe ${v} failed; dropping it, which stops it too" >&2
  fi
  run_sql "$admin_pw" ${shellQuote(dropPipeSql(v))} >/dev/null
  journal ${shellQuote(`pipe ${v} stopped`)}
  journal ${shellQuote(`pipe ${v} dropped`)}
fi`).join("\n")}
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
