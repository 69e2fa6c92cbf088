#!/usr/bin/env bash
# Builds the pinned Pulumi toolchain from the Go module proxy into the cache, once per version set:
#   pulumi (CLI), pulumi-language-nodejs, and a link to the SDK's pulumi-resource-pulumi-nodejs
#   (the launcher of dynamic providers, shipped in the @pulumi/pulumi npm package), and the policy pack's
#   analyzer plugin (scripts/policy-analyzer.sh).
# An official pulumi >= PULUMI_MIN_VERSION already on PATH (with its language host beside it) is used as
# it is, and nothing is built (pulumi_cli_resolve in scripts/lib/common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

pulumi_cli_resolve
if [ "$PULUMI_CLI_STOCK" = 1 ]; then
  log "using the Pulumi CLI on PATH as it is: $PULUMI_CLI_BIN/pulumi $("$PULUMI_CLI_BIN/pulumi" version) (nothing to build)"
  # Its language host the one built here (a copy): the pack still needs the analyzer plugin (policy_pack_dir).
  if [ "$PULUMI_CLI_HOST_BUILT" = 1 ]; then bash "$REPO_ROOT/scripts/policy-analyzer.sh" "$PULUMI_TOOLCHAIN_BIN"; fi
  exit 0
fi
command -v go >/dev/null || die "no Pulumi CLI >= v$PULUMI_MIN_VERSION on PATH (with pulumi-language-nodejs beside it), and go is not installed to build one: install either (Go >= 1.25)"
mkdir -p "$PULUMI_TOOLCHAIN_BIN"

build() { # build NAME MODULE_DIR PACKAGE LDFLAGS
  local name=$1 moddir=$2 pkg=$3 ldflags=$4 out="$PULUMI_TOOLCHAIN_BIN/$1"
  if [ -x "$out" ]; then return 0; fi
  local work; work=$(mktemp -d)
  cp "$moddir/go.mod" "$moddir/go.sum" "$work/"
  log "building $name from $pkg (cold: several minutes)"
  # go.sum is committed: every module is checked against it. The checksum database is not reachable here.
  (cd "$work" && GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$out.partial" "$pkg")
  rm -rf "$work"
  mv "$out.partial" "$out"
}

build pulumi "$REPO_ROOT/toolchain/go/pulumi-cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
build pulumi-language-nodejs "$REPO_ROOT/toolchain/go/pulumi-language-nodejs" \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
  "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION"

launcher="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -x "$launcher" ] || die "$launcher is missing: run 'npm ci' first"
# Copied, not linked: the cache is shared by every clone, and a link into one clone's node_modules
# breaks when that clone goes. The launcher finds the SDK from the program's directory, not its own.
if ! cmp -s "$launcher" "$PULUMI_TOOLCHAIN_BIN/pulumi-resource-pulumi-nodejs"; then
  install -m 755 "$launcher" "$PULUMI_TOOLCHAIN_BIN/pulumi-resource-pulumi-nodejs.partial"
  mv -f "$PULUMI_TOOLCHAIN_BIN/pulumi-resource-pulumi-nodejs.partial" "$PULUMI_TOOLCHAIN_BIN/pulumi-resource-pulumi-nodejs"
fi

# The plugin that runs the policy pack for this build's language host (policy_pack_dir in common.sh).
bash "$REPO_ROOT/scripts/policy-analyzer.sh" "$PULUMI_TOOLCHAIN_BIN"

got=$("$PULUMI_TOOLCHAIN_BIN/pulumi" version)
[ "$got" = "v$PULUMI_VERSION" ] || die "built pulumi reports '$got', expected v$PULUMI_VERSION"
log "toolchain ready in $PULUMI_TOOLCHAIN_BIN ($got)"
