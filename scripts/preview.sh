#!/usr/bin/env bash
# `npm run preview -- STACK [--cwd PROGRAM_DIR] [--output FILE]`: `pulumi preview --diff` of STACK with the
# policy pack, as the markdown a reviewer sees on the pull request (stdout, or FILE); see scripts/preview.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[ -x "$PULUMI_TOOLCHAIN_BIN/pulumi" ] || die "the Pulumi toolchain is not built yet: run 'npm run setup'"
exec "$REPO_ROOT/node_modules/.bin/ts-node" --transpile-only "$REPO_ROOT/scripts/preview.ts" "$@"
