// Scripts that keep a machine's /etc/hosts resolving every hostname of the pair.
// Lines the project owns end with a marker; only those are ever rewritten or removed.
import { shellQuote } from "./shell";

export interface HostsLine {
    hostname: string;
    address: string;
}

export interface HostsScriptArgs {
    /** Lines this machine must have. */
    entries: HostsLine[];
    /** Identifies the owner (project and stack), e.g. `iotdb-dual-active/local`. */
    owner: string;
    /** The file to edit; /etc/hosts unless testing. */
    hostsFile?: string;
}

export function hostsMarker(owner: string): string {
    if (!/^[A-Za-z0-9._\/-]+$/.test(owner)) throw new Error(`hosts entry owner ${JSON.stringify(owner)} has characters outside [A-Za-z0-9._/-]`);
    return `# managed-by ${owner}`;
}

// The file is rewritten in place (cat >), not replaced: /etc/hosts may be a bind mount.
const REWRITE = `
rewrite() { # rewrite FILE CONTENT_FILE
  if ! cmp -s "$2" "$1"; then cat "$2" > "$1"; fi
}`;

/** Adds the owned lines (replacing older owned ones); fails if an unowned line maps a hostname elsewhere. */
export function ensureHostsScript(args: HostsScriptArgs): string {
    const file = args.hostsFile ?? "/etc/hosts";
    const marker = hostsMarker(args.owner);
    const wanted = args.entries.map((e) => `${e.address} ${e.hostname}`);
    for (const e of args.entries) {
        if (!/^[A-Za-z0-9.:-]+$/.test(e.address) || !/^[A-Za-z0-9.-]+$/.test(e.hostname)) {
            throw new Error(`invalid hosts entry ${JSON.stringify(e)}`);
        }
    }
    return `set -euo pipefail
file=${shellQuote(file)}
marker=${shellQuote(marker)}
${REWRITE}
[ -f "$file" ] || { echo "$file does not exist" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Keep every line but the ones we own.
awk -v m="$marker" 'index($0, m) == 0' "$file" > "$tmp"
for line in ${wanted.map(shellQuote).join(" ")}; do
  addr=\${line%% *}; name=\${line#* }
  # An unowned line for the same name: the same address means it is already there; another one is a conflict.
  other=$(awk -v n="$name" '$1 !~ /^#/ { for (i = 2; i <= NF && $i !~ /^#/; i++) if ($i == n) { print $1; exit } }' "$tmp")
  if [ -n "$other" ] && [ "$other" != "$addr" ]; then
    echo "$file maps $name to $other, not $addr; remove or fix that line, then run again" >&2; exit 1
  fi
  if [ -z "$other" ]; then printf '%s %s\\n' "$line" "$marker" >> "$tmp"; fi
done
rewrite "$file" "$tmp"
echo "hosts entries ensured in $file"
`;
}

/** Removes exactly the owned lines. */
export function removeHostsScript(args: Omit<HostsScriptArgs, "entries">): string {
    const file = args.hostsFile ?? "/etc/hosts";
    return `set -euo pipefail
file=${shellQuote(file)}
marker=${shellQuote(hostsMarker(args.owner))}
${REWRITE}
[ -f "$file" ] || exit 0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v m="$marker" 'index($0, m) == 0' "$file" > "$tmp"
rewrite "$file" "$tmp"
echo "hosts entries removed from $file"
`;
}
