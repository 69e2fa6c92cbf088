# shellcheck shell=bash
# removeDataNodeScript (lib/render/sqlScripts.ts), second part: waits until show cluster no longer
# lists the removed DataNode. Needs datanode-remove.sh and `deadline` (SECONDS at which to give up).
# Inputs: hostname timeout id deadline
# shellcheck disable=SC2154

while [ -n "$(node_id)" ]; do
  (( SECONDS < deadline )) || { echo "DataNode $hostname (id $id) still in the cluster after ${timeout}s" >&2; exit 1; }
  sleep 2
done
journal "datanode $hostname removed"
echo "DataNode $hostname (id $id) removed"
