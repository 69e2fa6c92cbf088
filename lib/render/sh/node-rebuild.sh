# shellcheck shell=bash
# rebuildNodeScript (lib/render/rebuildScript.ts): the explicit rebuild of a node (its `rebuild`
# value changed): stops its flusher and its roles, purges IoTDB's part of its data directory (only a
# directory this stack claimed), claims it again; the node then starts empty with its new
# configuration. Each part is a whole host script of its own, run by `bash -s` (no argv).
# Inputs: node_name data_dir stop_flusher_script stop_script purge_script claim_script
# shellcheck disable=SC2154

run_part() { bash -s <<<"$1"; }
run_part "$stop_flusher_script" >/dev/null || die "$node_name not rebuilt: its flusher did not stop"
run_part "$stop_script" >/dev/null || die "$node_name not rebuilt: its IoTDB did not stop (see above)"
purged=$(run_part "$purge_script") || die "$node_name not rebuilt: the purge of $data_dir failed (see above)"
case ${purged##*$'\n'} in
  purged | absent) ;;
  *) die "$node_name not rebuilt: $data_dir was not purged (${purged##*$'\n'}; see the warning above), and IoTDB would not start on its old data with the new configuration" ;;
esac
run_part "$claim_script" >/dev/null || die "$node_name not rebuilt: $data_dir could not be claimed again"
journal "rebuilt: $data_dir purged"
echo rebuilt
