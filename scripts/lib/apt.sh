# shellcheck shell=bash
# apt_install LOG PACKAGE...: Debian packages (PACKAGE may pin a version: name=version), installed without
# starting any service they ship (a policy-rc.d refusing every start, while none is there already). On
# a failure, apt-get update and one more try. apt's output goes to LOG; returns apt's status.
apt_install() {
  local log="$1"; shift
  local made_policy="" rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    echo "apt-get install $* failed; running apt-get update and retrying" >&2
    { apt-get update -q && apt-get install -y -q --no-install-recommends "$@"; } >>"$log" 2>&1 || rc=$?
  fi
  [[ -z "$made_policy" ]] || rm -f /usr/sbin/policy-rc.d
  return "$rc"
}
