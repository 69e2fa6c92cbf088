# shellcheck shell=bash
# memberDataNodeScript (lib/render/sqlScripts.ts): what a DataNodeRemoval runs while its DataNode
# stays in the side: nothing on the cluster. The resource exists so that, once the node is marked
# for decommission, the removal is an update of it, whose recorded dependencies (the node's
# resources) Pulumi does not delete while the removal has not succeeded.
# Inputs: hostname
# shellcheck disable=SC2154

echo "DataNode $hostname stays in its side"
