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
#
# State: ${IOTDB_DA_HOSTS_DIR:-/var/lib/iotdb-dual-active/testhosts}. Connect with
#   ssh -F "$IOTDB_DA_HOSTS_DIR/ssh/ssh_config" iotdb-1
# See scripts/lib/testhosts.sh for the layout. Must run as root.

# shellcheck source-path=SCRIPTDIR disable=SC2174  # (mkdir -p -m: the mode is meant for the last dir)
set -euo pipefail
shopt -s inherit_errexit

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/testhosts.sh
source "$SCRIPT_DIR/lib/testhosts.sh"

log() { printf '[hosts] %s\n' "$*" >&2; }
die() { printf '[hosts] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------------------
# checks and packages

check_env() {
  [[ "$(id -u)" == 0 ]] || die "must run as root"
  [[ "$TESTHOSTS_DIR" == /* && "$TESTHOSTS_DIR" != "/" ]] || die "IOTDB_DA_HOSTS_DIR must be an absolute path other than /: '$TESTHOSTS_DIR'"
  [[ "$TESTHOSTS_DIR" != *[[:space:]]* ]] || die "IOTDB_DA_HOSTS_DIR must not contain whitespace: '$TESTHOSTS_DIR'"
  # The state dir must stay visible inside the hosts (sshd reads its config and keys there).
  local p
  for p in /tmp /opt /root /etc /var/lib/iotdb /proc /sys /dev /run; do
    [[ "$TESTHOSTS_DIR/" != "$p/"* ]] || die "IOTDB_DA_HOSTS_DIR must not be under $p (shadowed inside the hosts): '$TESTHOSTS_DIR'"
  done
}

# command -> Debian package
REQUIRED=(
  "/usr/sbin/sshd:openssh-server"
  "/usr/lib/openssh/sftp-server:openssh-sftp-server"
  "ssh:openssh-client"
  "ssh-keygen:openssh-client"
  "ip:iproute2"
  "unshare:util-linux"
  "nsenter:util-linux"
  "setsid:util-linux"
  "lsof:lsof"
  "unzip:unzip"
  "tar:tar"
  "gzip:gzip"
  "ps:procps"
  "pgrep:procps"
  "flock:util-linux"
  "timeout:coreutils"
  "shellcheck:shellcheck"
)

ensure_packages() {
  local missing=() entry cmd pkg
  for entry in "${REQUIRED[@]}"; do
    cmd="${entry%%:*}"; pkg="${entry#*:}"
    if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing missing packages: ${missing[*]}"
  # Never let a package start a service (e.g. an sshd on the root namespace's 0.0.0.0:22).
  local made_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/iotdbda-apt.log 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >>/tmp/iotdbda-apt.log 2>&1 || rc=$?
  fi
  [[ -z "$made_policy" ]] || rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || { tail -n 20 /tmp/iotdbda-apt.log >&2; die "apt-get install ${missing[*]} failed (log: /tmp/iotdbda-apt.log)"; }
  for entry in "${REQUIRED[@]}"; do
    cmd="${entry%%:*}"
    if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]]; else command -v "$cmd" >/dev/null 2>&1; fi || die "still missing after install: $cmd"
  done
}

# ---------------------------------------------------------------------------------------------------------
# helpers

# write_if_changed <file> <mode>: content from stdin; prints "changed" if it wrote.
write_if_changed() {
  local f="$1" mode="$2" tmp
  tmp="$(mktemp "$f.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f "$f" ]] && cmp -s "$tmp" "$f"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$f"
    echo changed
  fi
}

# remember paths outside the state dir that `up` created, so `down` removes them (only if still empty)
CREATED_LIST() { printf '%s/.created-paths\n' "$TESTHOSTS_DIR"; }
mkdir_remember() {
  local d="$1" mode="$2"
  [[ -d "$d" ]] && return 0
  mkdir -p -m "$mode" "$d"
  grep -qxF "$d" "$(CREATED_LIST)" 2>/dev/null || printf '%s\n' "$d" >>"$(CREATED_LIST)"
}

# ---------------------------------------------------------------------------------------------------------
# up

# The init of each host (PID 1 of its PID namespace): mounts the host's filesystem areas, runs sshd, reaps
# orphans (IoTDB daemonises with nohup), and on SIGTERM stops everything in the host.
write_init() {
  write_if_changed "$TESTHOSTS_DIR/init.sh" 755 >/dev/null <<'EOF'
#!/bin/bash
# PID 1 of a test host (written by scripts/hosts.sh). Args: <host dir> <netns name>
set -euo pipefail
hostdir="$1"; ns="$2"
fs="$hostdir/fs"
mount -t overlay "overlay-$ns" -o "lowerdir=/etc,upperdir=$hostdir/etc-overlay/upper,workdir=$hostdir/etc-overlay/work" /etc
mount --bind "$fs/opt" /opt
mount --bind "$fs/var-lib-iotdb" /var/lib/iotdb
mount --bind "$fs/tmp" /tmp
mount --bind "$fs/root" /root
hard="$(ulimit -Hn)"
if [[ "$hard" == unlimited ]] || ((hard >= 65536)); then ulimit -n 65536; else ulimit -n "$hard"; fi
cd /
set +e
stopping=""
shutdown_host() {
  stopping=1
  kill -TERM -1 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 -1 2>/dev/null || break # nothing left besides us (bash reaps the zombies while sleeping)
    sleep 0.1
  done
  exit 0
}
trap shutdown_host TERM INT HUP
# `wait` returns early on trapped signals; bash reaps every other (orphaned) child through SIGCHLD.
# If sshd dies it is started again (like a service manager would); the rest of the host keeps running.
while :; do
  /usr/sbin/sshd -D -f "$hostdir/sshd_config" -E "$hostdir/sshd.log" &
  sshd_pid=$!
  while :; do
    wait "$sshd_pid"
    rc=$?
    kill -0 "$sshd_pid" 2>/dev/null || break
  done
  [[ -n "$stopping" ]] && exit 0
  echo "$(date -Is) sshd exited with status $rc; restarting it in 1s" >&2
  sleep 1
done
EOF
}

ensure_client_key() {
  local d key
  d="$(testhosts_ssh_dir)"
  key="$(testhosts_ssh_key)"
  mkdir -p -m 700 "$d"
  chmod 700 "$d"
  if [[ ! -f "$key" ]]; then
    log "generating client key $key"
    ssh-keygen -q -t ed25519 -N '' -C "iotdb-dual-active-testhosts" -f "$key"
  fi
  chmod 600 "$key"
  chmod 644 "$key.pub"
}

ensure_bridge() {
  local b="$TESTHOSTS_BRIDGE"
  if ! ip link show dev "$b" >/dev/null 2>&1; then
    log "creating bridge $b ($TESTHOSTS_BRIDGE_ADDR/$TESTHOSTS_PREFIXLEN)"
    ip link add name "$b" type bridge
  fi
  ip -o -4 addr show dev "$b" | grep -qF " inet $TESTHOSTS_BRIDGE_ADDR/$TESTHOSTS_PREFIXLEN " ||
    ip addr add "$TESTHOSTS_BRIDGE_ADDR/$TESTHOSTS_PREFIXLEN" dev "$b"
  ip link set dev "$b" up
}

ensure_netns() {
  local i="$1" ns veth addr
  ns="$(testhost_netns "$i")"; veth="$(testhost_veth "$i")"; addr="$(testhost_address "$i")"
  if ! testhost_netns_exists "$i"; then
    log "$(testhost_label "$i"): creating netns $ns"
    ip netns add "$ns"
  fi
  ip -n "$ns" link set dev lo up
  if ! ip link show dev "$veth" >/dev/null 2>&1; then
    # a stale eth0 in the netns without its peer cannot exist (deleting one end deletes both)
    ip link add name "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set dev "$veth" master "$TESTHOSTS_BRIDGE"
  ip link set dev "$veth" up
  testhost_address_configured "$i" || ip -n "$ns" addr add "$addr/$TESTHOSTS_PREFIXLEN" dev eth0
  ip -n "$ns" link set dev eth0 up
}

ensure_host_files() {
  local i="$1" ns dir label addr
  ns="$(testhost_netns "$i")"; dir="$(testhost_dir "$i")"; label="$(testhost_label "$i")"; addr="$(testhost_address "$i")"
  mkdir -p -m 755 "$dir" "$dir/fs" "$dir/fs/opt" "$dir/fs/var-lib-iotdb"
  mkdir -p -m 1777 "$dir/fs/tmp"; chmod 1777 "$dir/fs/tmp"
  mkdir -p -m 700 "$dir/fs/root" "$dir/fs/root/.ssh"
  # The host's /etc is an overlay: root's /etc below, $dir/etc-overlay/upper above (reset by `down`).
  # /etc/netns/<ns>/hosts links to the upper hosts file, so `ip netns exec` from the root namespace sees
  # the same /etc/hosts as an SSH session on the host.
  mkdir -p -m 755 "$dir/etc-overlay" "$dir/etc-overlay/upper"
  mkdir -p -m 700 "$dir/etc-overlay/work"
  if [[ ! -f "$dir/etc-overlay/upper/hosts" ]]; then
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$dir/etc-overlay/upper/hosts"
    chmod 644 "$dir/etc-overlay/upper/hosts"
  fi
  mkdir_remember /etc/netns 755
  mkdir -p -m 755 "/etc/netns/$ns"
  [[ "$(readlink "/etc/netns/$ns/hosts" 2>/dev/null)" == "$dir/etc-overlay/upper/hosts" ]] ||
    ln -sfn "$dir/etc-overlay/upper/hosts" "/etc/netns/$ns/hosts"
  if [[ ! -f "$dir/ssh_host_ed25519_key" ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "$label" -f "$dir/ssh_host_ed25519_key"
  fi
  chmod 600 "$dir/ssh_host_ed25519_key"
  local changed
  changed="$(write_if_changed "$dir/sshd_config" 644 <<EOF
# sshd of test host $label (written by scripts/hosts.sh)
ListenAddress $addr:$TESTHOSTS_SSH_PORT
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile "$(testhosts_ssh_key).pub"
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
StrictModes no
PrintMotd no
X11Forwarding no
AllowTcpForwarding yes
MaxSessions 64
MaxStartups 64:30:200
ClientAliveInterval 30
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
)"
  /usr/sbin/sshd -t -f "$dir/sshd_config" || die "$label: sshd -t rejected $dir/sshd_config"
  [[ -z "$changed" ]] || echo changed
}

stop_host() {
  local i="$1" label pid n
  label="$(testhost_label "$i")"
  pid="$(testhost_init_pid "$i")" || pid=""
  if [[ -n "$pid" ]]; then
    log "$label: stopping (init pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((n = 0; n < 100; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    # killing PID 1 of a PID namespace kills everything in it
    if kill -0 "$pid" 2>/dev/null; then log "$label: init did not stop, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    for ((n = 0; n < 50; n++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    ! kill -0 "$pid" 2>/dev/null || die "$label: cannot stop init pid $pid"
  fi
  # anything else started in the netns from outside (ip netns exec ... &)
  if testhost_netns_exists "$i"; then
    local pids
    pids="$(ip netns pids "$(testhost_netns "$i")" 2>/dev/null || true)"
    if [[ -n "$pids" ]]; then
      log "$label: killing leftover processes in netns: ${pids//$'\n'/ }"
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$(testhost_dir "$i")/sshd.pid"
}

start_host() {
  local i="$1" label dir ns addr n
  label="$(testhost_label "$i")"; dir="$(testhost_dir "$i")"; ns="$(testhost_netns "$i")"; addr="$(testhost_address "$i")"
  log "$label: starting sshd on $addr:$TESTHOSTS_SSH_PORT"
  rm -f "$dir/sshd.pid"
  setsid ip netns exec "$ns" unshare --pid --fork --mount-proc --mount --propagation private \
    /bin/bash "$TESTHOSTS_DIR/init.sh" "$dir" "$ns" </dev/null >>"$dir/init.log" 2>&1 9>&- &
  for ((n = 0; n < 100; n++)); do
    testhost_is_up "$i" && return 0
    sleep 0.1
  done
  tail -n 20 "$dir/init.log" "$dir/sshd.log" >&2 2>/dev/null || true
  die "$(testhost_why_down "$i" || true)"
}

write_ssh_client_files() {
  local d i label addr key
  d="$(testhosts_ssh_dir)"; key="$(testhosts_ssh_key)"
  local hosts=()
  mapfile -t hosts < <(for f in "$TESTHOSTS_DIR"/iotdb-*/ssh_host_ed25519_key.pub; do [[ -e "$f" ]] && { testhost_index "$(basename "$(dirname "$f")")" || true; }; done | sort -n -u)
  {
    for i in "${hosts[@]}"; do
      label="$(testhost_label "$i")"; addr="$(testhost_address "$i")"
      printf '%s,%s %s\n' "$label" "$addr" "$(cut -d' ' -f1,2 "$(testhost_dir "$i")/ssh_host_ed25519_key.pub")"
    done
  } | write_if_changed "$d/known_hosts" 644 >/dev/null
  {
    printf '# ssh -F %s iotdb-<i>   (written by scripts/hosts.sh)\n' "$d/ssh_config"
    for i in "${hosts[@]}"; do
      printf 'Host %s\n  HostName %s\n  ProxyCommand none\n' "$(testhost_label "$i")" "$(testhost_address "$i")"
    done
    cat <<EOF
Host $TESTHOSTS_NET_PREFIX.*
  ProxyCommand none
# anything else (an unknown iotdb-N, a typo) fails here instead of being looked up in DNS
Host *
  ProxyCommand sh -c 'echo "%h is not a test host known to this ssh_config (scripts/hosts.sh up N)" >&2; exit 1'
Host *
  User root
  Port $TESTHOSTS_SSH_PORT
  IdentityFile $key
  IdentitiesOnly yes
  UserKnownHostsFile $d/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  CheckHostIP no
  BatchMode yes
  ConnectTimeout 5
  ServerAliveInterval 15
  LogLevel ERROR
EOF
  } | write_if_changed "$d/ssh_config" 644 >/dev/null
  # inside each host: root's own ~/.ssh with the same key, so host-to-host ssh works (ssh 10.213.7.12)
  for i in "${hosts[@]}"; do
    local rs
    rs="$(testhost_dir "$i")/fs/root/.ssh"
    mkdir -p -m 700 "$rs"
    write_if_changed "$rs/id_ed25519" 600 <"$key" >/dev/null
    write_if_changed "$rs/id_ed25519.pub" 644 <"$key.pub" >/dev/null
    write_if_changed "$rs/known_hosts" 644 <"$d/known_hosts" >/dev/null
    write_if_changed "$rs/config" 644 >/dev/null <<EOF
Host iotdb-* $TESTHOSTS_NET_PREFIX.*
  User root
  IdentityFile ~/.ssh/id_ed25519
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
EOF
  done
}

cmd_up() {
  local n="$1" i
  check_env
  ensure_packages
  [[ -d "$TESTHOSTS_DIR" ]] || log "creating state dir $TESTHOSTS_DIR"
  mkdir -p -m 755 "$TESTHOSTS_DIR"
  touch "$TESTHOSTS_DIR/.iotdbda-testhosts"
  ensure_client_key
  write_init
  mkdir_remember /var/lib/iotdb 755 # mount point only; each host binds its own dir over it
  mkdir_remember /run/sshd 755      # sshd privilege separation dir (empty, shared by the hosts)
  ensure_bridge
  local restart=()
  for ((i = 1; i <= n; i++)); do
    ensure_netns "$i"
    local changed
    changed="$(ensure_host_files "$i")"
    [[ -z "$changed" ]] || restart+=("$i")
  done
  write_ssh_client_files
  for ((i = 1; i <= n; i++)); do
    if testhost_init_pid "$i" >/dev/null; then
      if [[ " ${restart[*]-} " == *" $i "* ]]; then
        log "$(testhost_label "$i"): sshd_config changed, restarting"
      elif testhost_is_up "$i"; then
        continue
      else
        log "running but not healthy: $(testhost_why_down "$i" || true); restarting"
      fi
      stop_host "$i"
    fi
    start_host "$i"
  done
  # end-to-end: a real login on every host
  for ((i = 1; i <= n; i++)); do
    testhost_ssh "$i" true || die "$(testhost_label "$i"): ssh login failed"
  done
  log "up: hosts 1..$n ready (ssh -F $(testhosts_ssh_config) iotdb-1)"
}

# ---------------------------------------------------------------------------------------------------------
# down

cmd_down() {
  local purge="$1" i ns
  check_env
  local hosts=()
  mapfile -t hosts < <(testhosts_existing)
  for i in "${hosts[@]}"; do
    ns="$(testhost_netns "$i")"
    stop_host "$i"
    if ip link show dev "$(testhost_veth "$i")" >/dev/null 2>&1; then ip link del dev "$(testhost_veth "$i")"; fi
    if testhost_netns_exists "$i"; then log "$(testhost_label "$i"): removing netns $ns"; ip netns del "$ns"; fi
    rm -rf -- "/etc/netns/$ns" "$(testhost_dir "$i")/etc-overlay"
  done
  if ip link show dev "$TESTHOSTS_BRIDGE" >/dev/null 2>&1; then log "removing bridge $TESTHOSTS_BRIDGE"; ip link del dev "$TESTHOSTS_BRIDGE"; fi
  # /run/netns is made a (shared) mount point by `ip netns add`; undo it when no namespace is left at all
  if [[ -d /run/netns ]] && [[ -z "$(ls -A /run/netns)" ]]; then
    if mountpoint -q /run/netns; then umount /run/netns; fi
    rmdir /run/netns 2>/dev/null || true
  fi
  # paths outside the state dir that up created: remove them if empty
  if [[ -f "$(CREATED_LIST)" ]]; then
    local d
    while IFS= read -r d; do
      [[ -n "$d" && -d "$d" ]] || continue
      if mountpoint -q "$d"; then log "not removing $d: it is a mount point"; continue; fi
      rmdir -- "$d" 2>/dev/null || log "not removing $d: not empty"
    done < <(tac "$(CREATED_LIST)")
    rm -f "$(CREATED_LIST)"
  fi
  rm -f "$TESTHOSTS_DIR"/iotdb-*/sshd.pid 2>/dev/null || true
  if [[ -n "$purge" && -d "$TESTHOSTS_DIR" ]]; then
    [[ -f "$TESTHOSTS_DIR/.iotdbda-testhosts" ]] || die "refusing to purge $TESTHOSTS_DIR: no .iotdbda-testhosts marker"
    log "purging $TESTHOSTS_DIR"
    rm -rf -- "$TESTHOSTS_DIR"
  fi
  log "down: done${purge:+ (purged)}"
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
