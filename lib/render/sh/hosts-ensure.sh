# shellcheck shell=bash
# ensureHostsScript (lib/render/hostsFile.ts): adds the owned lines (replacing older owned ones);
# fails if an unowned line maps a hostname elsewhere. Needs hosts.sh.
# Inputs: file marker lines (each "<address> <hostname>")
# shellcheck disable=SC2154

[ -f "$file" ] || { echo "$file does not exist" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Keep every line but the ones we own.
awk -v m="$marker" 'index($0, m) == 0' "$file" > "$tmp"
for line in "${lines[@]}"; do
  addr=${line%% *}; name=${line#* }
  # An unowned line for the same name: the same address means it is already there; another one is a conflict.
  other=$(awk -v n="$name" '$1 !~ /^#/ { for (i = 2; i <= NF && $i !~ /^#/; i++) if ($i == n) { print $1; exit } }' "$tmp")
  if [ -n "$other" ] && [ "$other" != "$addr" ]; then
    echo "$file maps $name to $other, not $addr; remove or fix that line, then run again" >&2; exit 1
  fi
  if [ -z "$other" ]; then printf '%s %s\n' "$line" "$marker" >> "$tmp"; fi
done
rewrite "$file" "$tmp"
echo "hosts entries ensured in $file"
