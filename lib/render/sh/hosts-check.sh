# shellcheck shell=bash
# checkHostsScript (lib/render/hostsFile.ts), the drift check of `pulumi refresh`: its last line is `ok`
# when this owner's lines are exactly `wanted` and no other line maps one of the hostnames elsewhere;
# else one line saying what differs. Changes nothing. Needs hosts.sh.
# Inputs: file owner lock_wait wanted (each "<address> <hostname> # managed-by <owner>")
# shellcheck disable=SC2154

if [[ ! -f "$file" ]]; then echo "drift: $file does not exist"; exit 0; fi
lock_hosts -s
owned "$target" >"$tmp"
problems=()
for want in "${wanted[@]}"; do
  grep -qxF -- "$want" "$tmp" || problems+=("lacks '$want'")
done
while IFS= read -r have; do
  grep -qxF -- "$have" < <(printf '%s\n' "${wanted[@]}") || problems+=("has '$have', not wanted")
done <"$tmp"
count=$(wc -l <"$tmp")
if ((count > ${#wanted[@]})); then problems+=("has $count lines of this owner, not ${#wanted[@]}"); fi
others "$target" >"$tmp"
for want in "${wanted[@]}"; do
  read -r addr name _ <<<"$want"
  elsewhere=$(mapped_elsewhere "$tmp" "$name" "$addr")
  if [[ -n "$elsewhere" ]]; then problems+=("maps $name to $(paste -sd, - <<<"$elsewhere") on another line"); fi
done
if ((${#problems[@]} == 0)); then echo ok; exit 0; fi
printf 'drift: %s' "$target"
printf '; %s' "${problems[@]}"
echo
