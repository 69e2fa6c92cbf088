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
secrets_file="$IOTDB_DA_STATE/$stack.secrets.yaml"

# The passphrase is this machine's, so are the salt and the encrypted passwords Pulumi writes into the
# stack file: keep them in the state dir while no command runs, so the committed file stays as it is.
restore_machine_lines() {
  grep -q '^encryptionsalt:' "$stack_file" && return 0   # already restored (an earlier run was killed)
  if [ -s "$secrets_file" ]; then
    local tmp; tmp=$(mktemp)
    awk -v f="$secrets_file" '{ print } /^config:/ { while ((getline l < f) > 0) print l }' "$stack_file" > "$tmp"
    cat "$tmp" > "$stack_file" && rm -f "$tmp"
  fi
  if [ -s "$salt_file" ]; then cat "$salt_file" >> "$stack_file"; fi
}
stash_machine_lines() {
  grep -q '^encryptionsalt:' "$stack_file" || return 0
  local tmp; tmp=$(mktemp)
  grep '^encryptionsalt:' "$stack_file" > "$salt_file"
  # A secret is two lines: "  <key>:" then "    secure: v1:...".
  awk -v f="$secrets_file.new" '
    /^encryptionsalt:/ { next }
    /^    secure: / && held { print prev > f; print > f; held = 0; next }
    { if (held) print prev; prev = $0; held = 1 }
    END { if (held) print prev }' "$stack_file" > "$tmp"
  touch "$secrets_file.new" && mv "$secrets_file.new" "$secrets_file"
  cat "$tmp" > "$stack_file" && rm -f "$tmp"
}
restore_machine_lines
trap stash_machine_lines EXIT

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
    pulumi stack select --create "$stack" >/dev/null
    bash scripts/passwords.sh "$stack"
    pulumi up --yes --skip-preview --stack "$stack" --policy-pack "$REPO_ROOT/policy"
    summary
    ;;
  destroy)
    require_hosts
    pulumi destroy --yes --skip-preview --stack "$stack"
    ;;
  *) die "usage: local.sh up|destroy" ;;
esac
