# shellcheck shell=bash
# startScript (lib/render/hostScripts.ts): starts the roles, waits until Running. stdin: the password,
# then (on an update) the previous one, which root still has while a rotation is under way.
# Needs roles.sh, launch.sh and supervision.sh (each started role is supervised, or not, before exit 0).
# Inputs: home rpc_host rpc_port user timeout roles default_password sql_rel internal_address cn_internal_port
# shellcheck disable=SC2154

read_password
read_previous_password
# What this script and the daemons it starts write (system, data and WAL directories, which hold the
# pipes' sink password, and the logs) is private to the user that runs IoTDB: directories 0750, files 0640.
umask 027
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
sql=$home_real/$sql_rel
[[ -x $sql ]] || die "SQL runner not found: $sql"
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then :
elif command -v java >/dev/null 2>&1; then :
else die "java not found (set JAVA_HOME or put java on PATH)"; fi
command -v setsid >/dev/null 2>&1 || die "setsid not found"
mkdir -p "$home_real/logs"
# The logs can carry statements: private to the user that runs IoTDB, what is there already included.
chmod 0750 "$home_real/logs" || die "cannot make $home_real/logs private"
chmod -R g-w,o-rwx "$home_real/logs" || die "cannot make the files in $home_real/logs private"
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
  launch_role "$role" "$out" || fail "sbin/start-$role.sh failed (see $out)"
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

for role in "${roles[@]}"; do start_role "$role"; done

# A ConfigNode alone answers no SQL: it is ready when its internal port takes connections.
if [[ " ${roles[*]} " != *" datanode "* ]]; then
  while ! (exec 3<>"/dev/tcp/$internal_address/$cn_internal_port") 2>/dev/null; do
    [[ -n $(role_pids confignode "$home_real") ]] || fail "the confignode process of $home_real is gone (see $home_real/logs/start-confignode.out)"
    (( SECONDS < deadline )) || fail "the ConfigNode does not accept connections on $internal_address:$cn_internal_port after ${timeout}s"
    sleep 1
  done
  log "ConfigNode accepts connections on $internal_address:$cn_internal_port after $(( SECONDS - start ))s"
  for role in "${roles[@]}"; do supervision "$role"; done
  echo "auth=none"
  exit 0
fi

# Password candidates: the given one, the previous one (a rotation: the credentials step changes it
# after the nodes), then the default one (fresh installation).
candidates=("$password")
if [[ -n $previous_password && $previous_password != "$password" ]]; then candidates+=("$previous_password"); fi
if [[ $password != "$default_password" ]]; then candidates+=("$default_password"); fi
auth=
auth_password=
want_types=
for role in "${roles[@]}"; do
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
  for role in "${roles[@]}"; do
    [[ -n $(role_pids "$role" "$home_real") ]] || fail "the $role process of $home_real is gone (see $home_real/logs/start-$role.out)"
  done
  rc=0
  if [[ -z $auth ]]; then
    rejected=0
    for i in "${!candidates[@]}"; do
      rc=0
      query_cluster "${candidates[$i]}" || rc=$?
      if (( rc == 2 )) && grep -q ': 801: ' "$tmp/err"; then
        # 801: wrong password (the server is up and answered).
        rejected=$(( rejected + 1 ))
        continue
      fi
      if (( rc == 0 || rc == 1 )); then
        if (( i == 0 )); then auth=given
        elif [[ ${candidates[$i]} == "$default_password" ]]; then auth=default
        else auth=previous; fi
        auth_password=${candidates[$i]}
        log "logged in as $user with the $auth password"
      fi
      break
    done
    if (( rejected == ${#candidates[@]} )); then
      fail "IoTDB rejected the password of $user (tried the given one, the previous one if any, and the default one): this side's password key (adminPassword for side A, adminPasswordB for side B) must hold the password root has on this side (docs/runbook.md)"
    fi
  else
    query_cluster "$auth_password" || rc=$?
  fi
  if (( rc == 3 )); then fail "iotdb-sql failed (exit 3: usage or Java problem)"; fi
  if [[ -n $auth && $rc == 0 ]] && all_running; then
    log "all nodes Running after $(( SECONDS - start ))s"
    for role in "${roles[@]}"; do supervision "$role"; done
    echo "auth=$auth"
    echo "pids=$(for role in "${roles[@]}"; do printf '%s:%s ' "$role" "$(pid_list "$(role_pids "$role" "$home_real")")"; done)"
    exit 0
  fi
  if (( SECONDS >= deadline )); then
    fail "not every node is Running after ${timeout}s"
  fi
  sleep 2
done
