#!/usr/bin/env bash
# Local test hosts for the integration tests: scripts/hosts.sh up|down|status [N] [--purge]
#
#   up [N]          create/start hosts 1..N (default 2); idempotent. Installs openssh-server etc. if missing.
#   down [--purge]  stop and remove every test host, the bridge and /etc/netns entries; keeps the state dir
#                   (host data) unless --purge.
#   status [N]      print hosts 1..N (default: 1, 2 and any other whose netns exists); non-zero if any is
#                   not up.
#   cut N / heal N  take host N off the network (its link down: unreachable, processes keep running) and
#                   back; for fault tests.
#   restart N       host N's reboot: every process in it stopped (TERM, then KILL), its init run again
#                   (which runs its /etc/rc.local); its files are kept.
#
# State: ${IOTDB_DA_HOSTS_DIR:-/var/lib/iotdb-dual-active/testhosts}. Connect with
#   ssh -F "$IOTDB_DA_HOSTS_DIR/ssh/ssh_config" iotdb-1
# See scripts/lib/testhosts.sh for the layout. Must run as root.

# shellcheck source-path=SCRIPTDIR
set -euo pipefail
shopt -s inherit_errexit

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/testhosts.sh
source "$SCRIPT_DIR/lib/testhosts.sh"
# shellcheck source=lib/testhosts-setup.sh
source "$SCRIPT_DIR/lib/testhosts-setup.sh"
# shellcheck source=lib/testhosts-files.sh
source "$SCRIPT_DIR/lib/testhosts-files.sh"
# shellcheck source=lib/testhosts-lifecycle.sh
source "$SCRIPT_DIR/lib/testhosts-lifecycle.sh"

log() { printf '[hosts] %s\n' "$*" >&2; }
die() { printf '[hosts] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------------------
# status

cmd_status() {
  local n="$1" i hosts=() bad=0
  if [[ -n "$n" ]]; then
    for ((i = 1; i <= n; i++)); do hosts+=("$i"); done
  else
    # hosts 1 and 2 plus any other host whose netns exists
    mapfile -t hosts < <({ printf '1\n2\n'; for f in /run/netns/iotdbda-*; do [[ -e "$f" ]] && { testhost_index "${f##*/}" || true; }; done; } | sort -n -u)
  fi
  printf '%-9s %-12s %-6s %-14s %-8s %s\n' HOST ADDRESS NETNS SSHD_PID PORT22 STATE
  for i in "${hosts[@]}"; do
    local netns=no pid=- port=no state=up
    testhost_netns_exists "$i" && netns=yes
    pid="$(testhost_sshd_pid "$i" 2>/dev/null)" || pid="-"
    [[ "$pid" == - ]] || pid="$pid(alive)"
    [[ "$netns" == no ]] || ! testhost_port_open "$(testhost_address "$i")" || port=yes
    local why
    why="$(testhost_why_down "$i" | sed 's/^[^:]*: //' || true)"
    [[ -z "$why" ]] || { state="DOWN: $why"; bad=1; }
    printf '%-9s %-12s %-6s %-14s %-8s %s\n' "$(testhost_label "$i")" "$(testhost_address "$i")" "$netns" "$pid" "$port" "$state"
  done
  return "$bad"
}

# ---------------------------------------------------------------------------------------------------------

main() {
  local cmd="${1:-}" n="" purge=""
  [[ -n "$cmd" ]] || usage
  shift
  while (($#)); do
    case "$1" in
      --purge) [[ "$cmd" == down ]] || die "--purge only applies to down"; purge=1 ;;
      [0-9]*)
        if ! [[ "$1" =~ ^[1-9][0-9]*$ ]] || (($1 > TESTHOSTS_MAX)); then die "N must be 1..$TESTHOSTS_MAX: '$1'"; fi
        n="$1" ;;
      -h | --help) usage ;;
      *) die "unknown argument: '$1'" ;;
    esac
    shift
  done
  case "$cmd" in
    up | down)
      [[ "$cmd" == down && -n "$n" ]] && die "down takes no N (it removes every test host)"
      exec 9>"$TESTHOSTS_LOCK"
      flock -w 300 9 || die "another hosts.sh holds $TESTHOSTS_LOCK"
      if [[ "$cmd" == up ]]; then cmd_up "${n:-2}"; else cmd_down "$purge"; fi
      ;;
    status) cmd_status "$n" ;;
    restart)
      [[ -n "$n" ]] || die "restart needs the host number"
      testhost_netns_exists "$n" || die "test host $n does not exist"
      check_env
      exec 9>"$TESTHOSTS_LOCK"
      flock -w 300 9 || die "another hosts.sh holds $TESTHOSTS_LOCK"
      write_init
      stop_host "$n"
      start_host "$n"
      log "restart: host $n ($(testhost_address "$n")) is up again"
      ;;
    cut | heal)
      [[ -n "$n" ]] || die "$cmd needs the host number"
      ip link show dev "$(testhost_veth "$n")" >/dev/null 2>&1 || die "test host $n does not exist"
      ip link set dev "$(testhost_veth "$n")" "$([[ "$cmd" == cut ]] && echo down || echo up)"
      log "$cmd: host $n ($(testhost_address "$n")) is $([[ "$cmd" == cut ]] && echo unreachable || echo reachable again)"
      ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
