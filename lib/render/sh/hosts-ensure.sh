# shellcheck shell=bash
# ensureHostsScript (lib/render/hostsFile.ts): this owner's lines become exactly `wanted`, whatever other owners' lines say (an identical line of another owner or of the operator does
# not stand in for ours: it may go with its owner). Fails, changing nothing, if any other line maps one
# of the hostnames elsewhere. Needs hosts.sh.
# Inputs: file owner lock_wait wanted (each "<address> <hostname> # managed-by <owner>")
# shellcheck disable=SC2154

[[ -f "$file" ]] || die "$file does not exist"
lock_hosts -x
no_interrupted_rewrite
others "$target" >"$tmp"
for line in "${wanted[@]}"; do
  read -r addr name _ <<<"$line"
  elsewhere=$(mapped_elsewhere "$tmp" "$name" "$addr")
  if [[ -n "$elsewhere" ]]; then
    die "$target maps $name to $(paste -sd, - <<<"$elsewhere"), not $addr; remove or fix that line, then run again"
  fi
done
# This owner's lines as wanted already: nothing is rewritten, and they keep their place.
if [[ "$(owned "$target")" == "$(printf '%s\n' "${wanted[@]}")" ]]; then
  echo "hosts entries already in $target"
  exit 0
fi
printf '%s\n' "${wanted[@]}" >>"$tmp"
rewrite "$target" "$tmp"
echo "hosts entries ensured in $target"
