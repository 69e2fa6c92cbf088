# shellcheck shell=bash
# Helpers of the data directory's scripts (lib/render/dataDirScripts.ts).
# Inputs: data_dir marker want system_exact system_trees
# shellcheck disable=SC2154

# system_dir PATH: whether PATH is a directory of the operating system (SYSTEM_DIRECTORIES, lib/layout.ts).
system_dir() {
  local d
  for d in "${system_exact[@]}"; do
    if [[ $1 == "$d" ]]; then return 0; fi
  done
  for d in "${system_trees[@]}"; do
    if [[ $1 == "$d" || $1 == "$d"/* ]]; then return 0; fi
  done
  return 1
}
# marker_ok: whether the marker is a regular file holding exactly $want and a newline.
marker_ok() {
  local got
  [[ -f $marker && ! -L $marker ]] || return 1
  got=$(cat -- "$marker" && printf x) || return 1
  [[ $got == "$want"$'\n'x ]]
}
shopt -s nullglob dotglob
