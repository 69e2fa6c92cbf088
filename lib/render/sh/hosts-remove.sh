# shellcheck shell=bash
# removeHostsScript (lib/render/hostsFile.ts): removes exactly this owner's lines. Needs hosts.sh.
# Inputs: file owner lock_wait
# shellcheck disable=SC2154

[[ -f "$file" ]] || exit 0
lock_hosts -x
no_interrupted_rewrite
others "$target" >"$tmp"
rewrite "$target" "$tmp"
echo "hosts entries removed from $target"
