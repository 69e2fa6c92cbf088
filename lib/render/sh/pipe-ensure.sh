# shellcheck shell=bash
# ensurePipeScript (lib/render/sqlScripts.ts): creates the pipe unless it (or its halves) exists,
# alters one that carries other paths than `pattern` in place, starts it, waits until RUNNING; a
# stalled pipe that was there is created again. stdin: admin password; the CREATE PIPE statement;
# the ALTER PIPE statement that sets the pattern (empty without one); the ALTER PIPE statement that
# puts both passwords in place; then (on an update) the previous run's admin password and CREATE PIPE
# statement: when either differs (root's password, or the sink's: any other change replaces the
# pipe, but for the canary), the existing pipe's passwords are altered. Needs sql.sh, journal.sh,
# pipe-health.sh.
# Inputs: pipe_name timeout pipe_ids start_sqls drop_sqls datanode_log pattern pattern_attr
# shellcheck disable=SC2154

IFS= read -r admin_pw
IFS= read -r create_sql
IFS= read -r alter_sql || alter_sql=
IFS= read -r passwords_sql || passwords_sql=
IFS= read -r previous_admin_pw || previous_admin_pw=
IFS= read -r previous_create_sql || previous_create_sql=
existed=0
wait_running() {
  local deadline=$((SECONDS + timeout)) states
  while :; do
    states=$(pipe_rows | cut -f2 | sort -u)
    if [ "$states" = RUNNING ]; then return 0; fi
    if [ $SECONDS -ge $deadline ]; then
      echo "pipe $pipe_name is not RUNNING after ${timeout}s; states: $(printf '%s' "$states" | tr '\n' ' ')" >&2
      pipe_rows | awk -F'\t' '{ print $1 ": " $5 }' >&2
      exit 1
    fi
    sleep 1
  done
}
if [ -z "$(pipe_rows)" ]; then
  run_sql "$admin_pw" "$create_sql" >/dev/null
  journal "pipe $pipe_name created"
else
  existed=1
  if [[ -n $previous_create_sql && ( $previous_create_sql != "$create_sql" || $previous_admin_pw != "$admin_pw" ) ]]; then
    [[ -n $passwords_sql ]] || die "no ALTER PIPE statement for the passwords on stdin (line 4)"
    run_sql "$admin_pw" "$passwords_sql" >/dev/null
    journal "pipe $pipe_name passwords replaced"
    log "pipe $pipe_name: passwords replaced in place (its progress kept)"
  fi
fi
# There already, carrying other paths (say, from before the canary): altered in place, which keeps
# its progress (SHOW PIPES prints the source as {key=value, key=value}; patterns hold no blank).
if [[ $existed == 1 && -n $pattern ]]; then
  sources=$(run_sql "$admin_pw" "$show_pipes_sql" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h["ID"] "\t" $h["PipeSource"] }')
  while IFS=$'\t' read -r id source; do
    case $source in
      *"$pattern_attr=$pattern, "* | *"$pattern_attr=$pattern}"*) ;;
      *)
        if [[ $id == "$pipe_name" ]]; then
          [[ -n $alter_sql ]] || { echo "pipe $pipe_name carries other paths than $pattern, and no ALTER PIPE statement came on stdin (line 3)" >&2; exit 1; }
          run_sql "$admin_pw" "$alter_sql" >/dev/null
          journal "pipe $id altered in place: it carries $pattern"
          log "pipe $id altered in place: it carries $pattern"
        fi
        ;;
    esac
  done <<<"$sources"
fi
pipe_rows | while IFS=$'\t' read -r id state _; do
  if [ "$state" = STOPPED ]; then
    for i in "${!pipe_ids[@]}"; do
      if [[ $id == "${pipe_ids[i]}" ]]; then run_sql "$admin_pw" "${start_sqls[i]}" >/dev/null; fi
    done
    journal "pipe $id started"
  fi
done
wait_running
if [ "$existed" = 1 ]; then
  health=$(pipe_health)
  if [[ $health == stalled:* ]]; then
    echo "pipe $pipe_name $health: dropping it and creating it again (it re-sends its history, which IoTDB writes idempotently)" >&2
    journal "pipe $pipe_name stalled"
    for sql in "${drop_sqls[@]}"; do run_sql "$admin_pw" "$sql" >/dev/null; done
    run_sql "$admin_pw" "$create_sql" >/dev/null
    journal "pipe $pipe_name created"
    wait_running
    deadline=$((SECONDS + timeout))
    while health=$(pipe_health); [[ $health == stalled:* ]]; do
      if [ $SECONDS -ge $deadline ]; then
        echo "pipe $pipe_name is still $health after being created again." >&2
        echo "Cause: its DataNode cannot give the pipe the memory it needs when the last lines below name PipeRuntimeOutOfMemoryCriticalException or 'Not enough memory for pipe'; otherwise the peer does not take what it sends (see the ExceptionMessage)." >&2
        echo "Fix: raise memory.datanode of this side (docs/configuration.md: the smallest heap per number of databases), then run up again." >&2
        grep -E 'OutOfMemory|Not enough memory|memory for pipe' "$datanode_log" 2>/dev/null | tail -n 3 >&2 || true
        exit 1
      fi
    done
  fi
fi
echo RUNNING
