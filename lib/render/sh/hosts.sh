# shellcheck shell=bash
# Shared by the /etc/hosts scripts (lib/render/hostsFile.ts).

# rewrite FILE CONTENT_FILE: the file is rewritten in place (cat >), not replaced: /etc/hosts may be a bind mount.
rewrite() {
  if ! cmp -s "$2" "$1"; then cat "$2" > "$1"; fi
}
