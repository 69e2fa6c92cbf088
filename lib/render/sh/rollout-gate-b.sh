# shellcheck shell=bash
# rolloutGateBScript (lib/render/rolloutScripts.ts): the rollout gate's look at side B, on B's SQL node,
# with B's own root password. Prints `ok` when pipe BA has no backlog, or when B does not answer SQL
# (B is down already: its restart takes nothing away); else one line `waiting: <what>`.
# stdin: root's password on side B. Needs sql.sh, pipe-health.sh (pipe_rows), rollout-drain.sh.
# Inputs: show_pipes_sql ba_ids
# shellcheck disable=SC2154,SC2034 # pipe_ids: read by pipe_rows (pipe-health.sh)

IFS= read -r admin_pw || true
admin_pw=${admin_pw%$'\r'}
[[ -n $admin_pw ]] || die "no password on stdin"

err=$(mktemp)
trap 'rm -f "$err"' EXIT
pipe_ids=("${ba_ids[@]}")
if rows=$(pipe_rows 2>"$err"); then
  left=$(backlog "$rows")
  if [[ -n $left && $left != 0 ]]; then
    echo "waiting: pipe ${ba_ids[0]} on side B has $left events to send to side A"
    exit 0
  fi
elif grep -q ': 801: ' "$err"; then
  echo "waiting: side B refuses root's login on $sql_host (801): its password is not the one the stack has"
  exit 0
else
  log "side B does not answer on $sql_host ($(tail -n 1 "$err")): it is down already, nothing to drain"
fi
echo ok
