#!/usr/bin/env bash
# `npm test`: installs what is missing (npm run setup, Debian's prometheus), starts the two local test hosts, then runs the
# unit tests and the integration tests (real Pulumi engine, real IoTDB, real SSH) in one mocha run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
bash scripts/setup.sh
bash scripts/hosts.sh up 2
bash scripts/prometheus.sh install   # promtool for the rule tests, prometheus for test/integration/monitoring.test.ts
exec node_modules/.bin/mocha --reporter test/support/reporter.js "$@" 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts'
