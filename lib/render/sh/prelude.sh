# shellcheck shell=bash
# The start of every host script (lib/render/template.ts renderScript): strict mode, then the helpers
# every script shares. A script sets TAG (the prefix of its messages) right after this file.
# Plain bash: nothing in here comes from TypeScript.
# shellcheck disable=SC2154

set -euo pipefail
umask 022
log() { printf '%s: %s\n' "$TAG" "$*" >&2; }
# warn: lines starting `warning: ` on stderr are shown in Pulumi's output (providers/remoteScript.ts).
warn() { printf 'warning: %s: %s\n' "$TAG" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$TAG" "$*" >&2; exit 1; }
# read_password: line 1 of stdin into $password (without a trailing CR); dies when there is none.
read_password() {
  password=
  IFS= read -r password || true
  password=${password%$'\r'}
  [[ -n $password ]] || die "no password on stdin (line 1)"
}
# read_previous_password: the next line of stdin into $previous_password, empty when there is none
# (the password of the last run, which an update that rotates it gets after its own lines).
read_previous_password() {
  previous_password=
  IFS= read -r previous_password || true
  previous_password=${previous_password%$'\r'}
}
