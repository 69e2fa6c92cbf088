# Environment for every run of the pinned Pulumi CLI: no downloads, no Pulumi Cloud.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

IOTDB_DA_STATE="${IOTDB_DA_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/iotdb-dual-active}"
export PATH="$PULUMI_TOOLCHAIN_BIN:$REPO_ROOT/node_modules/.bin:$PATH"
export PULUMI_HOME="${PULUMI_HOME:-$IOTDB_DA_CACHE/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# One side failing (a machine unreachable) must not stop the other side from being provisioned.
export PULUMI_CONTINUE_ON_ERROR="${PULUMI_CONTINUE_ON_ERROR:-true}"
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-false}"
# State stays on this machine unless the user points PULUMI_BACKEND_URL elsewhere.
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$IOTDB_DA_STATE/backend}"
if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then mkdir -p "${PULUMI_BACKEND_URL#file://}"; fi
# Secrets provider for local stacks: a passphrase generated once, kept in a mode-600 file.
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ ! -s "$IOTDB_DA_STATE/passphrase" ]; then
    mkdir -p "$IOTDB_DA_STATE"
    (umask 077 && head -c 32 /dev/urandom | base64 > "$IOTDB_DA_STATE/passphrase")
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$IOTDB_DA_STATE/passphrase"
fi
