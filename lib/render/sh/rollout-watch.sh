# shellcheck shell=bash
# rolloutWatchScript (lib/render/rolloutScripts.ts): what the rollout gate watches on each of side A's
# machines, no password needed: one line, tab-separated: the number of lines of this machine's journal,
# the number of its last line that records a failed step (0: none), and that line.
# Inputs: journal_file
# shellcheck disable=SC2154

if [[ ! -f $journal_file ]]; then
  printf '0\t0\t\n'
  exit 0
fi
awk '/ failed \(exit [0-9]+\)$/ { f = NR; t = $0 } END { printf "%d\t%d\t%s\n", NR, f, t }' "$journal_file"
