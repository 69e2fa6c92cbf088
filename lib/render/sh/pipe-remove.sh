# shellcheck shell=bash
# removePipeScript (lib/render/sqlScripts.ts): stops, then drops the pipe and its halves, waiting up
# to wait_seconds for a drop IoTDB goes on with; idempotent. stdin: admin password. Needs sql.sh,
# journal.sh, roles.sh, pipe-stuck.sh, and with stop_through_pipe_sql=1 pipe_sql (pipe-sql-restart.sh).
# Inputs: home pipe_name pipe_ids stop_sqls drop_sqls wait_seconds stop_through_pipe_sql show_pipes_sql
# shellcheck disable=SC2154

IFS= read -r admin_pw
# listed ID: whether SHOW PIPES lists the pipe; IoTDB not answering ends the script (never taken for "gone").
listed() {
  local ids
  ids=$(run_sql "$admin_pw" "$show_pipes_sql" | column ID) || { echo "SHOW PIPES failed: cannot tell whether pipe $1 is gone" >&2; exit 1; }
  [[ $'\n'"$ids"$'\n' == *$'\n'"$1"$'\n'* ]]
}
# stop_pipe STOP_SQL: STOP PIPE; with this machine's ConfigNode known, a STOP waiting for IoTDB's
# lost pipe lock restarts it first (pipe_sql, in a subshell: its failure is not the script's end).
stop_pipe() {
  if [[ $stop_through_pipe_sql == 1 ]]; then (pipe_sql "$1"); else run_sql "$admin_pw" "$1" >/dev/null; fi
}
# remove_pipe ID STOP_SQL DROP_SQL
remove_pipe() {
  local id=$1 deadline
  listed "$id" || return 0
  # STOP PIPE has been seen to hang past 60 s on a pipe busy sending; DROP PIPE stops it as well.
  if ! stop_pipe "$2"; then
    echo "stop pipe $id failed; dropping it, which stops it too" >&2
  fi
  journal "pipe $id stopped"
  if ! run_sql "$admin_pw" "$3" >/dev/null; then
    echo "DROP PIPE $id did not answer in time; IoTDB goes on with it: waiting up to ${wait_seconds}s for the pipe to be gone" >&2
  fi
  deadline=$(( SECONDS + wait_seconds ))
  while listed "$id"; do
    if (( SECONDS >= deadline )); then
      echo "pipe $id is still listed ${wait_seconds}s after DROP PIPE: IoTDB's drop procedure has not finished; run the command again once SHOW PIPES no longer lists $id. What this machine shows:" >&2
      pipe_stuck_report "$home" "$id"
      exit 1
    fi
    sleep 5
  done
  journal "pipe $id dropped"
}
for i in "${!pipe_ids[@]}"; do
  remove_pipe "${pipe_ids[i]}" "${stop_sqls[i]}" "${drop_sqls[i]}"
done
echo "pipe $pipe_name removed"
