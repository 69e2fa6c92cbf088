# shellcheck shell=bash
# resumePipeScript (lib/render/sqlScripts.ts): START PIPE on the pipe and its halves, so IoTDB
# re-sends their metadata; prints their states. stdin: admin password.
# Needs sql.sh, journal.sh, pipe-health.sh, pipe_sql (pipe-sql.sh or pipe-sql-restart.sh).
# Inputs: pipe_name pipe_ids start_sqls
# shellcheck disable=SC2154,SC2034 # admin_pw: read by the functions of pipe-health.sh

IFS= read -r admin_pw
rows=$(pipe_rows)
if [ -z "$rows" ]; then echo "pipe $pipe_name does not exist (its own step creates it)" >&2; exit 1; fi
mapfile -t ids < <(cut -f1 <<<"$rows")
for id in "${ids[@]}"; do
  for i in "${!pipe_ids[@]}"; do
    if [[ $id == "${pipe_ids[i]}" ]]; then pipe_sql "${start_sqls[i]}"; fi
  done
  journal "pipe $id resumed"
done
pipe_rows | awk -F'\t' '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 } END { print "" }'
