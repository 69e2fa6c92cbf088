# Pinned versions: the one place they are set. Sourced by every script.
# shellcheck shell=bash disable=SC2034 # constants read by the scripts that source this file
# Pulumi CLI (built from toolchain/go/pulumi-cli, whose go.mod pins the same version).
# 3.259.0 is the newest pkg/v3 the Go module proxy here serves (3.249 and 3.260+ answer 403), and the
# first pinned one whose logger redacts secret values at every verbosity (3.248 printed them at -v=9).
PULUMI_VERSION=3.259.0
# The oldest official Pulumi CLI the scripts use as it is when it is on PATH (with its own
# pulumi-language-nodejs beside it, as every release ships it): the pinned build's version, the first
# whose logger redacts secrets at every verbosity. Older, or none: the pinned build above.
PULUMI_MIN_VERSION=3.259.0
# The Node.js SDK (package.json) stays at 3.248.0: 3.249+ needs Node 22, the machines here have 20.
PULUMI_NODEJS_SDK_VERSION=3.248.0
# pulumi-language-nodejs has had its own Go module since sdk v3.69; the Go module proxy here refuses every
# version of that module (403), so the host is built from sdk/v3 v3.68.0, the last release that carries it.
PULUMI_LANGUAGE_NODEJS_SDK_VERSION=3.68.0
# Node.js: @pulumi/pulumi 3.248.0 runs on Node >= 20.
NODE_MAJOR_REQUIRED=20

# Apache IoTDB from Maven Central: the DataNode and ConfigNode module zips (the all-bin assembly is not there).
# The version the project installs and tests (lib/config/defaults.ts says the same).
IOTDB_VERSION=2.0.10
# Every version scripts/iotdb-dist.sh can build (its argument; none: IOTDB_VERSION), one a line:
# "<version> <SHA1 of iotdb-server-<version>.zip> <SHA1 of iotdb-confignode-<version>.zip>".
# 2.0.1-beta: the only other release of the 2.0 line whose ConfigNode zip Maven Central serves
# (checked 2026-12-02; 2.0.2 and 1.3.3 have none), built to study an in-place upgrade to 2.0.10
# (docs/runbook.md, "Upgrade IoTDB"); the pair itself is not supported on it.
IOTDB_DISTRIBUTIONS=(
  "2.0.10 7fbd8f7a9201a7be2bb8ef0f27116001a89f7aca 59090ccf0c8d05adb8249cb616989515f9a2f575"
  "2.0.1-beta ca4305e57dccaa8b91c4d426115908ae0bed83ac 8cd72376076767315815dc2d941790a5ed13ee19"
)
