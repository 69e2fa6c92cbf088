# shellcheck shell=bash
# removeDataNodeScript (lib/render/sqlScripts.ts), first part: `remove datanode <id>` for the DataNode
# of `hostname`, unless show cluster no longer lists it. stdin: admin password. Needs sql.sh;
# datanode-wait.sh follows, after the renderer's `deadline=`. A failure says that the node stays: the
# DataNodeRemoval keeps the node's resources (its service, its data) until a removal succeeded.
# Inputs: hostname show_cluster_sql
# shellcheck disable=SC2154

IFS= read -r admin_pw
# left_as_is WHY: fails naming the node, and what is left of it.
left_as_is() {
  die "DataNode $hostname not removed: $1. It stays in the cluster and keeps running (nothing of it is stopped or deleted); fix the cause and run up again"
}
node_id() {
  local out
  out=$(run_sql "$admin_pw" "$show_cluster_sql" 2>&1) || return 1
  awk -F'\t' -v h="$hostname" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "NodeID") c = i; if ($i == "NodeType") t = i; if ($i == "InternalAddress") a = i }; next }
    $t == "DataNode" && $a == h { print $c }' <<<"$out"
}
id=$(node_id) || left_as_is "show cluster did not answer through $sql_host:$sql_port"
if [ -z "$id" ]; then echo "DataNode $hostname is not in the cluster"; exit 0; fi
[[ $id =~ ^[0-9]+$ ]] || left_as_is "unexpected node id for it: $id"
out=$(run_sql "$admin_pw" "REMOVE DATANODE $id" 2>&1) || left_as_is "REMOVE DATANODE $id failed: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
journal "datanode $hostname removal started (id $id)"
