#!/bin/bash
# PID 1 of a test host (copied to the state dir by scripts/hosts.sh up). Args: <host dir> <netns name>
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
# What a host without systemd runs at boot: /etc/rc.local (this host's own, /etc is its overlay), as
# sysvinit and systemd's rc-local.service do; the project's node supervisors put their line there
# (lib/render/supervisorScripts.ts). In the background: a slow line does not hold sshd back.
if [[ -x /etc/rc.local ]]; then
  (
    echo "$(date -Is) running /etc/rc.local"
    /etc/rc.local </dev/null
    echo "$(date -Is) /etc/rc.local exited with status $?"
  ) >>"$hostdir/rc.local.log" 2>&1 &
fi
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
