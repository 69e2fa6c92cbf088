# shellcheck shell=bash
# What a pipe statement that failed says (lib/render/sqlScripts.ts pipeStatementRunner).

# pipe_sql_failed STATEMENT: says it failed and how to get IoTDB's pipe lock back, then ends the script.
pipe_sql_failed() {
  echo "$1 failed." >&2
  echo "If it timed out (1107), this side's ConfigNode may hold IoTDB's pipe lock for good (IoTDB 2.0.10, apache/iotdb#17902): look for 'should in RUNNABLE state' in its logs/log_confignode_all.log since its last 'Starting IoTDB', restart that ConfigNode, then run the command again." >&2
  exit 1
}
