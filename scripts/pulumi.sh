#!/usr/bin/env bash
# `npm run pulumi -- ARGS`: the pinned Pulumi CLI with the project's environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
[ -x "$PULUMI_TOOLCHAIN_BIN/pulumi" ] || die "the Pulumi toolchain is not built yet: run 'npm run setup'"
cd "$REPO_ROOT"

# A run killed half-way leaves its lock in a file:// backend. A lock taken on this machine by a
# process that no longer exists is stale: release it with Pulumi's own `cancel` before going on.
release_stale_locks() {
  local dir="${PULUMI_BACKEND_URL#file://}/.pulumi/locks" lock stack owner
  [[ "$PULUMI_BACKEND_URL" == file://* && -d "$dir" ]] || return 0
  for lock in "$dir"/*/*/*.json "$dir"/*/*/*/*.json; do
    [ -f "$lock" ] || continue
    # shellcheck disable=SC2016 # JavaScript in single quotes, not shell
    owner=$(node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${l.hostname} ${l.pid}`)' "$lock") || continue
    if [ "${owner% *}" = "$(hostname)" ] && ! kill -0 "${owner#* }" 2>/dev/null; then
      stack=$(basename "$(dirname "$lock")")
      log "releasing the lock of stack $stack left by a process that is gone (pid ${owner#* })"
      "$PULUMI_TOOLCHAIN_BIN/pulumi" cancel --yes --stack "$stack" >&2
    fi
  done
}
case "${1:-}" in up|update|destroy|preview|refresh) release_stale_locks ;; esac

# Every preview and up runs the project's policy pack (policy/), unless the command names one itself.
policy=()
case "${1:-}" in
  up|update|preview)
    if [[ " $* " != *" --policy-pack"* ]]; then
      compgen -G "$PULUMI_TOOLCHAIN_BIN/pulumi-analyzer-policy-*" >/dev/null || die "the policy pack's analyzer plugin is missing: run 'npm run setup'"
      policy=(--policy-pack "$REPO_ROOT/policy")
    fi ;;
esac

exec "$PULUMI_TOOLCHAIN_BIN/pulumi" "$@" "${policy[@]}"
