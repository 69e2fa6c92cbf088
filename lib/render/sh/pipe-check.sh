# shellcheck shell=bash
# checkPipeScript (lib/render/sqlScripts.ts): the pipe's health (ok, missing, not running, stalled).
# stdin: admin password. Needs sql.sh, pipe-health.sh.
# shellcheck disable=SC2034 # admin_pw: read by the functions of pipe-health.sh

IFS= read -r admin_pw
pipe_health
