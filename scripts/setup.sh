#!/usr/bin/env bash
# `npm run setup`: installs everything the project needs, idempotently; a warm run takes seconds.
#   npm dependencies, the Pulumi toolchain (built from the Go module proxy), the IoTDB distribution
#   and the project's host tools archive (scripts/host-tools-dist.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "node is not installed; install Node.js $NODE_MAJOR_REQUIRED or later"
[ "$node_major" -ge "$NODE_MAJOR_REQUIRED" ] || die "Node.js $(node --version) is too old: @pulumi/pulumi $PULUMI_NODEJS_SDK_VERSION needs Node.js >= $NODE_MAJOR_REQUIRED"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
bash scripts/toolchain.sh
bash scripts/iotdb-dist.sh >/dev/null
bash scripts/host-tools-dist.sh >/dev/null
log "setup complete"
