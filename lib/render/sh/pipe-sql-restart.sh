# shellcheck shell=bash
# pipe_sql STATEMENT (lib/render/sqlScripts.ts pipeStatementRunner), on the machine of the side's
# ConfigNode: a statement that waits on IoTDB's lost pipe lock (a "run twice" line after the probe,
# or still 1107 after IoTDB's own wait) restarts that ConfigNode (at most lock_repairs times) and
# is tried again. Needs pipe-lock.sh, sql.sh, journal.sh, admin_pw.
# Inputs: cn_log cn_stop cn_start lock_probe_ms lock_repairs settle_seconds
# shellcheck disable=SC2154

# The log line of a pipe procedure run twice since the ConfigNode's last start, if any.
procedure_run_twice() {
  [ -f "$cn_log" ] || return 1
  awk '/o[.]a[.]i[.]c[.]s[.]ConfigNode:[0-9]+ - Starting IoTDB/ { line = "" }
       /should in RUNNABLE state, but it.s not/ && /procedure[.]impl[.]pipe[.]/ { line = $0 }
       END { if (line == "") exit 1; print substr(line, 1, 300) }' "$cn_log"
}
# restart_confignode WHY: restarts this side's ConfigNode and journals why; its recovery submits the
# pipe procedures it had, so they get settle_seconds to run first.
restart_confignode() {
  bash -c "$cn_stop" >&2
  bash -c "$cn_start" <<<"$admin_pw" >&2
  journal "confignode restarted: $1"
  sleep "$settle_seconds"
}
pipe_sql() {
  local repairs=0 line out
  while ! run_sql_within "$lock_probe_ms" "$admin_pw" "$1" >/dev/null; do
    if ! line=$(procedure_run_twice); then
      # No race line: IoTDB's full wait. A pipe procedure still running after it (1107) waits on a
      # lock lost some other way (a semaphore no procedure owns; seen after a frozen ConfigNode).
      if out=$(run_sql "$admin_pw" "$1" 2>&1 >/dev/null); then return 0; fi
      printf '%s\n' "$out" >&2
      [[ $out == *1107* ]] || pipe_sql_failed "$1"
      line="(no 'run twice' line: the procedure was still running after IoTDB's own wait)"
    fi
    if (( repairs >= lock_repairs )); then
      echo "$1 still waits after $lock_repairs restarts of this side's ConfigNode, which lost IoTDB's pipe lock each time (IoTDB 2.0.10, apache/iotdb#17902): $line" >&2
      echo "Restart this side's ConfigNode by hand (sbin/stop-confignode.sh, then sbin/start-confignode.sh -d), then run the command again." >&2
      exit 1
    fi
    repairs=$(( repairs + 1 ))
    echo "$1 did not answer within $(( lock_probe_ms / 1000 ))s and this side's ConfigNode holds IoTDB's pipe lock for good (IoTDB 2.0.10, apache/iotdb#17902): restarting it ($repairs of $lock_repairs). $line" >&2
    restart_confignode "pipe lock held"
  done
}
