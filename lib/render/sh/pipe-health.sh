# shellcheck shell=bash
# pipe_rows and pipe_health (lib/render/sqlScripts.ts pipeHealthFunctions): what a pipe is doing,
# judged from SHOW PIPES sampled health_samples times health_gap seconds apart. Needs sql.sh, admin_pw.
# Inputs: pipe_ids (the pipe, then its auto-split halves) show_pipes_sql health_samples health_gap
# trickle_events (the canary's backlog in a healthy pipe: not falling at or under it is no stall)
# shellcheck disable=SC2154

# pipe_rows: ID, State, RemainingEventCount, EstimatedRemainingSeconds, ExceptionMessage of the pipe (and its halves)
pipe_rows() {
  run_sql "$admin_pw" "$show_pipes_sql" | awk -F'\t' -v a="${pipe_ids[0]}" -v b="${pipe_ids[1]}" -v c="${pipe_ids[2]}" '
    NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    $h["ID"] == a || $h["ID"] == b || $h["ID"] == c { print $h["ID"] "\t" $h["State"] "\t" $h["RemainingEventCount"] "\t" $h["EstimatedRemainingSeconds"] "\t" $h["ExceptionMessage"] }'
}
pipe_health() {
  local k rows states remaining first=-1 prev=-1 falling=0 sentinel=0 exc=
  for (( k = 0; k < health_samples; k++ )); do
    (( k == 0 )) || sleep "$health_gap"
    rows=$(pipe_rows)
    if [ -z "$rows" ]; then echo missing; return 0; fi
    states=$(cut -f2 <<<"$rows" | sort -u)
    if [ "$states" != RUNNING ]; then echo "not running: $(printf '%s' "$states" | tr '\n' ' ')"; return 0; fi
    remaining=$(cut -f3 <<<"$rows" | awk '{ s += $1 } END { printf "%d", s }')
    if (( remaining == 0 )); then echo ok; return 0; fi
    if awk -F'\t' '$4 + 0 >= 31536000 { f = 1 } END { exit !f }' <<<"$rows"; then sentinel=1; fi
    exc=$(cut -f5 <<<"$rows" | awk 'length($0) > 0 { print; exit }')
    if (( first < 0 )); then first=$remaining; fi
    if (( prev >= 0 && remaining < prev )); then falling=1; fi
    prev=$remaining
  done
  if (( falling || prev <= trickle_events )); then echo ok; return 0; fi
  printf 'stalled: RemainingEventCount %s then %s over %ss, never falling' "$first" "$prev" "$(( (health_samples - 1) * health_gap ))"
  if (( sentinel )); then printf '; EstimatedRemainingSeconds at the one-year sentinel'; fi
  if [ -n "$exc" ]; then printf '; ExceptionMessage: %s' "${exc:0:300}"; fi
  printf '\n'
}
