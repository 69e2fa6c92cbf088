# shellcheck shell=bash
# `npm run verify`'s statements on a side's SQL node (lib/render/verifyScripts.ts): aggregation queries
# only, their result sets on stdout, each after a `--` line. The runner's exit code is the script's.
# Inputs: timeout_ms; stdin: root's password, then one statement a line
# shellcheck disable=SC2154

run_sql_batch "$timeout_ms"
