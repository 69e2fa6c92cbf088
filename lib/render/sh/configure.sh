# shellcheck shell=bash
# configureScript (lib/render/hostScripts.ts): writes conf/iotdb-system.properties and MEMORY_SIZE.
# Inputs: home props cn_mem dn_mem
# shellcheck disable=SC2154

conf=$home/conf
[[ -d $conf ]] || die "no conf directory: $conf (install first)"
# The configuration is private to the user that runs IoTDB: the directory 0750, its files 0640 at most.
chmod 0750 "$conf" || die "cannot make $conf private"
chmod -R g-w,o-rwx "$conf" || die "cannot make the files in $conf private"
changed=0
# write_file FILE CONTENT: replaces FILE when its content differs.
write_file() {
  local file=$1 content=$2 cur tmpf
  if [[ -f $file ]]; then
    cur=$(cat "$file" && printf x) || die "cannot read $file"
    if [[ $cur == "$content"x ]]; then
      log "unchanged: $file"
      return 0
    fi
  fi
  tmpf=$(mktemp "$file.XXXXXX") || die "cannot create a temporary file beside $file"
  printf '%s' "$content" >"$tmpf" || die "cannot write $tmpf"
  chmod 0640 "$tmpf" || die "cannot set the mode of $tmpf"
  mv -f "$tmpf" "$file" || die "cannot replace $file"
  cur=$(cat "$file" && printf x) || die "cannot read $file"
  [[ $cur == "$content"x ]] || die "$file does not hold the expected content after writing"
  log "written: $file"
  changed=1
}
# set_memory FILE SIZE: sets the MEMORY_SIZE= line of FILE to SIZE.
set_memory() {
  local file=$1 size=$2 n tmpf
  [[ $size =~ ^[1-9][0-9]*[MG]$ ]] || die "invalid memory size: $size"
  [[ -f $file ]] || die "missing $file"
  n=$(grep -c '^MEMORY_SIZE=' "$file" || true)
  [[ $n == 1 ]] || die "$file: expected exactly one line starting with MEMORY_SIZE=, found $n"
  if grep -qx "MEMORY_SIZE=$size" "$file"; then
    log "unchanged: MEMORY_SIZE=$size in $file"
    return 0
  fi
  tmpf=$(mktemp "$file.XXXXXX") || die "cannot create a temporary file beside $file"
  sed "s/^MEMORY_SIZE=.*/MEMORY_SIZE=$size/" "$file" >"$tmpf" || die "sed failed on $file"
  chmod --reference="$file" "$tmpf"
  if [[ $(grep -c '^MEMORY_SIZE=' "$tmpf" || true) != 1 ]] || ! grep -qx "MEMORY_SIZE=$size" "$tmpf"; then
    rm -f "$tmpf"
    die "could not set MEMORY_SIZE=$size in $file"
  fi
  mv -f "$tmpf" "$file" || die "cannot replace $file"
  grep -qx "MEMORY_SIZE=$size" "$file" || die "MEMORY_SIZE=$size not found in $file after writing"
  log "set MEMORY_SIZE=$size in $file"
  changed=1
}
write_file "$conf/iotdb-system.properties" "$props"
set_memory "$conf/confignode-env.sh" "$cn_mem"
set_memory "$conf/datanode-env.sh" "$dn_mem"
if (( changed )); then echo changed; else echo unchanged; fi
