# shellcheck shell=bash
# Shared by the /etc/hosts scripts (lib/render/hostsFile.ts): which lines are this owner's, the lock
# every owner takes on the file, and its rewrite.
# Inputs: file owner lock_wait (seconds)
# shellcheck disable=SC2154

# A line is this owner's when its last three fields are `# managed-by <owner>`, exactly: the owner is
# compared whole, so a stack `prod` never matches `prod2`'s lines (nor `prod`'s lines `prod2`).
owned() { awk -v o="$owner" 'NF >= 3 && $(NF-2) == "#" && $(NF-1) == "managed-by" && $NF == o' "$1"; }
# others FILE: every other line, as it is.
others() { awk -v o="$owner" '!(NF >= 3 && $(NF-2) == "#" && $(NF-1) == "managed-by" && $NF == o)' "$1"; }

# mapped_elsewhere FILE NAME ADDRESS: the addresses other than ADDRESS that FILE's lines give NAME
# (names compared without case, as the resolver does), one per line.
mapped_elsewhere() {
  awk -v n="$2" -v a="$3" '$1 !~ /^#/ {
    for (i = 2; i <= NF && $i !~ /^#/; i++) if (tolower($i) == tolower(n) && $1 != a && !seen[$1]++) print $1
  }' "$1"
}

# tmp: a scratch file for the new content; new: the file a rename is about to put in place. Both go at exit.
tmp=$(mktemp)
new=
trap 'rm -f -- "$tmp" ${new:+"$new"}' EXIT

# lock_hosts -x|-s: sets target, the file itself (when $file is a symbolic link, a rename must replace
# the file, not the link), and backup, where a rewrite in place keeps the content until the new one is
# checked (rewrite_in_place). Then takes an flock on the hosts file itself (fd 8), held until the script ends, so that the
# runs of every owner on this machine take turns (two stacks' steps have locks of their own). A rewrite
# replaces the file, so once granted the lock must still be on the file the path names; else it is
# taken again, on the new one.
lock_hosts() {
  local left end=$((SECONDS + lock_wait))
  target=$(readlink -f -- "$file") || die "cannot resolve $file"
  backup="$target.iotdb-dual-active.bak"
  while :; do
    left=$((end - SECONDS))
    exec 8<"$target"
    if ((left < 1)) || ! flock "$1" -w "$left" 8; then
      die "another run still holds the lock on $target after $lock_wait s; nothing was changed"
    fi
    if [[ "$(stat -L -c %d:%i -- "$target")" == "$(stat -L -c %d:%i /dev/fd/8)" ]]; then return 0; fi
    exec 8<&-
  done
}

# no_interrupted_rewrite: a backup left beside the file means a rewrite in place stopped between
# backup and check; then the file may hold part of its content. Unchanged since: the backup goes.
no_interrupted_rewrite() {
  [[ -e "$backup" ]] || return 0
  if cmp -s -- "$backup" "$target"; then rm -f -- "$backup"; return 0; fi
  die "$backup is left from an interrupted rewrite of $target and differs from it: compare the two, put the right content in $target, delete $backup, then run again"
}

# replace_by_rename TARGET CONTENT: a new file beside TARGET, made as a copy of it (mode, owner, group,
# ACLs and other extended attributes), given CONTENT, synced, then renamed over TARGET: a reader sees
# the old file or the new one, never part of one. Fails, saying why in $why, when any step does, e.g.
# for a bind-mounted TARGET (EBUSY: Docker's /etc/hosts) or a directory the user cannot write.
replace_by_rename() {
  local dir out
  dir=$(dirname -- "$1")
  new=$(mktemp -p "$dir" .hosts.iotdb-XXXXXX 2>&1) || { why="cannot create a file in $dir: $new"; new=; return 1; }
  out=$(cp --preserve=all -- "$1" "$new" 2>&1) || { why="cannot copy it: $out"; return 1; }
  cat -- "$2" >"$new" || { why="cannot write $new"; return 1; }
  if [[ "$(stat -c %u:%g:%a -- "$new")" != "$(stat -c %u:%g:%a -- "$1")" ]]; then
    why="a new file beside it would be $(stat -c %U:%G/%a -- "$new"), not $(stat -c %U:%G/%a -- "$1")"; return 1
  fi
  out=$(sync -- "$new" 2>&1) || { why="cannot sync $new: $out"; return 1; }
  out=$(mv -fT -- "$new" "$1" 2>&1) || { why="cannot rename over it: $out"; return 1; }
  new=
}

# rewrite_in_place TARGET CONTENT: for a file a rename cannot replace. Under the same lock: a backup
# (beside it, else in a private temp dir), checked; the content written into the file (`cat >`, same
# inode) and checked; on any failure the backup is written back. The backup goes once all is checked.
rewrite_in_place() {
  local keep="$backup"
  if ! cp --preserve=all -- "$1" "$keep" 2>/dev/null; then
    rm -f -- "$keep"
    keep=$(mktemp -d)/hosts.bak || die "cannot make a temp dir for the backup of $1"
    cp -- "$1" "$keep" || die "cannot back up $1 to $keep; nothing was changed"
  fi
  cmp -s -- "$1" "$keep" || die "the backup $keep differs from $1; nothing was changed"
  log "rewriting $1 in place; its previous content is in $keep until the new one is checked"
  if ! { cat -- "$2" >"$1" && cmp -s -- "$2" "$1"; }; then
    if cat -- "$keep" >"$1" && cmp -s -- "$keep" "$1"; then die "could not rewrite $1; its previous content is back"; fi
    die "could not rewrite $1, nor put its previous content back: it is in $keep; copy it back by hand"
  fi
  rm -f -- "$keep"
  if [[ "$keep" != "$backup" ]]; then rmdir -- "$(dirname -- "$keep")"; fi
}

# rewrite TARGET CONTENT: TARGET gets CONTENT's lines; nothing happens when it holds them already. Call
# it under lock_hosts -x.
rewrite() {
  if cmp -s -- "$2" "$1"; then return 0; fi
  why=
  if replace_by_rename "$1" "$2"; then return 0; fi
  if [[ -n "$new" ]]; then rm -f -- "$new"; new=; fi
  warn "$1 not replaced by rename ($why); rewritten in place instead, under the lock, with a backup"
  rewrite_in_place "$1" "$2"
}
