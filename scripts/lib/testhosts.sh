# shellcheck shell=bash
# Local test hosts: each one a network namespace + PID namespace + mount namespace running its own sshd,
# imitating a separate machine. Sourced by scripts/hosts.sh (which creates/removes them) and by any script
# that must refuse to talk to a host that is not up.
#
# Host i (1-based):  label iotdb-<i>, netns iotdbda-<i>, address 10.213.7.<10+i>/24 on interface eth0 inside
# the netns, whose veth peer iotdbda-<i>v sits on bridge iotdbda0 (10.213.7.1/24) in the root namespace.
# No default route, no forwarding, no NAT: the hosts reach each other and the root namespace only.
#
# Inside a host (as seen from an SSH session):
#   /opt, /var/lib/iotdb, /tmp, /root  bind mounts of <state>/iotdb-<i>/fs/{opt,var-lib-iotdb,tmp,root}
#   /etc                               overlay: the root's /etc below, <state>/iotdb-<i>/etc-overlay/upper
#                                      above, so /etc/hosts (and any other /etc change) is the host's own,
#                                      and both appends and rename-style edits (sed -i) work. Starts with
#                                      localhost lines only; /etc/netns/iotdbda-<i>/hosts links to it.
#   processes                          own PID namespace: ps/lsof/kill see only this host's processes.
#
# Nothing here sends traffic anywhere but the bridge 10.213.7.0/24 and loopback.

# shellcheck disable=SC2034  # constants used by the scripts that source this file
TESTHOSTS_DIR="${IOTDB_DA_HOSTS_DIR:-/var/lib/iotdb-dual-active/testhosts}"
TESTHOSTS_BRIDGE="iotdbda0"
TESTHOSTS_NET_PREFIX="10.213.7"
TESTHOSTS_BRIDGE_ADDR="10.213.7.1"
TESTHOSTS_PREFIXLEN=24
TESTHOSTS_MAX=200 # addresses 10.213.7.11 .. 10.213.7.210
TESTHOSTS_SSH_PORT=22
TESTHOSTS_LOCK="/tmp/iotdbda-testhosts.lock"

testhosts_ssh_dir() { printf '%s/ssh\n' "$TESTHOSTS_DIR"; }
testhosts_ssh_config() { printf '%s/ssh/ssh_config\n' "$TESTHOSTS_DIR"; }
testhosts_ssh_key() { printf '%s/ssh/id_ed25519\n' "$TESTHOSTS_DIR"; }

testhost_label() { printf 'iotdb-%s\n' "$1"; }
testhost_netns() { printf 'iotdbda-%s\n' "$1"; }
testhost_address() { printf '%s.%s\n' "$TESTHOSTS_NET_PREFIX" "$((10 + $1))"; }
testhost_veth() { printf 'iotdbda-%sv\n' "$1"; }
testhost_dir() { printf '%s/iotdb-%s\n' "$TESTHOSTS_DIR" "$1"; }

# testhost_index <i | iotdb-i | iotdbda-i | 10.213.7.(10+i)>: prints i; fails (status 1) for anything that is
# not one of our test hosts.
testhost_index() {
  local x="${1:-}" i=""
  case "$x" in
    iotdb-*) i="${x#iotdb-}" ;;
    iotdbda-*) i="${x#iotdbda-}" ;;
    "$TESTHOSTS_NET_PREFIX".*)
      local last="${x#"$TESTHOSTS_NET_PREFIX".}"
      [[ "$last" =~ ^[1-9][0-9]*$ ]] || return 1
      i=$((last - 10))
      ;;
    *) i="$x" ;;
  esac
  [[ "$i" =~ ^[1-9][0-9]*$ ]] && ((i >= 1 && i <= TESTHOSTS_MAX)) || return 1
  printf '%s\n' "$i"
}

testhost_netns_exists() { [[ -e "/run/netns/$(testhost_netns "$1")" ]]; }

testhost_address_configured() {
  local ns addr
  ns="$(testhost_netns "$1")"
  addr="$(testhost_address "$1")"
  ip -n "$ns" -o -4 addr show dev eth0 2>/dev/null | grep -qF " inet $addr/$TESTHOSTS_PREFIXLEN "
}

# testhost_init_pid i: root-namespace pid of the host's init (PID 1 of a PID namespace whose network namespace
# is the host's netns). Found by scanning /proc, so it needs no pid file.
testhost_init_pid() {
  local ns_ino pids p
  ns_ino="$(stat -L -c %i "/run/netns/$(testhost_netns "$1")" 2>/dev/null)" || return 1
  # processes whose network namespace is the host's (one stat call for all of /proc)
  pids="$({ stat -L -c '%i %n' /proc/[0-9]*/ns/net 2>/dev/null || true; } |
    awk -v ino="$ns_ino" '$1 == ino { split($2, a, "/"); print a[3] }')"
  for p in $pids; do
    # PID 1 of a nested PID namespace: NSpid has >= 2 fields, the last one 1
    if awk '/^NSpid:/ { ok = (NF >= 3 && $NF == 1) } END { exit !ok }' "/proc/$p/status" 2>/dev/null; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

# testhost_sshd_pid i: root-namespace pid of the host's listening sshd (the child of its init), cross-checked
# against the sshd PidFile (which holds the pid as seen inside the host).
testhost_sshd_pid() {
  local init pid nspid want
  init="$(testhost_init_pid "$1")" || return 1
  pid="$(pgrep -P "$init" -x sshd | head -n 1)" || return 1
  [[ -n "$pid" ]] || return 1
  want="$(cat "$(testhost_dir "$1")/sshd.pid" 2>/dev/null)" || return 1
  nspid="$(sed -n 's/^NSpid:[[:space:]]*[0-9]*[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)"
  [[ -n "$want" && "$nspid" == "$want" ]] || return 1
  printf '%s\n' "$pid"
}

# testhost_port_open address [port] [timeout_s]: TCP connect from the root namespace and read the SSH banner.
testhost_port_open() {
  local addr="$1" port="${2:-$TESTHOSTS_SSH_PORT}" t="${3:-3}" banner
  # shellcheck disable=SC2016  # $0/$1 expand in the inner bash
  banner="$(timeout "$t" bash -c 'exec 3<>"/dev/tcp/$0/$1" && head -c 4 <&3' "$addr" "$port" 2>/dev/null)" || return 1
  [[ "$banner" == "SSH-" ]]
}

# testhost_why_down <host>: prints why the host is not up (nothing, status 0, if it is up).
testhost_why_down() {
  local i
  if ! i="$(testhost_index "${1:-}")"; then
    printf '%s is not one of the test hosts (iotdb-<i> / %s.<10+i>)\n' "${1:-<empty>}" "$TESTHOSTS_NET_PREFIX"
    return 1
  fi
  local label addr
  label="$(testhost_label "$i")"
  addr="$(testhost_address "$i")"
  if ! testhost_netns_exists "$i"; then
    printf '%s: network namespace %s does not exist\n' "$label" "$(testhost_netns "$i")"; return 1
  fi
  if ! testhost_address_configured "$i"; then
    printf '%s: %s is not configured in netns %s\n' "$label" "$addr" "$(testhost_netns "$i")"; return 1
  fi
  if ! testhost_sshd_pid "$i" >/dev/null; then
    printf '%s: sshd is not running\n' "$label"; return 1
  fi
  if ! testhost_port_open "$addr"; then
    printf '%s: %s:%s does not answer with an SSH banner\n' "$label" "$addr" "$TESTHOSTS_SSH_PORT"; return 1
  fi
  return 0
}

# testhost_is_up <i | iotdb-i | address>: status 0 only for one of our hosts that is fully up.
testhost_is_up() { testhost_why_down "${1:-}" >/dev/null; }

# testhost_require_up <host>: like testhost_is_up but prints the reason to stderr.
testhost_require_up() {
  local why
  why="$(testhost_why_down "${1:-}")" && return 0
  printf 'test host not up: %s\n' "$why" >&2
  return 1
}

# testhost_ssh <host> [command...]: ssh to a test host, refusing if it is not up.
testhost_ssh() {
  local h="$1"; shift
  testhost_require_up "$h" || return 1
  local i
  i="$(testhost_index "$h")"
  ssh -F "$(testhosts_ssh_config)" -o BatchMode=yes -o ConnectTimeout=5 "$(testhost_label "$i")" -- "$@"
}

# testhosts_existing: indexes of the hosts that exist in some form (netns or state dir), ascending.
testhosts_existing() {
  {
    local f
    for f in /run/netns/iotdbda-* /etc/netns/iotdbda-*; do
      [[ -e "$f" ]] && { testhost_index "${f##*/}" || true; }
    done
    for f in "$TESTHOSTS_DIR"/iotdb-*/sshd_config; do
      [[ -e "$f" ]] && { testhost_index "$(basename "$(dirname "$f")")" || true; }
    done
  } 2>/dev/null | sort -n -u
  return 0
}
