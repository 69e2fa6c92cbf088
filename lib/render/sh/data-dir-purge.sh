# shellcheck shell=bash
# purgeDataDirScript (lib/render/dataDirScripts.ts); stdout purged|kept|absent. Needs data-dir.sh.
# Inputs: data_dir marker subdirs
# shellcheck disable=SC2154

if [[ ! -e $data_dir && ! -L $data_dir ]]; then
  log "no $data_dir: nothing to purge"
  echo absent
  exit 0
fi
# kept WHY: removes nothing, says why, and ends (destroy goes on).
kept() {
  warn "$data_dir kept, not purged: $1"
  journal "data kept $data_dir: $1"
  echo kept
  exit 0
}
[[ -d $data_dir ]] || kept "it is not a directory"
real=$(cd -- "$data_dir" && pwd -P) || die "cannot enter $data_dir"
if system_dir "$real"; then kept "it is $real, a directory of the operating system"; fi
if ! marker_ok; then
  if [[ -e $marker || -L $marker ]]; then
    kept "$marker does not name this stack and machine: another owner's directory"
  fi
  kept "no $marker: this stack never claimed it (it held other files then, or predates the marker)"
fi
# glob_quote S: S with the characters a glob treats specially escaped.
glob_quote() {
  local s=$1 out='' c i
  for (( i = 0; i < ${#s}; i++ )); do
    c=${s:i:1}
    case $c in
      '[' | ']' | '*' | '?' | "\\") out+="\\$c" ;;
      *) out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
# iotdb_users DIR: pids of IoTDB ConfigNodes and DataNodes (any home) whose working directory or an
# open file is in DIR. Another user's process cannot be inspected, and is not this stack's: this
# stack's IoTDB runs as the SSH user.
iotdb_users() {
  local dir cmdline d
  local -a found=()
  dir=$(glob_quote "$1")
  # Processes one of whose arguments (NUL-terminated "lines" of cmdline) is the main class of a
  # ConfigNode or DataNode; the brackets keep grep's own arguments from matching.
  while IFS= read -r cmdline; do
    d=${cmdline%/cmdline}
    if ! readlink -- "$d/cwd" >/dev/null 2>&1; then
      log "pid ${d#/proc/} not inspected (gone, or another user's IoTDB)"
      continue
    fi
    if [[ -n $(find "$d/cwd" "$d/fd" -maxdepth 1 \( -lname "$dir" -o -lname "$dir/*" \) -print -quit 2>/dev/null) ]]; then
      found+=("${d#/proc/}")
    fi
  done < <(grep -lsxz -e 'org[.]apache[.]iotdb[.]confignode[.]service[.]ConfigNode' -e 'org[.]apache[.]iotdb[.]db[.]service[.]DataNode' /proc/[0-9]*/cmdline || true)
  printf '%s' "${found[*]}"
}
using=$(iotdb_users "$real")
[[ -z $using ]] || die "IoTDB still uses $data_dir (pid $using): stop it, then destroy again"
for sub in "${subdirs[@]}"; do
  path=$data_dir/$sub
  if [[ -L $path ]]; then
    rm -f -- "$path" || die "cannot remove the symbolic link $path"
    log "removed the symbolic link $path (what it points to is kept)"
  elif [[ -d $path ]]; then
    rm -rf -- "$path" || die "cannot remove $path"
    [[ ! -e $path ]] || die "$path is still there after removing it"
    log "removed $path"
  elif [[ -e $path ]]; then
    warn "$path is not a directory: kept"
  fi
done
rm -f -- "$marker" || die "cannot remove $marker"
[[ ! -e $marker ]] || die "$marker is still there after removing it"
rest=("$data_dir"/*)
if (( ${#rest[@]} == 0 )) && [[ ! -L $data_dir ]]; then
  rmdir -- "$data_dir" || die "cannot remove the empty $data_dir"
  log "removed $data_dir (nothing else was in it)"
else
  log "kept $data_dir itself: it holds other files too"
fi
journal "data purged $data_dir"
echo purged
