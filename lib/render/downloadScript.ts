// The host fetches the distribution itself (for machines the Pulumi host cannot copy to quickly).
import { shellQuote } from "./shell";

export interface DownloadArgs {
    /** http(s) URL of a tarball made by scripts/iotdb-dist.sh (e.g. on the operator's artifact server). */
    url: string;
    /** Its SHA-256, hex. */
    sha256: string;
    /** Where it goes on the machine. */
    path: string;
}

/** Downloads with curl (or wget) unless the file is already there with the right checksum; verifies it. */
export function downloadScript(a: DownloadArgs): string {
    if (!/^https?:\/\/[A-Za-z0-9._~:\/?#\[\]@!$&()*+,;=%-]+$/.test(a.url)) throw new Error(`invalid distribution URL ${JSON.stringify(a.url)}`);
    if (!/^[0-9a-f]{64}$/.test(a.sha256)) throw new Error("distribution sha256 must be 64 hex digits");
    return `set -euo pipefail
url=${shellQuote(a.url)}
sha=${shellQuote(a.sha256)}
dest=${shellQuote(a.path)}
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
`;
}
