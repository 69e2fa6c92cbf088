# shellcheck shell=bash
# checkFlusherScript: drift check, last line ok. Needs flusher.sh.
# Inputs: home want
# shellcheck disable=SC2154

# shellcheck disable=SC2034 # read by flusher_pids (flusher.sh)
home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"
pids=$(flusher_pids)
if [[ -z $pids ]]; then echo "the flusher is not running"; exit 0; fi
if [[ $(wc -l <<<"$pids") != 1 ]]; then echo "several flushers run (pid $(pid_list "$pids"))"; exit 0; fi
if [[ $(flusher_args "$pids") != "$want" ]]; then echo "the flusher runs with other settings: $(flusher_args "$pids")"; exit 0; fi
echo ok
