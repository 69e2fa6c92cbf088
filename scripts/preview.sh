#!/usr/bin/env bash
# `npm run preview -- STACK [--cwd PROGRAM_DIR] [--output FILE]`: `pulumi preview --diff` of STACK with the
# policy pack, as the markdown a reviewer sees on the pull request (stdout, or FILE); see scripts/preview.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
pulumi_cli_resolve
[ -x "$PULUMI_CLI_BIN/pulumi" ] || die "no Pulumi CLI: none >= v$PULUMI_MIN_VERSION on PATH, and the toolchain is not built yet: run 'npm run setup'"
exec "$REPO_ROOT/node_modules/.bin/ts-node" --transpile-only "$REPO_ROOT/scripts/preview.ts" "$@"
