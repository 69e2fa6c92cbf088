# Environment for every run of Pulumi through the project's scripts: the CLI of pulumi_cli_resolve
# (common.sh), no downloads. The user's own Pulumi setup wins: PULUMI_HOME, PULUMI_BACKEND_URL, a
# `pulumi login`, PULUMI_CONFIG_PASSPHRASE[_FILE] are used as set; the project's file backend and
# generated passphrase are defaults for what is not.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

IOTDB_DA_STATE="${IOTDB_DA_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/iotdb-dual-active}"
pulumi_cli_resolve
# A stock CLI runs as it is, with the plugins beside it. The toolchain's bin dir comes next where the
# language host is the one built here (the policy pack's analyzer plugin, the dynamic provider launcher).
export PATH="$PULUMI_CLI_BIN:$REPO_ROOT/node_modules/.bin:$PATH"
if [ "$PULUMI_CLI_HOST_BUILT" = 1 ]; then PATH="$PULUMI_CLI_BIN:$PULUMI_TOOLCHAIN_BIN:${PATH#"$PULUMI_CLI_BIN":}"; fi
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# One side failing (a machine unreachable) must not stop the other side from being provisioned.
export PULUMI_CONTINUE_ON_ERROR="${PULUMI_CONTINUE_ON_ERROR:-true}"
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-false}"

# The backend the user chose: PULUMI_BACKEND_URL, else the one `pulumi login` recorded in
# $PULUMI_HOME/credentials.json (PULUMI_HOME defaults to ~/.pulumi, as for Pulumi itself). Neither: the
# project's file backend, on this machine.
pulumi_logged_in() {
  local creds="${PULUMI_HOME:-$HOME/.pulumi}/credentials.json"
  [ -s "$creds" ] && node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.exit(typeof c.current === "string" && c.current !== "" ? 0 : 1)' "$creds" 2>/dev/null
}
if [ -z "${PULUMI_BACKEND_URL:-}" ] && ! pulumi_logged_in; then
  export PULUMI_BACKEND_URL="file://$IOTDB_DA_STATE/backend" IOTDB_DA_DEFAULT_BACKEND=1
  mkdir -p "$IOTDB_DA_STATE/backend"
fi
# Secrets provider for stacks without one of their own: a passphrase generated once, kept in a mode-600
# file, unless the user set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE.
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ ! -s "$IOTDB_DA_STATE/passphrase" ]; then
    mkdir -p "$IOTDB_DA_STATE"
    (umask 077 && head -c 32 /dev/urandom | base64 > "$IOTDB_DA_STATE/passphrase")
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$IOTDB_DA_STATE/passphrase"
fi
