# shellcheck shell=bash
# The supervisor of an IoTDB home's roles (lib/render/supervisorScripts.ts), written to
# <installDir>/supervisor/iotdb-supervisor.sh by the start step. `bash <file> run ROLE` supervises ROLE
# in the foreground (a systemd unit's ExecStart); `bash <file> start ROLE` does it detached (setsid:
# the start step, /etc/rc.local at boot). One loop per role, held by a lock: it starts the role again
# whenever its process is gone, unless <role>.stopped is there (a stop on purpose: the stop step, an
# operator), or the DataNode's system.properties is gone (IoTDB's `remove datanode` deletes it: a
# DataNode started again would join the cluster as a new node).
# Needs roles.sh and launch.sh.
# Inputs: home sup_dir dn_guard
# shellcheck disable=SC2154

mode=${1:-}
role=${2:-}
case $role in confignode | datanode | flusher) ;; *) die "usage: $0 start|run confignode|datanode|flusher" ;; esac
stopped_file=$sup_dir/$role.stopped
pid_file=$sup_dir/$role.pid
log_file=$sup_dir/$role.log
umask 027
slog() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$TAG" "$*"; }
case $mode in
  start)
    setsid -f /bin/bash "$0" run "$role" </dev/null >>"$log_file" 2>&1
    exit 0
    ;;
  run) ;;
  *) die "usage: $0 start|run confignode|datanode|flusher" ;;
esac
exec >>"$log_file" 2>&1
home_real=$(cd "$home" 2>/dev/null && pwd -P) || { slog "IoTDB home not found: $home"; exit 1; }
exec 9>>"$sup_dir/$role.lock"
if ! flock -n 9; then
  slog "another supervisor of the $role holds $sup_dir/$role.lock: this one exits"
  exit 0
fi
printf '%s\n' "$$" >"$pid_file"
trap 'slog "supervisor of the $role stops (signal)"; exit 0' TERM INT HUP
# The role's processes, and how it is started (its output appended to $1).
supervised_pids() {
  if [[ $role == flusher ]]; then flusher_pids; else role_pids "$role" "$home_real"; fi
}
launch_supervised() {
  local -a fargs
  if [[ $role != flusher ]]; then launch_role "$role" "$1"; return; fi
  [[ -r $(flusher_secret_file) && -r $(flusher_args_file) ]] || { slog "$(flusher_secret_file) or $(flusher_args_file) is missing: up starts the flusher again"; return 1; }
  mapfile -t fargs <"$(flusher_args_file)"
  setsid -f "$home_real/$flusher_rel" "${fargs[@]}" <"$(flusher_secret_file)" >>"$1" 2>&1
}
slog "supervising the $role of $home_real (pid $$)"
# Backoff between two starts: 5 s, doubled after each start up to 60 s, back to 5 s once the role ran 5 min.
backoff=5
next_start=0
up_since=
while :; do
  if [[ -e $stopped_file ]]; then
    slog "$stopped_file is there (stopped on purpose): the supervisor exits"
    exit 0
  fi
  pids=$(supervised_pids)
  if [[ -n $pids ]]; then
    [[ -n $up_since ]] || up_since=$SECONDS
    if (( SECONDS - up_since >= 300 )); then backoff=5; fi
  elif [[ $role == datanode && ! -e $dn_guard ]]; then
    slog "$dn_guard is gone (IoTDB removed this DataNode from its cluster): not starting it again; the supervisor exits"
    : >"$stopped_file"
    exit 0
  elif (( SECONDS >= next_start )); then
    if [[ -n $up_since ]]; then slog "the $role of $home_real is gone after $(( SECONDS - up_since ))s: starting it again"
    else slog "the $role of $home_real is not running: starting it"; fi
    up_since=
    out=$home_real/logs/start-$role.out
    if [[ $role == flusher ]]; then out=$home_real/$flusher_log_rel; fi
    launch_supervised "$out" 9>&- || slog "starting the $role failed (see $out)"
    for (( i = 0; i < 60; i++ )); do
      pids=$(supervised_pids)
      [[ -z $pids ]] || break
      sleep 0.5
    done
    if [[ -n $pids ]]; then slog "the $role runs again (pid $(pid_list "$pids"))"; up_since=$SECONDS
    else slog "the $role did not start (see $out): next try in ${backoff}s"; fi
    next_start=$(( SECONDS + backoff ))
    backoff=$(( backoff * 2 > 60 ? 60 : backoff * 2 ))
  fi
  sleep 2
done
