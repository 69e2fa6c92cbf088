# shellcheck shell=bash
# The flusher daemons of an IoTDB home (lib/render/flusherScripts.ts): finding, stopping them.
# They read home_real. Needs roles.sh (pid_list). What the supervisor keeps of a supervised flusher
# (its arguments, a line each, and its password) lives in sup_dir, readable by the owner only.
# Inputs: home_real (set by the script) sup_dir
# shellcheck disable=SC2154

flusher_pids() {
  local d arg has_class has_home
  local -a argv
  for d in /proc/[0-9]*; do
    argv=()
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    has_class=0
    has_home=0
    for arg in "${argv[@]}"; do
      [[ $arg == IotdbFlusher ]] && has_class=1
      [[ $arg == "-Diotdb.flusher.home=$home_real" ]] && has_home=1
    done
    if (( has_class && has_home )); then printf '%s\n' "${d#/proc/}"; fi
  done
  return 0
}
# flusher_args PID: the daemon's own arguments after the class name, space-separated.
flusher_args() {
  local -a argv
  local i
  mapfile -d '' -t argv 2>/dev/null <"/proc/$1/cmdline" || return 0
  for i in "${!argv[@]}"; do
    if [[ ${argv[$i]} == IotdbFlusher ]]; then printf '%s' "${argv[*]:$(( i + 1 ))}"; return 0; fi
  done
}
stop_flushers() {
  local pids
  pids=$(flusher_pids)
  [[ -n $pids ]] || return 0
  log "stopping the flusher (pid $(pid_list "$pids"))"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 40); do
    if [[ -z $(flusher_pids) ]]; then return 0; fi
    sleep 0.25
  done
  pids=$(flusher_pids)
  log "the flusher ignored TERM: KILL to pid $(pid_list "$pids") (it holds no data)"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  sleep 0.5
  [[ -z $(flusher_pids) ]] || die "cannot stop the flusher of $home_real"
}
flusher_args_file() { printf '%s/flusher.args' "$sup_dir"; }
flusher_secret_file() { printf '%s/flusher.secret' "$sup_dir"; }
# flusher_forget: removes what the supervisor kept of the flusher.
flusher_forget() {
  rm -f "$(flusher_args_file)" "$(flusher_secret_file)"
}
# flusher_keep PASSWORD ARGS...: what the supervisor starts the flusher with, written owner-only.
flusher_keep() {
  local pw=$1 tmp
  shift
  mkdir -p "$sup_dir"
  chmod 0750 "$sup_dir"
  tmp=$(mktemp "$sup_dir/.flusher.XXXXXX")
  chmod 0600 "$tmp"
  printf '%s\n' "$pw" >"$tmp"
  mv -f "$tmp" "$(flusher_secret_file)"
  tmp=$(mktemp "$sup_dir/.flusher.XXXXXX")
  printf '%s\n' "$@" >"$tmp"
  mv -f "$tmp" "$(flusher_args_file)"
}
