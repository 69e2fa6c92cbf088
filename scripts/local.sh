#!/usr/bin/env bash
# `npm run local` / `npm run local:destroy`: the `local` stack on the two local test hosts.
#   up:      setup, start the test hosts, pulumi up, then a summary (endpoints, cluster and pipe states)
#   destroy: pulumi destroy (IoTDB data directories stay on the hosts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
source "$REPO_ROOT/scripts/lib/testhosts.sh"
cd "$REPO_ROOT"
action=${1:-up}
stack=local
stack_file="stacks/Pulumi.$stack.yaml"
salt_file="$IOTDB_DA_STATE/$stack.encryptionsalt"

# The passphrase is this machine's, so is the salt Pulumi writes into the stack file: keep it in the
# state dir while no command runs, so the committed stack file stays as it is.
restore_salt() { if [ -s "$salt_file" ] && ! grep -q '^encryptionsalt:' "$stack_file"; then cat "$salt_file" >> "$stack_file"; fi; }
stash_salt() {
  if grep -q '^encryptionsalt:' "$stack_file"; then
    grep '^encryptionsalt:' "$stack_file" > "$salt_file"
    sed -i '/^encryptionsalt:/d' "$stack_file"
  fi
}
restore_salt
trap stash_salt EXIT

require_hosts() {
  local i
  for i in 1 2; do testhost_require_up "$i"; done
}

summary() {
  local pw home
  pw=$(pulumi stack output --stack "$stack" --show-secrets adminPassword)
  home=/opt/iotdb/apache-iotdb-$IOTDB_VERSION
  echo
  echo "endpoints: $(pulumi stack output --stack "$stack" --json endpoints | tr -d ' \n')"
  for i in 1 2; do
    echo "== $(testhost_label "$i") ($(testhost_address "$i"))"
    # The password goes on stdin, never on a command line.
    printf '%s\n%s\n%s\n' "$pw" "show cluster" "show pipes" \
      | testhost_ssh "$i" "$home/tools/iotdb-sql/iotdb-sql --host $(testhost_label "$i") --port 6667 --user root --separate" \
      | awk -F'\t' '$1 == "--" { n++; next } n == 1 { print "  cluster: " $1 " " $2 " " $3 } n == 2 && $1 !~ /^__/ { if ($1 == "ID") next; print "  pipe: " $1 " " $3 }'
  done
}

case "$action" in
  up)
    bash scripts/setup.sh
    bash scripts/hosts.sh up 2
    require_hosts
    pulumi stack select --create "$stack" >/dev/null
    pulumi up --yes --skip-preview --stack "$stack"
    summary
    ;;
  destroy)
    require_hosts
    pulumi destroy --yes --skip-preview --stack "$stack"
    ;;
  *) die "usage: local.sh up|destroy" ;;
esac
