# shellcheck shell=bash
# rolloutGateScript (lib/render/rolloutScripts.ts): one look, on side A's recording DataNode, at
# whether side B may restart. Prints `ok` when A has finished the rollout of `ticket` (the last
# `rollout` line of this machine's journal), the nodes of `awaited` are Running in A's show cluster,
# and neither pipe has a backlog (AB on A; BA on B, unless B does not answer: then B is down already);
# else one line `waiting: <what>`. stdin: root's password on A; root's password on B (optional: A's
# when absent). Needs sql.sh, pipe-health.sh (pipe_rows).
# Inputs: journal_file ticket awaited show_cluster_sql show_pipes_sql ab_ids peer_host ba_ids
# shellcheck disable=SC2154,SC2034 # pipe_ids: read by pipe_rows (pipe-health.sh)

IFS= read -r admin_pw || true
admin_pw=${admin_pw%$'\r'}
[[ -n $admin_pw ]] || die "no password on stdin (line 1)"
peer_pw=
IFS= read -r peer_pw || true
peer_pw=${peer_pw%$'\r'}
[[ -n $peer_pw ]] || peer_pw=$admin_pw

last=
if [[ -f $journal_file ]]; then
  last=$(awk '$2 == "rollout" { t = $3 } END { print t }' "$journal_file") || last=
fi
if [[ $last != "$ticket" ]]; then
  echo "waiting: side A has not finished restarting (its journal's last rollout is ${last:-none}, this one is $ticket)"
  exit 0
fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
if ! cluster=$(run_sql_within 10000 "$admin_pw" "$show_cluster_sql" 2>"$err"); then
  echo "waiting: side A does not answer SQL on $sql_host:$sql_port ($(tail -n 1 "$err"))"
  exit 0
fi
not_running=$(awk -F'\t' -v want="${awaited[*]}" '
  NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; n = split(want, w, " "); for (i = 1; i <= n; i++) pending[w[i]] = 1; next }
  ($h["InternalAddress"] in pending) { if ($h["Status"] != "Running") bad[$h["InternalAddress"]] = 1; seen[$h["InternalAddress"]] = 1 }
  END { for (a in pending) if (!(a in seen) || (a in bad)) printf "%s ", a }' <<<"$cluster")
if [[ -n $not_running ]]; then
  echo "waiting: side A's nodes on ${not_running% } are not all Running"
  exit 0
fi

# backlog ROWS: the summed RemainingEventCount of a RUNNING pipe's rows; empty when missing or not running
# (nothing this wait can drain: the pipe's own step repairs it later).
backlog() {
  [[ -n $1 ]] || return 0
  [[ $(cut -f2 <<<"$1" | sort -u) == RUNNING ]] || return 0
  cut -f3 <<<"$1" | awk '{ s += $1 } END { printf "%d", s }'
}
pipe_ids=("${ab_ids[@]}")
rows=$(pipe_rows 2>"$err") || { echo "waiting: SHOW PIPES failed on side A ($(tail -n 1 "$err"))"; exit 0; }
left=$(backlog "$rows")
if [[ -n $left && $left != 0 ]]; then
  echo "waiting: pipe ${ab_ids[0]} on side A has $left events to send"
  exit 0
fi
# BA runs on side B: reached from here through B's hostname (every machine's hosts entries name it).
pipe_ids=("${ba_ids[@]}")
sql_host=$peer_host
admin_pw=$peer_pw
if rows=$(pipe_rows 2>"$err"); then
  left=$(backlog "$rows")
  if [[ -n $left && $left != 0 ]]; then
    echo "waiting: pipe ${ba_ids[0]} on side B has $left events to send to side A"
    exit 0
  fi
elif grep -q ': 801: ' "$err"; then
  echo "waiting: side B refuses root's login on $peer_host (801): its password is not the one the stack has"
  exit 0
else
  log "side B does not answer on $peer_host ($(tail -n 1 "$err")): it is down already, nothing to drain"
fi
echo ok
