# shellcheck shell=bash
# removePipeScript (lib/render/sqlScripts.ts): stops, then drops the pipe and its halves, waiting up
# to wait_seconds for a drop IoTDB goes on with; idempotent. stdin: admin password. Needs sql.sh,
# journal.sh, roles.sh, pipe-stuck.sh, and with stop_through_pipe_sql=1 pipe_sql (pipe-sql-restart.sh).
# With stop_through_pipe_sql=1 (this machine runs the side's ConfigNode), a pipe still listed
# first_wait_seconds after DROP PIPE restarts that ConfigNode once and drops again.
# Inputs: home pipe_name pipe_ids stop_sqls drop_sqls first_wait_seconds wait_seconds
#   stop_through_pipe_sql show_pipes_sql
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
# gone_within ID SECONDS: whether SHOW PIPES stops listing the pipe within SECONDS.
gone_within() {
  local deadline=$(( SECONDS + $2 ))
  while listed "$1"; do
    (( SECONDS < deadline )) || return 1
    sleep 5
  done
}
# still_listed ID SECONDS: the failure of a drop that did not finish, with what this machine shows.
still_listed() {
  echo "pipe $1 is still listed $2s after DROP PIPE: IoTDB's drop procedure has not finished; run the command again once SHOW PIPES no longer lists $1. What this machine shows:" >&2
  pipe_stuck_report "$home" "$1"
  exit 1
}
# remove_pipe ID STOP_SQL DROP_SQL
remove_pipe() {
  local id=$1
  listed "$id" || return 0
  # STOP PIPE has been seen to hang past 60 s on a pipe busy sending; DROP PIPE stops it as well.
  if ! stop_pipe "$2"; then
    echo "stop pipe $id failed; dropping it, which stops it too" >&2
  fi
  journal "pipe $id stopped"
  if ! run_sql "$admin_pw" "$3" >/dev/null; then
    echo "DROP PIPE $id did not answer in time; IoTDB goes on with it: waiting up to ${first_wait_seconds}s for the pipe to be gone" >&2
  fi
  if ! gone_within "$id" "$first_wait_seconds"; then
    if [[ $stop_through_pipe_sql != 1 ]]; then still_listed "$id" "$first_wait_seconds"; fi
    # IoTDB 2.0.10 keeps its pipe lock in a semaphore with no owner: a procedure that lost it leaves
    # every pipe procedure of the side waiting until the ConfigNode restarts and recovers them.
    echo "pipe $id is still listed ${first_wait_seconds}s after DROP PIPE: restarting this side's ConfigNode, which recovers the drop procedure with IoTDB's pipe lock free. What this machine showed first:" >&2
    pipe_stuck_report "$home" "$id"
    restart_confignode "pipe $id drop stuck"
    if ! run_sql "$admin_pw" "$3" >/dev/null; then
      echo "DROP PIPE $id did not answer in time after the restart either: waiting up to ${wait_seconds}s for the pipe to be gone" >&2
    fi
    gone_within "$id" "$wait_seconds" || still_listed "$id" "$wait_seconds"
  fi
  journal "pipe $id dropped"
}
for i in "${!pipe_ids[@]}"; do
  remove_pipe "${pipe_ids[i]}" "${stop_sqls[i]}" "${drop_sqls[i]}"
done
echo "pipe $pipe_name removed"
