# shellcheck shell=bash
# startFlusherScript: starts the flusher unless it runs with these args and password. stdin: the
# password, then (on an update) the previous one: a changed password restarts it. Then supervises it
# (supervise=1: the supervisor keeps its arguments and password, owner-only) or takes any supervision
# of it away. Needs flusher.sh and supervision.sh.
# Inputs: home args flusher_rel log_rel (and supervision.sh's)
# shellcheck disable=SC2154

read_password
read_previous_password
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
flusher=$home_real/$flusher_rel
[[ -x $flusher ]] || die "flusher not found: $flusher (the installed distribution predates it: reinstall)"
command -v setsid >/dev/null 2>&1 || die "setsid not found"
# The supervisor's loop goes first: it must not start the old flusher again while this one changes it.
supervisor_stop flusher
# supervised: keeps what the supervisor needs and supervises the flusher, or forgets it.
supervised() {
  if [[ $supervise == 1 ]]; then
    flusher_keep "$password" "${args[@]}"
    supervisor_start flusher
  else
    flusher_forget
  fi
}
pids=$(flusher_pids)
if [[ -n $pids && $(wc -l <<<"$pids") == 1 && $(flusher_args "$pids") == "${args[*]}" \
  && ( -z $previous_password || $previous_password == "$password" ) ]]; then
  log "the flusher already runs with these settings (pid $pids)"
  supervised
  echo unchanged
  exit 0
fi
stop_flushers
logf=$home_real/$log_rel
mkdir -p "$(dirname "$logf")"
# Private like IoTDB's own logs (the start step makes logs/ 0750).
umask 027
touch "$logf"
chmod g-w,o-rwx "$logf" || die "cannot make $logf private"
offset=$(stat -c %s "$logf")
log "starting the flusher: ${args[*]}"
printf '%s\n' "$password" | setsid -f "$flusher" "${args[@]}" >>"$logf" 2>&1
for i in $(seq 240); do
  news=$(tail -c +$(( offset + 1 )) "$logf") || news=
  if [[ $news == *"iotdb-flusher: connected"* ]]; then
    [[ -n $(flusher_pids) ]] || die "the flusher connected, then exited (see $logf)"
    log "the flusher runs (pid $(pid_list "$(flusher_pids)"))"
    supervised
    echo changed
    exit 0
  fi
  if [[ $news == *"iotdb-flusher: login refused"* ]]; then
    stop_flushers
    die "IoTDB refused the flusher's login as $(printf '%s' "${args[5]}") (is root's password set to adminPassword?)"
  fi
  if [[ -z $(flusher_pids) ]] && (( i > 8 )); then
    tail -n 5 "$logf" >&2 || true
    die "the flusher exited at start (see $logf)"
  fi
  sleep 0.25
done
tail -n 5 "$logf" >&2 || true
stop_flushers
die "the flusher did not connect to its DataNode within 60s (see $logf)"
