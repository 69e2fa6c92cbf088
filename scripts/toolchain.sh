#!/usr/bin/env bash
# Builds the pinned Pulumi toolchain from the Go module proxy into the cache, once per version set:
#   pulumi (CLI), pulumi-language-nodejs, and a link to the SDK's pulumi-resource-pulumi-nodejs
#   (the launcher of dynamic providers, shipped in the @pulumi/pulumi npm package), and the policy pack's
#   analyzer plugin (scripts/policy-analyzer.sh).
# A matching pulumi already on PATH (with its language host beside it) is used instead of a build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

command -v go >/dev/null || die "go is not installed (needed to build the Pulumi CLI); install Go >= 1.25"
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

use_ambient_pulumi() {
  local p; p=$(command -v pulumi 2>/dev/null) || return 1
  [ "$(dirname "$p")" = "$PULUMI_TOOLCHAIN_BIN" ] && return 1
  [ "$("$p" version 2>/dev/null)" = "v$PULUMI_VERSION" ] || return 1
  [ -x "$(dirname "$p")/pulumi-language-nodejs" ] || return 1
  log "using the pulumi v$PULUMI_VERSION already on PATH: $p"
  ln -sfn "$p" "$PULUMI_TOOLCHAIN_BIN/pulumi"
  ln -sfn "$(dirname "$p")/pulumi-language-nodejs" "$PULUMI_TOOLCHAIN_BIN/pulumi-language-nodejs"
}

if [ ! -x "$PULUMI_TOOLCHAIN_BIN/pulumi" ]; then
  use_ambient_pulumi || build pulumi "$REPO_ROOT/toolchain/go/pulumi-cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
fi
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

# The plugin that runs the policy pack (policy/): Pulumi's pulumi-analyzer-policy, from the Go module cache.
bash "$REPO_ROOT/scripts/policy-analyzer.sh" "$PULUMI_TOOLCHAIN_BIN"

got=$("$PULUMI_TOOLCHAIN_BIN/pulumi" version)
[ "$got" = "v$PULUMI_VERSION" ] || die "built pulumi reports '$got', expected v$PULUMI_VERSION"
log "toolchain ready in $PULUMI_TOOLCHAIN_BIN ($got)"
