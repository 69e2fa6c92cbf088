# shellcheck shell=bash
# credentialsScript (lib/render/sqlScripts.ts): sets root's password and creates the replication
# user with its privileges; idempotent. stdin: admin password; ALTER USER root statement; CREATE
# USER statement; ALTER USER (sync) statement; then one GRANT statement per line. Needs sql.sh.
# Inputs: sync_user show_cluster_sql list_user_sql
# shellcheck disable=SC2154

IFS= read -r admin_pw
IFS= read -r alter_root_sql
IFS= read -r create_sync_sql
IFS= read -r alter_sync_sql
grants=()
while IFS= read -r line; do [ -n "$line" ] && grants+=("$line"); done
err=$(mktemp); trap 'rm -f "$err"' EXIT
# Which password logs in: the configured one, or IoTDB's default on a side not set up yet.
if run_sql "$admin_pw" "$show_cluster_sql" >/dev/null 2>"$err"; then
  pw=$admin_pw; set_root=0
elif run_sql root "$show_cluster_sql" >/dev/null 2>>"$err"; then
  pw=root; set_root=1
else
  echo "cannot log in as root with the configured admin password nor the default one:" >&2
  cat "$err" >&2
  echo "if root's password was changed by hand, set adminPassword (as a secret) to it" >&2
  exit 1
fi
users=$(run_sql "$pw" "$list_user_sql" | column User)
if printf '%s\n' "$users" | grep -qx "$sync_user"; then
  run_sql "$pw" "$alter_sync_sql" >/dev/null
else
  run_sql "$pw" "$create_sync_sql" >/dev/null
  journal "user $sync_user created"
fi
run_sql "$pw" "${grants[@]}" >/dev/null
# root's password last: a failure above leaves the side as it was, reachable by the next run.
if [ "$set_root" = 1 ]; then
  run_sql root "$alter_root_sql" >/dev/null
  run_sql "$admin_pw" "$show_cluster_sql" >/dev/null
  journal "root password set"
  echo "root password set"
fi
echo "user $sync_user ready"
