# shellcheck shell=bash
# installScript (lib/render/hostScripts.ts): installs the distribution tarball; stdout changed|unchanged.
# Needs roles.sh.
# Inputs: archive want_sha install_dir name marker_name
# shellcheck disable=SC2154

home=$install_dir/$name
marker=$home/$marker_name
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found"
command -v tar >/dev/null 2>&1 || die "tar not found"
[[ -f $archive ]] || die "archive not found: $archive"
got_sha=$(sha256sum <"$archive" | awk '{print $1}') || die "cannot read $archive"
[[ $got_sha == "$want_sha" ]] || die "sha256 mismatch for $archive: got $got_sha, expected $want_sha"
if [[ -f $marker && -x $home/sbin/start-datanode.sh && -x $home/sbin/start-confignode.sh ]] \
    && [[ $(<"$marker") == "$want_sha" ]]; then
  log "already installed: $home"
  echo unchanged
  exit 0
fi
mkdir -p "$install_dir" || die "cannot create $install_dir"
tmp=$(mktemp -d "$install_dir/.$name.new.XXXXXX") || die "cannot create a temporary directory in $install_dir"
trap 'rm -rf "$tmp"' EXIT
log "extracting $archive"
tar -xzf "$archive" -C "$tmp" --no-same-owner || die "cannot extract $archive"
new=$tmp/$name
for f in sbin/start-confignode.sh sbin/start-datanode.sh conf/iotdb-system.properties \
    conf/confignode-env.sh conf/datanode-env.sh tools/iotdb-sql/iotdb-sql; do
  [[ -f $new/$f ]] || die "archive lacks $name/$f"
done
shopt -s nullglob dotglob
tops=("$tmp"/*)
(( ${#tops[@]} == 1 )) || die "archive must hold exactly one top-level directory $name/"
if [[ ! -e $home ]]; then
  mv "$new" "$home" || die "cannot move the new installation to $home"
else
  [[ -d $home ]] || die "$home exists and is not a directory"
  home_real=$(cd "$home" && pwd -P)
  for role in confignode datanode; do
    pids=$(role_pids "$role" "$home_real")
    [[ -z $pids ]] || die "the $role of $home is running (pid $(pid_list "$pids")): stop it before replacing the installation"
  done
  log "replacing the distribution files of $home (data/, logs/, ext/ are kept)"
  for entry in "$new"/*; do
    base=${entry##*/}
    case $base in data | logs | ext | "$marker_name") continue ;; esac
    rm -rf "$home/$base.old-install"
    if [[ -e $home/$base || -L $home/$base ]]; then
      mv "$home/$base" "$home/$base.old-install" || die "cannot move $home/$base aside"
    fi
    mv "$entry" "$home/$base" || die "cannot move $base into $home"
  done
  rm -rf "$home"/*.old-install
fi
if ! printf '%s\n' "$want_sha" >"$marker.tmp" || ! mv -f "$marker.tmp" "$marker"; then die "cannot write $marker"; fi
[[ -x $home/sbin/start-datanode.sh && $(<"$marker") == "$want_sha" ]] || die "installation check failed for $home"
log "installed $home"
echo changed
