# shellcheck shell=bash
# stopScript (lib/render/hostScripts.ts): TERM to this home's nodes, DataNode first; never SIGKILL.
# Needs roles.sh and supervision.sh: each role's supervisor goes first (the role stays stopped).
# Inputs: home timeout roles
# shellcheck disable=SC2154

for role in "${roles[@]}"; do supervisor_stop "$role"; done

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
# stop_role ROLE: TERM, a wait, TERM again to what is left, a wait; fails if the role still runs.
stop_role() {
  local role=$1 pids t0=$SECONDS round
  local -a list
  pids=$(role_pids "$role" "$home_real")
  if [[ -z $pids ]]; then
    log "$role not running"
    return 0
  fi
  for round in first again; do
    mapfile -t list <<<"$pids"
    if [[ $round == first ]]; then
      log "stopping $role (TERM to pid ${list[*]})"
    else
      log "$role still running after ${timeout}s: TERM again to pid ${list[*]}"
    fi
    kill -TERM "${list[@]}" 2>/dev/null || true
    if wait_gone "$role" "$timeout"; then
      log "$role stopped after $(( SECONDS - t0 ))s"
      return 0
    fi
    pids=$(role_pids "$role" "$home_real")
  done
  die "$role of $home_real still running after TERM and $(( SECONDS - t0 ))s (pid $(pid_list "$pids")); not sending SIGKILL (data safety): check logs/log_${role}_all.log"
}
for role in "${roles[@]}"; do stop_role "$role"; done
for role in "${roles[@]}"; do
  [[ -z $(role_pids "$role" "$home_real") ]] || die "a $role of $home_real is running again"
done
log "no ${roles[*]} process of $home_real is running"
