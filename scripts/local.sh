#!/usr/bin/env bash
# `npm run local` / `npm run local:destroy`: the `local` stack on the two local test hosts.
#   up:      setup, start the test hosts, pulumi up, then a summary (endpoints, cluster and pipe states)
#   destroy: pulumi destroy (IoTDB data directories stay on the hosts)
# The stack file stacks/Pulumi.local.yaml is committed; this machine's copy, which also holds the salt
# of its secrets passphrase, lives in the state dir so the repository stays clean.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
source "$REPO_ROOT/scripts/lib/testhosts.sh"
cd "$REPO_ROOT"
action=${1:-up}
stack=local
config_file="$IOTDB_DA_STATE/stacks/Pulumi.$stack.yaml"

sync_config_file() {
  mkdir -p "$(dirname "$config_file")"
  local salt=""
  [ -f "$config_file" ] && salt=$(grep '^encryptionsalt:' "$config_file" || true)
  { [ -n "$salt" ] && printf '%s\n' "$salt"; cat "stacks/Pulumi.$stack.yaml"; } > "$config_file.new"
  mv "$config_file.new" "$config_file"
}

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
    sync_config_file
    pulumi stack select --create "$stack" --config-file "$config_file" >/dev/null
    pulumi up --yes --skip-preview --stack "$stack" --config-file "$config_file"
    summary
    ;;
  destroy)
    sync_config_file
    require_hosts
    pulumi destroy --yes --skip-preview --stack "$stack" --config-file "$config_file"
    ;;
  *) die "usage: local.sh up|destroy" ;;
esac
