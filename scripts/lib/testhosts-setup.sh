# shellcheck shell=bash disable=SC2174  # (mkdir -p -m: the mode is meant for the last dir)
# scripts/hosts.sh: what `up` and `down` check first (root, the state dir, the packages the hosts need), and
# the file helpers they share. Uses log/die of scripts/hosts.sh and the names of scripts/lib/testhosts.sh.
# shellcheck source=apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

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
  # Never let a package start a service (e.g. an sshd on the root namespace's 0.0.0.0:22): apt_install.
  apt_install /tmp/iotdbda-apt.log "${missing[@]}" \
    || { tail -n 20 /tmp/iotdbda-apt.log >&2; die "apt-get install ${missing[*]} failed (log: /tmp/iotdbda-apt.log)"; }
  for entry in "${REQUIRED[@]}"; do
    cmd="${entry%%:*}"
    if [[ "$cmd" == /* ]]; then [[ -x "$cmd" ]]; else command -v "$cmd" >/dev/null 2>&1; fi || die "still missing after install: $cmd"
  done
}

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
