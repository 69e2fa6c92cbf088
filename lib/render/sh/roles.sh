# shellcheck shell=bash
# Finding an IoTDB role's java processes by their command line (see hostScripts.ts).

role_class() {
  case $1 in
    confignode) echo org.apache.iotdb.confignode.service.ConfigNode ;;
    datanode) echo org.apache.iotdb.db.service.DataNode ;;
    *) die "unknown role: $1" ;;
  esac
}
role_home_prop() {
  case $1 in
    confignode) echo CONFIGNODE_HOME ;;
    datanode) echo IOTDB_HOME ;;
    *) die "unknown role: $1" ;;
  esac
}
# role_pids ROLE HOME_REAL: pids (one a line) of ROLE's java processes running from HOME_REAL.
role_pids() {
  local role=$1 want=$2 cls prop d arg val has cwd
  local -a argv
  cls=$(role_class "$role")
  prop=-D$(role_home_prop "$role")=
  for d in /proc/[0-9]*; do
    argv=()
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    (( ${#argv[@]} > 2 )) || continue
    has=0
    val=
    for arg in "${argv[@]}"; do
      if [[ $arg == "$cls" ]]; then has=1; fi
      if [[ $arg == "$prop"* ]]; then val=${arg#"$prop"}; fi
    done
    if (( has == 0 )) || [[ -z $val ]]; then continue; fi
    if [[ $val != /* ]]; then
      cwd=$(readlink "$d/cwd" 2>/dev/null) || continue
      val=$cwd/$val
    fi
    val=$(cd "$val" 2>/dev/null && pwd -P) || continue
    if [[ $val == "$want" ]]; then printf '%s\n' "${d#/proc/}"; fi
  done
  return 0
}
pid_list() { local -a p; mapfile -t p <<<"$1"; printf '%s' "${p[*]}"; }
