# shellcheck shell=bash
# hostToolsScript (lib/render/hostToolsScript.ts): installs the project's host tools archive
# (iotdb-sql/: the SQL runner and the flusher, scripts/host-tools-dist.sh) as $home/tools/iotdb-sql;
# stdout changed|unchanged.
# Inputs: archive want_sum home tools_rel marker_name
# shellcheck disable=SC2154

dir=$home/$tools_rel
marker=$dir/$marker_name
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (coreutils)"
command -v tar >/dev/null 2>&1 || die "tar not found"
[[ -f $archive ]] || die "host tools archive not found: $archive"
got_sum=$(sha256sum <"$archive" | awk '{print $1}') || die "cannot read $archive"
[[ $got_sum == "$want_sum" ]] || die "sha256 mismatch for $archive: got $got_sum, expected $want_sum"
[[ -d $home/lib && -x $home/sbin/start-datanode.sh ]] || die "no IoTDB installed at $home (the install step comes first)"
complete() {
  local d=$1 f
  for f in iotdb-sql iotdb-flusher; do [[ -f $d/$f && -x $d/$f ]] || return 1; done
  for f in IotdbSql.class IotdbFlusher.class; do [[ -f $d/$f ]] || return 1; done
}
if [[ -f $marker ]] && [[ $(<"$marker") == "$want_sum" ]] && complete "$dir"; then
  log "already installed: $dir"
  echo unchanged
  exit 0
fi
parent=${dir%/*}
base=${dir##*/}
mkdir -p "$parent" || die "cannot create $parent"
tmp=$(mktemp -d "$parent/.$base.new.XXXXXX") || die "cannot create a temporary directory in $parent"
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$archive" -C "$tmp" --no-same-owner || die "cannot extract $archive"
new=$tmp/$base
complete "$new" || die "$archive does not hold $base/ with iotdb-sql, iotdb-flusher and their classes"
printf '%s\n' "$want_sum" >"$new/$marker_name" || die "cannot write the marker"
rm -rf "$dir.old"
if [[ -e $dir || -L $dir ]]; then mv "$dir" "$dir.old" || die "cannot move $dir aside"; fi
mv "$new" "$dir" || die "cannot move the host tools into $dir"
rm -rf "$dir.old"
if ! complete "$dir" || [[ $(<"$marker") != "$want_sum" ]]; then die "installation check failed for $dir"; fi
log "installed $dir"
echo changed
