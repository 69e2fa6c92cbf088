# The `local` demo stack keeps its config in a file of this machine's, under the state directory, and
# reaches it through Pulumi's own --config-file. The committed stacks/Pulumi.local.yaml only seeds that
# file the first time: it never holds the salt or the encrypted passwords (which only this machine's
# passphrase opens), and no command rewrites it.
# shellcheck shell=bash disable=SC2034 # LOCAL_STACK_ARGS is read by the scripts that source this file
LOCAL_STACK=local
LOCAL_STACK_SEED="$REPO_ROOT/stacks/Pulumi.$LOCAL_STACK.yaml"
LOCAL_STACK_CONFIG="$IOTDB_DA_STATE/stacks/Pulumi.$LOCAL_STACK.yaml"

# Creates the file once: the committed settings, plus the salt and encrypted passwords an earlier
# local.sh kept beside it ($IOTDB_DA_STATE/local.{encryptionsalt,secrets.yaml}), so an existing pair
# keeps its passwords (those files stay, for older checkouts). Later runs leave the file as the user's
# `config set` made it.
local_stack_config_init() {
  [ -s "$LOCAL_STACK_CONFIG" ] && return 0
  local old_salt="$IOTDB_DA_STATE/$LOCAL_STACK.encryptionsalt" old_secrets="$IOTDB_DA_STATE/$LOCAL_STACK.secrets.yaml" tmp
  mkdir -p "$(dirname "$LOCAL_STACK_CONFIG")"
  tmp=$(umask 077 && mktemp "$LOCAL_STACK_CONFIG.XXXXXX")
  {
    grep -v '^encryptionsalt:' "$LOCAL_STACK_SEED" \
      | awk -v f="$old_secrets" '{ print } /^config:/ && (getline l < f) > 0 { print l; while ((getline l < f) > 0) print l }'
    if [ -s "$old_salt" ]; then cat "$old_salt"; fi
  } > "$tmp"
  mv "$tmp" "$LOCAL_STACK_CONFIG"
  log "the $LOCAL_STACK stack's config: $LOCAL_STACK_CONFIG (seeded from stacks/Pulumi.$LOCAL_STACK.yaml)"
}

# Creates the stack if the backend lacks it. `pulumi stack init` writes the new salt into the stack's
# config file, which is the committed one in this project: so it runs in a scratch copy of the project
# (Pulumi.yaml without stackConfigDir) whose Pulumi.local.yaml is the state file, then copied back.
local_stack_create() {
  local_stack_config_init
  if pulumi stack ls --json 2>/dev/null | node -e '
    const l = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.exit(l.some((s) => s.name === process.argv[1] || s.name.endsWith("/" + process.argv[1])) ? 0 : 1)' "$LOCAL_STACK"; then
    return 0
  fi
  local scratch
  scratch=$(umask 077 && mktemp -d)
  grep -v '^stackConfigDir:' "$REPO_ROOT/Pulumi.yaml" > "$scratch/Pulumi.yaml"
  cp "$LOCAL_STACK_CONFIG" "$scratch/Pulumi.$LOCAL_STACK.yaml"
  if ! pulumi -C "$scratch" stack init "$LOCAL_STACK" --no-select >&2; then rm -rf "$scratch"; die "pulumi stack init $LOCAL_STACK failed"; fi
  cat "$scratch/Pulumi.$LOCAL_STACK.yaml" > "$LOCAL_STACK_CONFIG"
  rm -rf "$scratch"
  log "created stack $LOCAL_STACK"
}

# Sets LOCAL_STACK_ARGS to the flags a pulumi command on STACK in DIR needs: --config-file for the
# local stack of this project, nothing otherwise.
local_stack_args() {
  LOCAL_STACK_ARGS=()
  if [ "$1" = "$LOCAL_STACK" ] && [ "$(cd "$2" && pwd)" = "$REPO_ROOT" ]; then
    local_stack_config_init
    LOCAL_STACK_ARGS=(--config-file "$LOCAL_STACK_CONFIG")
  fi
}
