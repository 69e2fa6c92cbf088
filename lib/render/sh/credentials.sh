# shellcheck shell=bash
# credentialsScript (lib/render/sqlScripts.ts): sets root's password, creates the databases the other
# side's rows land in, and (re-)creates the replication user with only its grants; idempotent.
# Then the flusher's own user (lib/plan/flusherAccess.ts): created, or its password set, and its grants.
# stdin: admin password; ALTER USER root statement; CREATE USER (sync) statement; CREATE USER and
# ALTER USER (flusher) statements; then (on an update) the previous run's admin password, which root
# has until this step rotates it. Needs sql.sh.
# Inputs: sync_user show_cluster_sql list_user_sql drop_sync_sql database_sqls grant_sqls flusher_user
# flusher_grant_sqls
# shellcheck disable=SC2154

IFS= read -r admin_pw
IFS= read -r alter_root_sql
IFS= read -r create_sync_sql
IFS= read -r create_flusher_sql
IFS= read -r alter_flusher_sql
IFS= read -r previous_admin_pw || true
err=$(mktemp); trap 'rm -f "$err"' EXIT
# Which password logs in: the configured one; the previous one (a rotation); IoTDB's default on a
# side not set up yet.
if run_sql "$admin_pw" "$show_cluster_sql" >/dev/null 2>"$err"; then
  pw=$admin_pw; set_root=0
elif [[ -n $previous_admin_pw && $previous_admin_pw != "$admin_pw" ]] && run_sql "$previous_admin_pw" "$show_cluster_sql" >/dev/null 2>>"$err"; then
  pw=$previous_admin_pw; set_root=1
elif run_sql root "$show_cluster_sql" >/dev/null 2>>"$err"; then
  pw=root; set_root=1
else
  echo "cannot log in as root with the configured admin password, the previous one, nor the default one:" >&2
  cat "$err" >&2
  echo "if root's password was changed by hand, set this side's key (adminPassword for side A, adminPasswordB for side B; as a secret) to it" >&2
  exit 1
fi
# The databases the other side's pipe writes into, ahead, so their types are settled before rows
# arrive. One that exists, or that a database above or below it rules out, is fine.
for statement in "${database_sqls[@]}"; do
  if run_sql "$pw" "$statement" >/dev/null 2>"$err"; then
    journal "$statement"
  elif grep -Eq 'failed: (501|529):' "$err"; then
    log "$statement: there already ($(tail -n 1 "$err"))"
  else
    cat "$err" >&2
    die "$statement failed"
  fi
done
# The sync user, re-created when it exists so that it holds exactly its grants (an earlier version
# gave it WRITE on root.**). The other side's pipe logs in again on its next transfer.
users=$(run_sql "$pw" "$list_user_sql" | column User)
# Here-strings, not printf | grep -q: under pipefail a grep that matched and exited can fail the
# pipeline with the writer's SIGPIPE.
if grep -qx -- "$sync_user" <<<"$users"; then
  run_sql "$pw" "$drop_sync_sql" >/dev/null
  run_sql "$pw" "$create_sync_sql" >/dev/null
  journal "user $sync_user re-created with its grants"
else
  run_sql "$pw" "$create_sync_sql" >/dev/null
  journal "user $sync_user created"
fi
run_sql "$pw" "${grant_sqls[@]}" >/dev/null
# The flusher's user keeps its name (a running flusher stays logged in); its password follows root's.
flusher_sql=$create_flusher_sql flusher_event=created
if grep -qx -- "$flusher_user" <<<"$users"; then flusher_sql=$alter_flusher_sql flusher_event="password set"; fi
run_sql "$pw" "$flusher_sql" "${flusher_grant_sqls[@]}" >/dev/null
journal "user $flusher_user $flusher_event"
# root's password last: a failure above leaves the side as it was, reachable by the next run.
if [ "$set_root" = 1 ]; then
  run_sql "$pw" "$alter_root_sql" >/dev/null
  run_sql "$admin_pw" "$show_cluster_sql" >/dev/null
  journal "root password set"
  echo "root password set"
fi
echo "users $sync_user and $flusher_user ready"
