#!/usr/bin/env bash
# `npm run passwords -- STACK [PROJECT_DIR]`: gives STACK each password it lacks (PASSWORD_KEYS of
# lib/config/passwords.ts: adminPassword, syncPassword for side A, adminPasswordB, syncPasswordB for
# side B): random, stored as a secret in the stack's config, so Pulumi masks it in all it prints.
# A password already set is kept. Values reach Pulumi on stdin, never on a command line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
stack=${1:-}
dir=${2:-$REPO_ROOT}
[ -n "$stack" ] || die "usage: npm run passwords -- STACK   (the stack must exist: npm run pulumi -- stack init STACK)"
[ -x "$PULUMI_TOOLCHAIN_BIN/pulumi" ] || die "the Pulumi toolchain is not built yet: run 'npm run setup'"

# Key names only: without --show-secrets, Pulumi lists secrets without their values.
listing=$(pulumi -C "$dir" config --stack "$stack" --json)
is_set() { printf '%s' "$listing" | node -e '
  const keys = Object.keys(JSON.parse(require("fs").readFileSync(0, "utf8")));
  process.exit(keys.some((k) => k.endsWith(":" + process.argv[1])) ? 0 : 1)' "$1"; }

keys=$(cd "$REPO_ROOT" && node_modules/.bin/ts-node --transpile-only lib/config/passwords.ts keys) || die "cannot list the password keys"
for key in $keys; do
  if is_set "$key"; then log "$key: already set in stack $stack, kept"; continue; fi
  (cd "$REPO_ROOT" && node_modules/.bin/ts-node --transpile-only lib/config/passwords.ts generate) \
    | pulumi -C "$dir" config set --secret "$key" --stack "$stack"
  listing=$(pulumi -C "$dir" config --stack "$stack" --json)
  is_set "$key" || die "$key: pulumi config set did not store it in stack $stack"
  log "$key: generated, stored as a secret of stack $stack"
done
