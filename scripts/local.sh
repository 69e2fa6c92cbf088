#!/usr/bin/env bash
# `npm run local` / `npm run local:destroy`: the `local` stack on the two local test hosts.
#   up:      setup, start the test hosts, pulumi up, then a summary (endpoints, cluster and pipe states)
#   destroy: pulumi destroy (IoTDB data directories stay on the hosts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
source "$REPO_ROOT/scripts/lib/testhosts.sh"
cd "$REPO_ROOT"
action=${1:-up}
source "$REPO_ROOT/scripts/lib/local-stack.sh"
stack=$LOCAL_STACK

require_hosts() {
  local i
  for i in 1 2; do testhost_require_up "$i"; done
}

summary() {
  local pw home
  home=/opt/iotdb/apache-iotdb-$IOTDB_VERSION
  echo
  echo "endpoints: $(pulumi stack output --stack "$stack" --json endpoints | tr -d ' \n')"
  for i in 1 2; do
    echo "== $(testhost_label "$i") ($(testhost_address "$i"))"
    # Each side its own root password: A's on host 1, B's on host 2.
    if (( i == 1 )); then pw=$(pulumi stack output --stack "$stack" --show-secrets adminPassword)
    else pw=$(pulumi stack output --stack "$stack" --show-secrets adminPasswordB); fi
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
    # The stack's config is a file under the state dir, never the committed seed (lib/local-stack.sh);
    # scripts/pulumi.sh passes it, as it does for `npm run pulumi -- ... --stack local`.
    local_stack_create
    bash scripts/passwords.sh "$stack"
    bash scripts/pulumi.sh up --yes --skip-preview --stack "$stack"
    summary
    ;;
  destroy)
    require_hosts
    bash scripts/pulumi.sh destroy --yes --skip-preview --stack "$stack"
    ;;
  *) die "usage: local.sh up|destroy" ;;
esac
