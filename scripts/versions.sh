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
IOTDB_VERSION=2.0.10
IOTDB_SERVER_SHA1=7fbd8f7a9201a7be2bb8ef0f27116001a89f7aca
IOTDB_CONFIGNODE_SHA1=59090ccf0c8d05adb8249cb616989515f9a2f575
