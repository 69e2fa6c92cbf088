#!/usr/bin/env bash
# `npm run pulumi -- ARGS`: the pinned Pulumi CLI with the project's environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
[ -x "$PULUMI_TOOLCHAIN_BIN/pulumi" ] || die "the Pulumi toolchain is not built yet: run 'npm run setup'"
cd "$REPO_ROOT"
exec "$PULUMI_TOOLCHAIN_BIN/pulumi" "$@"
