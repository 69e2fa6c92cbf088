#!/usr/bin/env bash
# `npm run pulumi -- ARGS`: Pulumi with the project's environment (scripts/lib/pulumi-env.sh): an official
# CLI on PATH as it is, else the pinned build; the policy pack on preview and up; the local demo stack's
# config file (scripts/lib/local-stack.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
source "$REPO_ROOT/scripts/lib/local-stack.sh"
[ -x "$PULUMI_CLI_BIN/pulumi" ] || die "no Pulumi CLI: none >= v$PULUMI_MIN_VERSION on PATH, and the toolchain is not built yet: run 'npm run setup'"
cd "$REPO_ROOT"

# A run killed half-way leaves its lock in a file:// backend. A lock taken on this machine by a
# process that no longer exists is stale: release it with Pulumi's own `cancel` before going on.
release_stale_locks() {
  local dir="${PULUMI_BACKEND_URL:-}" lock stack owner
  dir="${dir#file://}/.pulumi/locks"
  [[ "${PULUMI_BACKEND_URL:-}" == file://* && -d "$dir" ]] || return 0
  for lock in "$dir"/*/*/*.json "$dir"/*/*/*/*.json; do
    [ -f "$lock" ] || continue
    # shellcheck disable=SC2016 # JavaScript in single quotes, not shell
    owner=$(node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${l.hostname} ${l.pid}`)' "$lock") || continue
    if [ "${owner% *}" = "$(hostname)" ] && ! kill -0 "${owner#* }" 2>/dev/null; then
      stack=$(basename "$(dirname "$lock")")
      log "releasing the lock of stack $stack left by a process that is gone (pid ${owner#* })"
      "$PULUMI_CLI_BIN/pulumi" cancel --yes --stack "$stack" >&2
    fi
  done
}
case "${1:-}" in
  up|update|destroy|preview|refresh) release_stale_locks ;;
  # A login of the user's own replaces the project's default backend, which must not shadow it.
  login|logout) if [ "${IOTDB_DA_DEFAULT_BACKEND:-}" = 1 ]; then unset PULUMI_BACKEND_URL; fi ;;
esac

# Every preview and up runs the project's policy pack (policy/), unless the command names one itself.
policy=()
case "${1:-}" in
  up|update|preview)
    if [[ " $* " != *" --policy-pack"* ]]; then
      if [ "$PULUMI_CLI_HOST_BUILT" = 1 ] && [ ! -x "$PULUMI_TOOLCHAIN_BIN/pulumi-analyzer-policy-$POLICY_RUNTIME_BUILT" ]; then
        die "the policy pack's analyzer plugin is missing: run 'npm run setup'"
      fi
      if pack=$(policy_pack_dir); then policy=(--policy-pack "$pack")
      else
        log "WARNING: the policy pack does not run: Pulumi $("$PULUMI_CLI_BIN/pulumi" version) runs packs through its own release's pulumi-language-nodejs, and the one beside it is the host built here (sdk v$PULUMI_LANGUAGE_NODEJS_SDK_VERSION). Put that release's own language host beside it, or use the pinned CLI (IOTDB_DA_PULUMI=toolchain)."
      fi
    fi ;;
esac

# flag_value SHORT LONG ARGS...: the value a command gives a flag (-s X, --stack X, --stack=X), or nothing.
flag_value() {
  local short=$1 long=$2
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      "$short"|"$long") printf '%s' "${2:-}"; return 0 ;;
      "$short"=*|"$long"=*) printf '%s' "${1#*=}"; return 0 ;;
      --) return 0 ;;
    esac
    shift
  done
}
# The stack a command names, else the selected one.
stack_of() {
  local want; want=$(flag_value -s --stack "$@")
  if [ -z "$want" ]; then want=$("$PULUMI_CLI_BIN/pulumi" stack --show-name 2>/dev/null || true); fi
  printf '%s' "$want"
}
# The stack name given as an argument (`stack init NAME`, `stack select --create NAME`), or nothing.
stack_positional() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -C|--cwd|-s|--stack|--secrets-provider|--copy-config-from|--teams) shift ;;
      -*) ;;
      *) printf '%s' "$1"; return 0 ;;
    esac
    shift
  done
}
# The program directory a command names, else this repository.
cwd_of() { local dir; dir=$(flag_value -C --cwd "$@"); printf '%s' "${dir:-$REPO_ROOT}"; }
# The local demo stack's config is a file under the state dir (scripts/lib/local-stack.sh).
LOCAL_STACK_ARGS=()
case "${1:-}" in
  config|up|update|preview|destroy|refresh|import|watch|logs)
    if [[ " $* " != *" --config-file"* ]]; then local_stack_args "$(stack_of "$@")" "$(cwd_of "$@")"; fi ;;
  stack)
    target=$(stack_positional "${@:3}")
    if [ -z "$target" ]; then target=$(stack_of "$@"); fi
    if [ "$target" = "$LOCAL_STACK" ]; then
      case "${2:-}" in
        # Created beside the committed file, never writing its salt into it; then selected.
        init) local_stack_create; set -- stack select "$LOCAL_STACK" ;;
        select) if [[ " $* " == *" --create"* || " $* " == *" -c "* ]]; then local_stack_create; set -- stack select "$LOCAL_STACK"; fi ;;
        rm) LOCAL_STACK_ARGS=(--preserve-config) ;;  # stacks/Pulumi.local.yaml is the committed seed
      esac
    fi ;;
esac

exec "$PULUMI_CLI_BIN/pulumi" "$@" "${policy[@]}" "${LOCAL_STACK_ARGS[@]}"
