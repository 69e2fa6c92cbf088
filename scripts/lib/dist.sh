# shellcheck shell=bash
# What scripts/iotdb-dist.sh and scripts/host-tools-dist.sh share: strict mode, the pinned versions,
# the cache, log/die prefixed with DIST_TAG (set before sourcing), and the deterministic archive with
# its .sha256 and .inputs (the warm path, the pack).
set -euo pipefail
umask 022
export LC_ALL=C

: "${DIST_TAG:?set DIST_TAG before sourcing scripts/lib/dist.sh}"
dist_lib=${BASH_SOURCE[0]}
script_dir=$(cd "$(dirname "$dist_lib")/.." && pwd -P)
# shellcheck disable=SC2034 # repo_dir, out_dir: for the scripts that source this file
repo_dir=$(cd "$script_dir/.." && pwd -P)
# shellcheck source=../versions.sh
source "$script_dir/versions.sh"

log() { printf '%s: %s\n' "$DIST_TAG" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$DIST_TAG" "$*" >&2; exit 1; }

: "${IOTDB_VERSION:?IOTDB_VERSION not set by versions.sh}"
# The version to build: the sourcing script's argument (`source dist.sh "$@"`), else IOTDB_VERSION;
# its zips' SHA1s from IOTDB_DISTRIBUTIONS.
(($# <= 1)) || die "usage: $(basename "$0") [IoTDB version]"
IOTDB_VERSION=${1:-$IOTDB_VERSION}
IOTDB_SERVER_SHA1='' IOTDB_CONFIGNODE_SHA1=''
for dist_entry in "${IOTDB_DISTRIBUTIONS[@]}"; do
  read -r dist_v dist_server dist_confignode <<<"$dist_entry"
  if [[ $dist_v == "$IOTDB_VERSION" ]]; then
    # shellcheck disable=SC2034 # read by scripts/iotdb-dist.sh
    IOTDB_SERVER_SHA1=$dist_server IOTDB_CONFIGNODE_SHA1=$dist_confignode
  fi
done
unset dist_entry dist_v dist_server dist_confignode
[[ -n $IOTDB_SERVER_SHA1 ]] || die "IoTDB $IOTDB_VERSION is not in IOTDB_DISTRIBUTIONS (scripts/versions.sh): $(printf '%s\n' "${IOTDB_DISTRIBUTIONS[@]}" | awk '{print $1}' | paste -sd, -)"
# Fixed timestamp of every archive entry (2000-01-01T00:00:00Z).
TAR_MTIME=@946684800
cache=${IOTDB_DA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iotdb-dual-active}
# shellcheck disable=SC2034
out_dir=$cache/iotdb/$IOTDB_VERSION

javac_version() { javac -version 2>&1 | head -n1; }

# dist_current FILE INPUTS: FILE is there with its .sha256 and .inputs, was built from INPUTS and
# matches its .sha256 (then it prints FILE, as the scripts' last line); status 1 otherwise.
dist_current() {
  local file=$1 inputs=$2 dir
  dir=$(dirname "$file")
  if [[ ! -f $file || ! -f $file.sha256 || ! -f $file.inputs ]] || [[ $(cat "$file.inputs") != "$inputs" ]]; then return 1; fi
  if (cd "$dir" && sha256sum --status -c "$(basename "$file").sha256"); then
    log "up to date: $file"
    printf '%s\n' "$file"
    return 0
  fi
  log "$file does not match its .sha256: rebuilding"
  return 1
}

# dist_pack PARENT TOP FILE INPUTS GZIP_LEVEL: packs PARENT/TOP deterministically (sorted names, fixed
# mtime, owner 0, gzip without name/time) as FILE, with FILE.sha256 and FILE.inputs, checked; prints FILE.
dist_pack() {
  local parent=$1 top=$2 file=$3 inputs=$4 level=$5 dir part
  dir=$(dirname "$file")
  part=$(mktemp "$dir/.$(basename "$file").XXXXXX")
  chmod -R go-w,a+rX "$parent/$top"
  tar --sort=name --mtime="$TAR_MTIME" --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$parent" -cf - "$top" | gzip -n "-$level" >"$part" || { rm -f "$part"; die "tar failed"; }
  chmod 0644 "$part"
  sha256sum <"$part" | awk -v n="$(basename "$file")" '{print $1 "  " n}' >"$part.sha256"
  mv -f "$part" "$file"
  mv -f "$part.sha256" "$file.sha256"
  printf '%s\n' "$inputs" >"$file.inputs"
  (cd "$dir" && sha256sum --status -c "$(basename "$file").sha256") || die "written $file does not match its .sha256"
  log "built $file ($(du -h "$file" | awk '{print $1}'), sha256 $(awk '{print $1}' "$file.sha256"))"
  printf '%s\n' "$file"
}
