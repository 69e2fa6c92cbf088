# shellcheck shell=bash
# Supervision of a role (lib/render/supervisorScripts.ts): the supervisor loop of sh/supervisor.sh, and
# what starts it at boot: a systemd unit where systemd runs the host, otherwise a line of /etc/rc.local.
# supervisor_start ROLE sets it up and starts it; supervisor_stop ROLE marks the role stopped on
# purpose, takes the boot hook away and ends the loop (the stop step calls it before stopping the
# role). supervision ROLE does the one `supervise` asks (1 or 0).
# Inputs: supervise sup_dir sup_text boot_file unit_dir systemd_marker
# shellcheck disable=SC2154

sup_script() { printf '%s/iotdb-supervisor.sh' "$sup_dir"; }
# The unit's name: the role and a digest of the supervisor directory (one per installDir and role).
sup_unit() { printf 'iotdb-dual-active-%s-%s.service' "$1" "$(printf '%s' "$sup_dir" | sha256sum | cut -c1-12)"; }
sup_tag() { printf '# iotdb-dual-active supervisor %s %s' "$sup_dir" "$1"; }
sup_systemd() { [[ -d $systemd_marker ]] && command -v systemctl >/dev/null 2>&1; }
# supervisor_pid ROLE: the pid of ROLE's supervisor loop (from its pid file, checked against its command line).
supervisor_pid() {
  local pid
  local -a argv
  pid=$(cat "$sup_dir/$1.pid" 2>/dev/null) || return 0
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  mapfile -d '' -t argv 2>/dev/null <"/proc/$pid/cmdline" || return 0
  if [[ " ${argv[*]} " == *" $(sup_script) run $1 "* ]]; then printf '%s' "$pid"; fi
  return 0
}
# boot_line_remove ROLE: takes ROLE's line out of the boot file.
boot_line_remove() {
  local tag tmp
  tag=$(sup_tag "$1")
  [[ -f $boot_file ]] && grep -qF -- "$tag" "$boot_file" || return 0
  tmp=$(mktemp "$boot_file.XXXXXX")
  grep -vF -- "$tag" "$boot_file" >"$tmp" || true
  chmod --reference="$boot_file" "$tmp"
  mv -f "$tmp" "$boot_file"
  log "$boot_file no longer starts the $1's supervisor"
}
# boot_line_add ROLE: ROLE's line in the boot file (before a last `exit 0`), the file executable.
boot_line_add() {
  local line tmp
  line="/bin/bash $(sup_script) start $1 $(sup_tag "$1")"
  if [[ -n ${JAVA_HOME:-} ]]; then line="JAVA_HOME=$JAVA_HOME $line"; fi
  if [[ -f $boot_file ]] && grep -qxF -- "$line" "$boot_file"; then return 0; fi
  boot_line_remove "$1"
  tmp=$(mktemp "$boot_file.XXXXXX")
  if [[ -f $boot_file ]]; then
    awk -v line="$line" '
      { a[NR] = $0 }
      END {
        last = NR; while (last > 0 && a[last] ~ /^[ \t]*$/) last--
        ends = last > 0 && a[last] ~ /^[ \t]*exit[ \t]+0[ \t]*$/
        for (i = 1; i <= NR; i++) { if (ends && i == last) print line; print a[i] }
        if (!ends) print line
      }' "$boot_file" >"$tmp"
    chmod --reference="$boot_file" "$tmp"
  else
    printf '#!/bin/sh\n# Run at boot (sysvinit, rc-local.service, the test hosts'"'"' init).\n%s\n' "$line" >"$tmp"
  fi
  chmod a+rx,go-w "$tmp"
  mv -f "$tmp" "$boot_file"
  log "$boot_file starts the $1's supervisor at boot"
}
unit_write() {
  local unit=$1 role=$2 file tmp
  file=$unit_dir/$unit
  tmp=$(mktemp "$file.XXXXXX")
  {
    printf '[Unit]\nDescription=Supervisor of the IoTDB %s in %s (iotdb-dual-active)\n' "$role" "$sup_dir"
    printf 'After=network-online.target\nWants=network-online.target\n\n[Service]\nType=simple\n'
    if [[ -n ${JAVA_HOME:-} ]]; then printf 'Environment=JAVA_HOME=%s\n' "$JAVA_HOME"; fi
    printf 'ExecStart=/bin/bash %s run %s\n' "$(sup_script)" "$role"
    # The loop ends on purpose with status 0 (stopped marker): restarted only when it fails. Stopping
    # the unit ends the loop, never IoTDB (KillMode=process): the stop step stops IoTDB itself.
    printf 'Restart=on-failure\nRestartSec=5\nKillMode=process\nLimitNOFILE=65536\n\n[Install]\nWantedBy=multi-user.target\n'
  } >"$tmp"
  chmod 0644 "$tmp"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv -f "$tmp" "$file"; systemctl daemon-reload; fi
}
# loop_procs ROLE: whether a process runs ROLE's loop (the loop, or a subshell of it finishing).
loop_procs() {
  local d
  local -a argv
  for d in /proc/[0-9]*; do
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    if [[ " ${argv[*]} " == *" $(sup_script) run $1 "* ]]; then return 0; fi
  done
  return 1
}
# loop_stop ROLE: TERM to ROLE's loop, waits until it and its subshells are gone (10 s).
loop_stop() {
  local pid
  pid=$(supervisor_pid "$1")
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 40); do
    loop_procs "$1" || return 0
    sleep 0.25
  done
  die "the $1's supervisor (pid $pid) did not stop"
}
supervisor_stop() {
  local role=$1 unit
  [[ -d $sup_dir ]] || return 0
  : >"$sup_dir/$role.stopped"
  unit=$(sup_unit "$role")
  if [[ -f $unit_dir/$unit ]]; then
    if sup_systemd; then systemctl disable --now "$unit" >/dev/null 2>&1 || warn "systemctl disable --now $unit failed"; fi
    rm -f "$unit_dir/$unit"
    if sup_systemd; then systemctl daemon-reload || true; fi
    log "unit $unit removed"
  fi
  boot_line_remove "$role"
  if [[ -n $(supervisor_pid "$role") ]]; then
    loop_stop "$role"
    log "the $role's supervisor stopped"
  fi
}
supervisor_start() {
  local role=$1 tmp unit pid
  mkdir -p "$sup_dir"
  chmod 0750 "$sup_dir"
  tmp=$(mktemp "$sup_dir/.iotdb-supervisor.XXXXXX")
  printf '%s\n' "$sup_text" >"$tmp"
  chmod 0750 "$tmp"
  # A new file (not rewritten in place): a loop running the old one reads on undisturbed.
  if cmp -s "$tmp" "$(sup_script)"; then rm -f "$tmp"; else mv -f "$tmp" "$(sup_script)"; fi
  rm -f "$sup_dir/$role.stopped"
  if sup_systemd; then
    unit=$(sup_unit "$role")
    unit_write "$unit" "$role"
    systemctl enable "$unit" >/dev/null 2>&1 || die "systemctl enable $unit failed"
    loop_stop "$role"
    systemctl restart "$unit" || die "systemctl restart $unit failed"
  else
    if [[ -w ${boot_file%/*} ]]; then boot_line_add "$role"
    else warn "$boot_file not writable: the $role's supervisor runs, but nothing starts it at boot"; fi
    loop_stop "$role"
    /bin/bash "$(sup_script)" start "$role"
  fi
  for _ in $(seq 40); do
    pid=$(supervisor_pid "$role")
    if [[ -n $pid ]]; then
      log "the $role is supervised (pid $pid, log $sup_dir/$role.log)"
      return 0
    fi
    sleep 0.25
  done
  die "the $role's supervisor did not start (see $sup_dir/$role.log)"
}
supervision() {
  if [[ $supervise == 1 ]]; then supervisor_start "$1"; else supervisor_stop "$1"; fi
}
