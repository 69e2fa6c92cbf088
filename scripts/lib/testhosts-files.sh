# shellcheck shell=bash disable=SC2174  # (mkdir -p -m: the mode is meant for the last dir)
# scripts/hosts.sh up: the files of the test hosts in the state dir (each host's init, sshd config and keys,
# the ssh client config and known_hosts) and the parts of /etc each host sees as its own.

# The init of each host (PID 1 of its PID namespace): mounts the host's filesystem areas, runs sshd, reaps
# orphans (IoTDB daemonises with nohup), and on SIGTERM stops everything in the host.
write_init() {
  write_if_changed "$TESTHOSTS_DIR/init.sh" 755 <"$(dirname "${BASH_SOURCE[0]}")/testhost-init.sh" >/dev/null
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
