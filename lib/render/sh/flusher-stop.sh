# shellcheck shell=bash
# stopFlusherScript: stops the flusher of an IoTDB home, its supervisor first, and removes what the
# supervisor kept of it. Needs flusher.sh and supervision.sh.
# Inputs: home (and supervision.sh's)
# shellcheck disable=SC2154

if [[ ! -d $home ]]; then
  log "no IoTDB home at $home: nothing to stop"
  exit 0
fi
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
supervisor_stop flusher
flusher_forget
stop_flushers
log "no flusher of $home_real runs"
