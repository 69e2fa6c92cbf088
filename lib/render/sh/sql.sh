# shellcheck shell=bash
# The SQL runner for the scripts that talk SQL (lib/render/sqlScripts.ts): run_sql, run_sql_within,
# column. Secrets (passwords, and SQL that carries one) come on stdin, never in the script text.
# Inputs: sql_bin sql_host sql_port
# shellcheck disable=SC2154

[ -x "$sql_bin" ] || { echo "$sql_bin is missing: is IoTDB installed here?" >&2; exit 1; }
# run_sql PASSWORD STATEMENT...: the password and statements go on stdin (printf is a builtin: no argv).
# 60 s per statement: stopping a pipe is a cluster procedure, slower than the runner's 5 s default on a busy machine.
run_sql() { run_sql_within 60000 "$@"; }
# run_sql_within MS PASSWORD STATEMENT...: the same, the runner waiting MS milliseconds per statement.
run_sql_within() { local ms=$1 pw=$2; shift 2; printf '%s\n' "$pw" "$@" | "$sql_bin" --host "$sql_host" --port "$sql_port" --user root --timeout-ms "$ms"; }
# run_sql_batch MS: the password, then the statements, from this script's stdin; result sets each after a `--` line.
run_sql_batch() { "$sql_bin" --host "$sql_host" --port "$sql_port" --user root --timeout-ms "$1" --separate; }
# column NAME: from TSV with a header on stdin, the values of column NAME
column() { awk -F'\t' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } k { print $k }'; }
