#!/usr/bin/env bash
# `policy-analyzer.sh DIR`: puts the plugin that runs the policy pack into DIR, idempotently.
#   The plugin is Pulumi's own launcher `pulumi-analyzer-policy`, as shipped in the Go module
#   github.com/pulumi/pulumi/sdk/v3 (nodejs/dist) at the version the language host is built from (the
#   module cache already holds it after that build). It is copied under the name the CLI looks for,
#   `pulumi-analyzer-policy-nodejs-policy` (POLICY_RUNTIME_BUILT; why: policy_pack_dir in lib/common.sh). The launcher
#   runs @pulumi/pulumi's run-policy-pack from the policy pack's node_modules, so the copy works for
#   every clone. Used by scripts/toolchain.sh for the CLI built here; a stock CLI needs none of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
dir=${1:-}
[ -n "$dir" ] || die "usage: policy-analyzer.sh DIR"
command -v go >/dev/null || die "go is not installed (the analyzer launcher comes from a Go module); install Go >= 1.25"

dest="$dir/pulumi-analyzer-policy-$POLICY_RUNTIME_BUILT"

# The module, checked against the committed go.sum of the language host's build (no checksum database here).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$REPO_ROOT/toolchain/go/pulumi-language-nodejs/go.mod" "$REPO_ROOT/toolchain/go/pulumi-language-nodejs/go.sum" "$work/"
moddir=$(cd "$work" && GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=mod \
  go mod download -json github.com/pulumi/pulumi/sdk/v3 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
src="$moddir/nodejs/dist/pulumi-analyzer-policy"
[ -f "$src" ] || die "$src is missing from the module github.com/pulumi/pulumi/sdk/v3"

mkdir -p "$dir"
if ! cmp -s "$src" "$dest"; then
  install -m 755 "$src" "$dest.partial"
  mv "$dest.partial" "$dest"
  log "installed $(basename "$dest") (Pulumi's pulumi-analyzer-policy from ${moddir##*/})"
fi
