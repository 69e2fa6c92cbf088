# shellcheck shell=bash
# removeHostsScript (lib/render/hostsFile.ts): removes exactly the owned lines. Needs hosts.sh.
# Inputs: file marker
# shellcheck disable=SC2154

[ -f "$file" ] || exit 0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v m="$marker" 'index($0, m) == 0' "$file" > "$tmp"
rewrite "$file" "$tmp"
echo "hosts entries removed from $file"
