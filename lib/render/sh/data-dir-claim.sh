# shellcheck shell=bash
# claimDataDirScript (lib/render/dataDirScripts.ts); stdout claimed|owned|unclaimed. Needs data-dir.sh.
# Inputs: data_dir marker want subdirs
# shellcheck disable=SC2154

if [[ ! -e $data_dir ]]; then
  [[ ! -L $data_dir ]] || die "$data_dir is a symbolic link to nothing"
  mkdir -p -- "$data_dir" || die "cannot create $data_dir"
  chmod 0750 -- "$data_dir" || die "cannot make $data_dir private"
  log "created $data_dir"
fi
[[ -d $data_dir ]] || die "$data_dir exists and is not a directory"
real=$(cd -- "$data_dir" && pwd -P) || die "cannot enter $data_dir"
if system_dir "$real"; then
  die "$data_dir is $real, a directory of the operating system: point dataDir at a directory of its own"
fi
# IoTDB's own subdirectories hold the pipes' sink password and every row: private to the user that
# runs IoTDB (what an earlier version left 0755/0644 included). Nothing else in the directory is touched.
for sub in "${subdirs[@]}"; do
  path=$data_dir/$sub
  if [[ -d $path && ! -L $path ]]; then
    chmod -R g-w,o-rwx -- "$path" || die "cannot make $path private"
  fi
done
if marker_ok; then
  chmod g-w,o-rwx -- "$data_dir" || die "cannot make $data_dir private"
  log "$data_dir is this stack's ($marker)"
  echo owned
  exit 0
fi
# unclaimed WHY: leaves the directory as it is, says so, and ends.
unclaimed() {
  warn "$data_dir not claimed: $1; purgeDataOnDestroy will leave it as it is"
  journal "data dir not claimed $data_dir: $1"
  echo unclaimed
  exit 0
}
if [[ -e $marker || -L $marker ]]; then
  unclaimed "$marker names another owner ($(head -n 1 -- "$marker" 2>/dev/null || echo unreadable))"
fi
found=()
for entry in "$data_dir"/*; do
  if [[ ${entry##*/} != lost+found ]]; then found+=("${entry##*/}"); fi
done
if (( ${#found[@]} > 0 )); then
  unclaimed "it already holds files this stack did not write (${found[*]:0:5})"
fi
tmp=$(mktemp -- "$data_dir/.owner.XXXXXX") || die "cannot create a file in $data_dir"
if ! printf '%s\n' "$want" >"$tmp" || ! chmod 0644 -- "$tmp"; then
  rm -f -- "$tmp"
  die "cannot write $tmp"
fi
mv -f -- "$tmp" "$marker" || die "cannot write $marker"
chmod g-w,o-rwx -- "$data_dir" || die "cannot make $data_dir private"
marker_ok || die "$marker does not hold the expected content after writing"
journal "data dir claimed $data_dir"
log "claimed $data_dir ($marker)"
echo claimed
