# shellcheck shell=bash
# backlog (lib/render/rolloutScripts.ts): the events a pipe has left to send, for the rollout gate's looks.
# Needs sql.sh, pipe-health.sh (pipe_rows), admin_pw, pipe_ids.

# backlog ROWS: the summed RemainingEventCount of a RUNNING pipe's rows; empty when missing or not running
# (nothing a wait can drain: the pipe's own step repairs it later).
backlog() {
  [[ -n $1 ]] || return 0
  [[ $(cut -f2 <<<"$1" | sort -u) == RUNNING ]] || return 0
  cut -f3 <<<"$1" | awk '{ s += $1 } END { printf "%d", s }'
}
