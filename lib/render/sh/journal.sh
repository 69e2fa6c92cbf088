# shellcheck shell=bash
# The machine's journal, for the scripts that write to it (data directory, SQL).
# Inputs: journal_file
# shellcheck disable=SC2154

# journal EVENT: appends a timestamped line to the machine's journal ($journal_file).
journal() {
  mkdir -p -- "${journal_file%/*}" || die "cannot create ${journal_file%/*}"
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$*" >>"$journal_file" || die "cannot write $journal_file"
  chmod g-w,o-rwx -- "$journal_file" || die "cannot make $journal_file private"
}
