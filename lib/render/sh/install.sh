# shellcheck shell=bash
# installScript (lib/render/hostScripts.ts): installs an IoTDB archive (.tar.gz or .zip with one top
# folder, e.g. Apache's apache-iotdb-<v>-all-bin) as $install_dir/$name; stdout changed|unchanged.
# Needs roles.sh.
# Inputs: archive sum_tool (sha512sum|sha256sum) want_sum format (tar.gz|zip) install_dir name marker_name
# shellcheck disable=SC2154

home=$install_dir/$name
marker=$home/$marker_name
command -v "$sum_tool" >/dev/null 2>&1 || die "$sum_tool not found (coreutils)"
[[ -f $archive ]] || die "archive not found: $archive"
got_sum=$("$sum_tool" <"$archive" | awk '{print $1}') || die "cannot read $archive"
[[ $got_sum == "$want_sum" ]] || die "$sum_tool mismatch for $archive: got $got_sum, expected $want_sum"
if [[ -f $marker && -x $home/sbin/start-datanode.sh && -x $home/sbin/start-confignode.sh ]] \
    && [[ $(<"$marker") == "$want_sum" ]]; then
  log "already installed: $home"
  echo unchanged
  exit 0
fi
mkdir -p "$install_dir" || die "cannot create $install_dir"
tmp=$(mktemp -d "$install_dir/.$name.new.XXXXXX") || die "cannot create a temporary directory in $install_dir"
trap 'rm -rf "$tmp"' EXIT
log "extracting $archive"
case $format in
  tar.gz)
    command -v tar >/dev/null 2>&1 || die "tar not found"
    tar -xzf "$archive" -C "$tmp" --no-same-owner || die "cannot extract $archive" ;;
  zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$archive" -d "$tmp" || die "cannot unzip $archive"
    elif command -v python3 >/dev/null 2>&1; then
      python3 -m zipfile -e "$archive" "$tmp" || die "cannot extract $archive with python3"
    else
      die "a .zip distribution needs unzip (or python3) on the host: install unzip (e.g. apt-get install unzip)"
    fi ;;
  *) die "unknown archive format: $format" ;;
esac
shopt -s nullglob dotglob
tops=("$tmp"/*)
if (( ${#tops[@]} != 1 )) || [[ ! -d ${tops[0]} || -L ${tops[0]} ]]; then
  die "archive must hold exactly one top-level directory (e.g. $name/ or $name-all-bin/)"
fi
new=${tops[0]}
top=${new##*/}
# apache-iotdb-<v>/ (scripts/iotdb-dist.sh) or apache-iotdb-<v>-all-bin/ (Apache's release): the version is in the name.
[[ $top == "$name" || $top == "$name"-* ]] || die "the archive's top folder $top/ is not $name/ or $name-<suffix>/: another version?"
for f in sbin/start-confignode.sh sbin/start-datanode.sh conf/iotdb-system.properties \
    conf/confignode-env.sh conf/datanode-env.sh; do
  [[ -f $new/$f ]] || die "archive lacks $top/$f"
done
# A zip extracted without its modes (python3's zipfile): IoTDB's scripts must be executable.
chmod a+x "$new"/sbin/*.sh || die "cannot make $top/sbin/*.sh executable"
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
if ! printf '%s\n' "$want_sum" >"$marker.tmp" || ! mv -f "$marker.tmp" "$marker"; then die "cannot write $marker"; fi
[[ -x $home/sbin/start-datanode.sh && $(<"$marker") == "$want_sum" ]] || die "installation check failed for $home"
log "installed $home"
echo changed
