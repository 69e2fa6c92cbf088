#!/usr/bin/env bash
# A real Prometheus on this machine against a stack's pair (the `monitoring` block on), for the local demo.
#   install                  Debian's prometheus (and promtool), pinned; does nothing when that version is there
#   config STACK DIR         writes DIR/prometheus.yml, DIR/targets.json (the stack output scrapeTargets) and the
#                            alert rules (monitoring/iotdb-dual-active.rules.yml, or $RULES_FILE)
#   run STACK [DIR [PORT]]   config, then runs prometheus in the foreground on 127.0.0.1:PORT (9090), data in DIR
#                            (default $IOTDB_DA_STATE/prometheus-STACK)
# The scrape interval is 5 s (SCRAPE_INTERVAL, EVAL_INTERVAL to change): the reporters answer on each node's
# address, which this machine must reach (the test hosts are reachable at 10.213.7.1x). PULUMI_CWD: the
# directory of the Pulumi project when it is not this repository (the integration test's copy).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/pulumi-env.sh"
# shellcheck source=lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
cd "$REPO_ROOT"

# Debian 12's package: prometheus 2.42 and its promtool (rule tests, config checks).
PROMETHEUS_DEB_VERSION=${PROMETHEUS_DEB_VERSION:-2.42.0+ds-5+deb12u1}

die() { echo "prometheus.sh: $*" >&2; exit 1; }

install_prometheus() {
  local have
  have=$(dpkg-query -W -f='${Status} ${Version}' prometheus 2>/dev/null || true)
  [[ "$have" == "install ok installed $PROMETHEUS_DEB_VERSION" ]] && return 0
  [[ "$(id -u)" == 0 ]] || die "installing prometheus needs root (apt-get)"
  # apt_install starts no service: this script runs prometheus itself, when asked.
  local rc=0
  apt_install /tmp/iotdbda-prometheus-apt.log "prometheus=$PROMETHEUS_DEB_VERSION" || rc=$?
  ((rc == 0)) || { tail -n 20 /tmp/iotdbda-prometheus-apt.log >&2; die "apt-get install prometheus=$PROMETHEUS_DEB_VERSION failed (log: /tmp/iotdbda-prometheus-apt.log)"; }
  command -v promtool >/dev/null || die "promtool still missing after installing prometheus"
}

# write_config STACK DIR: prometheus.yml, targets.json and the rules, from the stack's output.
write_config() {
  local stack="$1" dir="$2" rules="${RULES_FILE:-$REPO_ROOT/monitoring/iotdb-dual-active.rules.yml}"
  [[ -f "$rules" ]] || die "no rules file at $rules"
  mkdir -p "$dir"
  local targets
  targets=$(bash "$REPO_ROOT/scripts/pulumi.sh" stack output scrapeTargets --json -s "$stack" ${PULUMI_CWD:+--cwd "$PULUMI_CWD"}) \
    || die "cannot read the output scrapeTargets of stack $stack (has it been deployed?)"
  [[ "$targets" == "["*"]" && "$targets" != "[]" ]] \
    || die "stack $stack has no scrape targets: set monitoring.prometheus to true (pulumi config set --path monitoring.prometheus true -s $stack) and run up"
  printf '%s\n' "$targets" >"$dir/targets.json.tmp" && mv "$dir/targets.json.tmp" "$dir/targets.json"
  cp "$rules" "$dir/rules.yml"
  cat >"$dir/prometheus.yml" <<EOF
# Written by scripts/prometheus.sh from the output scrapeTargets of stack $stack.
global:
  scrape_interval: ${SCRAPE_INTERVAL:-5s}
  evaluation_interval: ${EVAL_INTERVAL:-5s}
rule_files:
  - rules.yml
scrape_configs:
  - job_name: iotdb
    file_sd_configs:
      - files: [targets.json]
EOF
  promtool check config "$dir/prometheus.yml" >/dev/null || die "promtool refuses $dir/prometheus.yml"
}

action=${1:-}
case "$action" in
  install) install_prometheus ;;
  config)
    [[ $# -eq 3 ]] || die "usage: prometheus.sh config STACK DIR"
    install_prometheus
    write_config "$2" "$3"
    echo "$3/prometheus.yml" ;;
  run)
    [[ $# -ge 2 && $# -le 4 ]] || die "usage: prometheus.sh run STACK [DIR [PORT]]"
    stack="$2"; dir="${3:-$IOTDB_DA_STATE/prometheus-$stack}"; port="${4:-9090}"
    install_prometheus
    write_config "$stack" "$dir"
    echo "prometheus.sh: Prometheus on http://127.0.0.1:$port (targets: $dir/targets.json); Ctrl-C stops it" >&2
    exec prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
      --web.listen-address="127.0.0.1:$port" --log.level=warn ;;
  *) die "usage: prometheus.sh install | config STACK DIR | run STACK [DIR [PORT]]" ;;
esac
