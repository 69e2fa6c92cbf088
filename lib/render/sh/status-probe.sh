# shellcheck shell=bash
# `npm run status`'s look at one machine (lib/render/statusScripts.ts): whether each role's process runs,
# and, on the side's SQL node, SHOW CLUSTER, the canary's newest heartbeats (`canary_sql`) with this
# machine's clock right after them, and `samples` SHOW PIPES taken `gap` seconds apart.
# Output sections: `process ROLE running|absent`, then `=== cluster` / `=== canary` / `=== pipes` each
# followed by the runner's TSV, `=== clock` and epoch milliseconds, or `=== sql-error` (`=== canary-error`)
# and the runner's message. Reads nothing but processes and SQL.
# Inputs: home roles sql_node samples gap canary_sql; stdin: root's password (on the SQL node)
# shellcheck disable=SC2154

home_real=$(cd "$home" 2>/dev/null && pwd -P) || home_real=$home
for role in "${roles[@]}"; do
  if [[ -n $(role_pids "$role" "$home_real") ]]; then echo "process $role running"; else echo "process $role absent"; fi
done
(( sql_node )) || exit 0
read_password
err=$(mktemp)
trap 'rm -f "$err"' EXIT
section() {
  local name=$1 statement=$2 out
  if out=$(run_sql_within 10000 "$password" "$statement" 2>"$err"); then
    printf '=== %s\n%s\n' "$name" "$out"
  else
    printf '=== sql-error\n%s\n' "$(head -c 300 "$err" | tr '\n' ' ')"
    return 1
  fi
}
section cluster "SHOW CLUSTER" || exit 0
# The canary is not fatal: without it the lag is unknown, the rest still judged.
if out=$(run_sql_within 10000 "$password" "$canary_sql" 2>"$err"); then
  printf '=== canary\n%s\n=== clock\n%s\n' "$out" "$(date +%s%3N)"
else
  printf '=== canary-error\n%s\n' "$(head -c 300 "$err" | tr '\n' ' ')"
fi
for (( k = 0; k < samples; k++ )); do
  (( k == 0 )) || sleep "$gap"
  section pipes "SHOW PIPES" || exit 0
done
