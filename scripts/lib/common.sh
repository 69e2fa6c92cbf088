# Shared by the project's scripts: pinned versions, cache locations, logging.
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../versions.sh
source "$REPO_ROOT/scripts/versions.sh"

IOTDB_DA_CACHE="${IOTDB_DA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iotdb-dual-active}"
PULUMI_TOOLCHAIN_DIR="$IOTDB_DA_CACHE/toolchain/pulumi-v$PULUMI_VERSION-nodejs-v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION"
# shellcheck disable=SC2034 # read by the scripts that source this file
PULUMI_TOOLCHAIN_BIN="$PULUMI_TOOLCHAIN_DIR/bin"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
