# shellcheck shell=bash disable=SC2174  # (mkdir -p -m: the mode is meant for the last dir)
# scripts/hosts.sh up and down: the bridge, each host's network namespace, and its init started and stopped.
# The files they need are written by scripts/lib/testhosts-files.sh.

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

# close_inherited_fds: closes every fd above 2 of this (sub)shell, so that a daemon it goes on to start
# holds no lock or pipe of its caller (`flock LOCK bash scripts/hosts.sh up` would stay locked while the
# hosts run, and a caller reading our output would never see its end).
close_inherited_fds() {
  local path fd
  for path in /proc/"$BASHPID"/fd/*; do
    fd="${path##*/}"
    if ((fd > 2)) && [[ -L "$path" ]]; then exec {fd}>&-; fi
  done
}

start_host() {
  local i="$1" label dir ns addr n
  label="$(testhost_label "$i")"; dir="$(testhost_dir "$i")"; ns="$(testhost_netns "$i")"; addr="$(testhost_address "$i")"
  log "$label: starting sshd on $addr:$TESTHOSTS_SSH_PORT"
  rm -f "$dir/sshd.pid"
  (
    close_inherited_fds
    exec setsid ip netns exec "$ns" unshare --pid --fork --mount-proc --mount --propagation private \
      /bin/bash "$TESTHOSTS_DIR/init.sh" "$dir" "$ns" </dev/null >>"$dir/init.log" 2>&1
  ) &
  for ((n = 0; n < 100; n++)); do
    testhost_is_up "$i" && return 0
    sleep 0.1
  done
  tail -n 20 "$dir/init.log" "$dir/sshd.log" >&2 2>/dev/null || true
  die "$(testhost_why_down "$i" || true)"
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
