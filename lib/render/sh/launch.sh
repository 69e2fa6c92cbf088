# shellcheck shell=bash
# launch_role ROLE OUT: runs sbin/start-ROLE.sh -d of $home_real in a session of its own (it outlives
# the caller), its output appended to OUT; returns the start script's status. Shared by start.sh and
# supervisor.sh.
# Inputs: home_real (set by the script)
# shellcheck disable=SC2154

launch_role() {
  local role=$1 out=$2
  (
    cd "$home_real" || exit 1
    unset IOTDB_INCLUDE IOTDB_LOG_CONFIG CONFIGNODE_LOG_CONFIG
    export CONFIGNODE_HOME=$home_real CONFIGNODE_DATA_HOME=$home_real CONFIGNODE_CONF=$home_real/conf \
      CONFIGNODE_LOG_DIR=$home_real/logs IOTDB_HOME=$home_real IOTDB_DATA_HOME=$home_real \
      IOTDB_CONF=$home_real/conf IOTDB_LOG_DIR=$home_real/logs
    exec setsid -w "$home_real/sbin/start-$role.sh" -d
  ) </dev/null >>"$out" 2>&1
}
