# shellcheck shell=bash
# removeDataNodeScript (lib/render/sqlScripts.ts), first part: `remove datanode <id>` for the DataNode
# of `hostname`, unless show cluster no longer lists it. stdin: admin password. Needs sql.sh;
# datanode-wait.sh follows, after the renderer's `deadline=`.
# Inputs: hostname show_cluster_sql
# shellcheck disable=SC2154

IFS= read -r admin_pw
node_id() {
  run_sql "$admin_pw" "$show_cluster_sql" | awk -F'\t' -v h="$hostname" '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "NodeID") c = i; if ($i == "NodeType") t = i; if ($i == "InternalAddress") a = i }; next }
    $t == "DataNode" && $a == h { print $c }'
}
id=$(node_id)
if [ -z "$id" ]; then echo "DataNode $hostname is not in the cluster"; exit 0; fi
[[ $id =~ ^[0-9]+$ ]] || { echo "unexpected node id for $hostname: $id" >&2; exit 1; }
run_sql "$admin_pw" "REMOVE DATANODE $id" >/dev/null
