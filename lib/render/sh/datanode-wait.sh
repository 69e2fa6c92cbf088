# shellcheck shell=bash
# removeDataNodeScript (lib/render/sqlScripts.ts), second part: waits until show cluster no longer
# lists the removed DataNode. Needs datanode-remove.sh and `deadline` (SECONDS at which to give up).
# Inputs: hostname timeout id deadline
# shellcheck disable=SC2154

while :; do
  listed=$(node_id) || left_as_is "show cluster did not answer through $sql_host:$sql_port while its regions moved (id $id)"
  [ -n "$listed" ] || break
  (( SECONDS < deadline )) || left_as_is "still in the cluster after ${timeout}s (id $id; its regions may still be moving)"
  sleep 2
done
journal "datanode $hostname removed"
echo "DataNode $hostname (id $id) removed"
