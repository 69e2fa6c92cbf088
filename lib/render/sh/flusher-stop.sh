# shellcheck shell=bash
# stopFlusherScript: stops the flusher of an IoTDB home. Needs flusher.sh.
# Inputs: home
# shellcheck disable=SC2154

if [[ ! -d $home ]]; then
  log "no IoTDB home at $home: nothing to stop"
  exit 0
fi
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
stop_flushers
log "no flusher of $home_real runs"
