# shellcheck shell=bash
# downloadScript (lib/render/downloadScript.ts): fetches the distribution unless it is already there
# with the right checksum, then verifies it. stdout: changed|unchanged.
# Inputs: url sha dest
# shellcheck disable=SC2154

have() { [ -f "$dest" ] && [ "$(sha256sum "$dest" | cut -d' ' -f1)" = "$sha" ]; }
if have; then echo unchanged; exit 0; fi
mkdir -p "$(dirname "$dest")"
if command -v curl >/dev/null; then curl -fsSL --retry 3 -o "$dest.part" "$url"
elif command -v wget >/dev/null; then wget -q -O "$dest.part" "$url"
else echo "neither curl nor wget is installed: install one, or let Pulumi copy the file (remove distribution.url)" >&2; exit 1; fi
got=$(sha256sum "$dest.part" | cut -d' ' -f1)
if [ "$got" != "$sha" ]; then rm -f "$dest.part"; echo "checksum mismatch for $url: got $got, expected $sha" >&2; exit 1; fi
mv -f "$dest.part" "$dest"
echo changed
