#!/usr/bin/env bash
# `npm run passwords -- STACK [PROJECT_DIR]`: gives STACK each password it lacks (PASSWORD_KEYS of
# lib/config/passwords.ts: adminPassword, syncPassword for side A, adminPasswordB, syncPasswordB for
# side B): random, stored as a secret in the stack's config, so Pulumi masks it in all it prints.
# A password already set is kept. Values reach Pulumi on stdin, never on a command line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
source "$REPO_ROOT/scripts/lib/local-stack.sh"
stack=${1:-}
dir=${2:-$REPO_ROOT}
[ -n "$stack" ] || die "usage: npm run passwords -- STACK   (the stack must exist: npm run pulumi -- stack init STACK)"
pulumi_cli_resolve
[ -x "$PULUMI_CLI_BIN/pulumi" ] || die "no Pulumi CLI: none >= v$PULUMI_MIN_VERSION on PATH, and the toolchain is not built yet: run 'npm run setup'"

local_stack_args "$stack" "$dir"   # the local demo stack's config file, under the state dir
# Key names only: without --show-secrets, Pulumi lists secrets without their values.
listing=$(pulumi -C "$dir" config --stack "$stack" --json "${LOCAL_STACK_ARGS[@]}")
is_set() { printf '%s' "$listing" | node -e '
  const keys = Object.keys(JSON.parse(require("fs").readFileSync(0, "utf8")));
  process.exit(keys.some((k) => k.endsWith(":" + process.argv[1])) ? 0 : 1)' "$1"; }

keys=$(cd "$REPO_ROOT" && node_modules/.bin/ts-node --transpile-only lib/config/passwords.ts keys) || die "cannot list the password keys"
for key in $keys; do
  if is_set "$key"; then log "$key: already set in stack $stack, kept"; continue; fi
  (cd "$REPO_ROOT" && node_modules/.bin/ts-node --transpile-only lib/config/passwords.ts generate) \
    | pulumi -C "$dir" config set --secret "$key" --stack "$stack" "${LOCAL_STACK_ARGS[@]}"
  listing=$(pulumi -C "$dir" config --stack "$stack" --json "${LOCAL_STACK_ARGS[@]}")
  is_set "$key" || die "$key: pulumi config set did not store it in stack $stack"
  log "$key: generated, stored as a secret of stack $stack"
done
