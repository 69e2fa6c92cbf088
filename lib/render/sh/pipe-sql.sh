# shellcheck shell=bash
# pipe_sql STATEMENT (lib/render/sqlScripts.ts pipeStatementRunner), for a machine without the side's
# ConfigNode: the statement gets the usual 60 s, and a failure names the fix. Needs pipe-lock.sh,
# sql.sh, admin_pw.
# shellcheck disable=SC2154

pipe_sql() {
  run_sql "$admin_pw" "$1" >/dev/null && return 0
  pipe_sql_failed "$1"
}
