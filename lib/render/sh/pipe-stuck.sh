# shellcheck shell=bash
# pipe_stuck_report HOME ID (removePipeScript, lib/render/sqlScripts.ts): what a pipe procedure that
# does not finish left on this machine, printed to stderr so that the error itself carries it (the
# machine may be gone when someone reads it): the warnings of the IoTDB logs since each node's last
# start, and the IoTDB threads waiting in pipe code (jstack, when the JDK has it), whole dumps kept
# in HOME/logs. Needs roles.sh.

# log_warnings FILE: the last WARN and ERROR lines of FILE since the node's last start, cut short.
log_warnings() {
  [ -f "$1" ] || return 0
  awk '/ - Starting IoTDB/ { n = 0 }
       / (WARN|ERROR) / { line[n % 12] = substr($0, 1, 300); n++ }
       END { for (k = (n > 12 ? n - 12 : 0); k < n; k++) print "  " line[k % 12] }' "$1"
}
# waiting_pipe_threads DUMP: the threads of a jstack dump that wait in IoTDB's pipe code, 6 frames each.
waiting_pipe_threads() {
  awk 'function flush() { if (block ~ /(BLOCKED|WAITING)/ && block ~ /iotdb[^\n]*[Pp]ipe/ && shown < 8) { print block; shown++ } block = ""; frames = 0 }
       /^"/ { flush(); block = "  " substr($0, 1, 160); next }
       /^$/ { flush(); next }
       block != "" && frames < 8 { block = block "\n  " $0; frames++ }
       END { flush() }' "$1"
}
pipe_stuck_report() {
  local home=$1 id=$2 role real pid dump
  for role in confignode datanode; do
    echo "$role warnings since its start ($home/logs/log_${role}_all.log):" >&2
    log_warnings "$home/logs/log_${role}_all.log" >&2
  done
  command -v jstack >/dev/null || { echo "(no jstack here: no thread dumps)" >&2; return 0; }
  real=$(cd "$home" && pwd -P) || return 0
  for role in confignode datanode; do
    pid=$(role_pids "$role" "$real" | head -n 1)
    [ -n "$pid" ] || continue
    dump=$home/logs/pipe-drop-$id-$role-$(date -u +%Y%m%dT%H%M%SZ).threads
    jstack "$pid" >"$dump" 2>&1 || { echo "jstack of the $role ($pid) failed" >&2; continue; }
    echo "$role threads waiting in pipe code (whole dump: $dump):" >&2
    waiting_pipe_threads "$dump" >&2
  done
}
