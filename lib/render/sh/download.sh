# shellcheck shell=bash
# downloadScript (lib/render/downloadScript.ts): fetches the distribution unless it is already there
# with the right checksum, then verifies it. stdout: changed|unchanged.
# Inputs: url sum_tool (sha512sum|sha256sum) want_sum dest
# shellcheck disable=SC2154

command -v "$sum_tool" >/dev/null 2>&1 || die "$sum_tool not found (coreutils)"
have() { [ -f "$dest" ] && [ "$("$sum_tool" "$dest" | cut -d' ' -f1)" = "$want_sum" ]; }
if have; then echo unchanged; exit 0; fi
mkdir -p "$(dirname "$dest")"
if command -v curl >/dev/null; then curl -fsSL --retry 3 -o "$dest.part" "$url"
elif command -v wget >/dev/null; then wget -q -O "$dest.part" "$url"
else echo "neither curl nor wget is installed: install one, or let Pulumi copy the file (remove distribution.url)" >&2; exit 1; fi
got=$("$sum_tool" "$dest.part" | cut -d' ' -f1)
if [ "$got" != "$want_sum" ]; then rm -f "$dest.part"; echo "checksum mismatch for $url ($sum_tool): got $got, expected $want_sum" >&2; exit 1; fi
mv -f "$dest.part" "$dest"
echo changed
