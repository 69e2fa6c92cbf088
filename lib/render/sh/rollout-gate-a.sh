# shellcheck shell=bash
# rolloutGateAScript (lib/render/rolloutScripts.ts): the rollout gate's look at side A, on A's recording
# DataNode, with A's own root password. Prints `ok` when A has finished the rollout of `ticket` (the
# last `rollout` line of this machine's journal), the nodes of `awaited` are Running in A's show
# cluster and pipe AB has no backlog; `restarting: <what>` while it has not recorded `ticket` (or
# recorded it as failed) last; else one line `waiting: <what>`.
# stdin: root's password on side A. Needs sql.sh, pipe-health.sh (pipe_rows), rollout-drain.sh.
# Inputs: journal_file ticket awaited show_cluster_sql show_pipes_sql ab_ids
# shellcheck disable=SC2154,SC2034 # pipe_ids: read by pipe_rows (pipe-health.sh)

IFS= read -r admin_pw || true
admin_pw=${admin_pw%$'\r'}
[[ -n $admin_pw ]] || die "no password on stdin"

last=
if [[ -f $journal_file ]]; then
  last=$(awk '$2 == "rollout" { t = ($4 == "failed") ? "failed " $3 : $3 } END { print t }' "$journal_file") || last=
fi
# A rollout journaled as failed is not done either; whether it failed during this wait (and not in an
# earlier up, which this up retries) is the gate's to judge, from the journal's watch.
if [[ $last != "$ticket" ]]; then
  echo "restarting: side A has not finished restarting (its journal's last rollout is ${last:-none}, this one is $ticket)"
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

pipe_ids=("${ab_ids[@]}")
rows=$(pipe_rows 2>"$err") || { echo "waiting: SHOW PIPES failed on side A ($(tail -n 1 "$err"))"; exit 0; }
left=$(backlog "$rows")
if [[ -n $left && $left != 0 ]]; then
  echo "waiting: pipe ${ab_ids[0]} on side A has $left events to send"
  exit 0
fi
echo ok
