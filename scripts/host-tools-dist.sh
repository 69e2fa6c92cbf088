#!/usr/bin/env bash
# Builds the project's host tools archive: the SQL runner and the flusher (host-tools/IotdbSql.java,
# IotdbFlusher.java and their wrappers iotdb-sql, iotdb-flusher), compiled against the lib/ of the
# IoTDB tarball scripts/iotdb-dist.sh built, packed as one folder iotdb-sql/ in a deterministic
# tarball plus its .sha256 (scripts/lib/dist.sh). Every machine gets it beside the IoTDB
# distribution, whichever that is (Apache's release has no such tools), installed as
# <home>/tools/iotdb-sql/ (lib/render/hostToolsScript.ts).
#
# Usage: scripts/host-tools-dist.sh [version] (as scripts/iotdb-dist.sh, whose tarball of that version it needs).
# Output: $CACHE/iotdb/<v>/iotdb-dual-active-host-tools-<v>.tar.gz and .sha256 (CACHE as in
# scripts/iotdb-dist.sh); the path is the last line on stdout, progress goes to stderr.
# Idempotent: when the archive exists, matches its .sha256 and was built from the same inputs, nothing
# is done.
DIST_TAG=host-tools-dist
# shellcheck source=lib/dist.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dist.sh" "$@"

name=apache-iotdb-$IOTDB_VERSION
dist=$out_dir/$name-bin.tar.gz
archive=$out_dir/iotdb-dual-active-host-tools-$IOTDB_VERSION.tar.gz
sources=("$repo_dir/host-tools/IotdbSql.java" "$repo_dir/host-tools/IotdbFlusher.java")
wrappers=("$repo_dir/host-tools/iotdb-sql" "$repo_dir/host-tools/iotdb-flusher")

for tool in sha256sum tar gzip flock javac; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done
for f in "${sources[@]}" "${wrappers[@]}"; do [[ -f $f ]] || die "missing $f"; done
[[ -f $dist && -f $dist.sha256 ]] || die "the IoTDB tarball is not at $dist: run scripts/iotdb-dist.sh first"

mkdir -p "$out_dir"
exec 9>"$cache/.host-tools-dist.lock"
flock -w 600 9 || die "timed out waiting for the lock $cache/.host-tools-dist.lock"

# Everything the archive is built from; a change in any of them means a rebuild.
want_inputs=$({
  printf 'dist=%s\njavac=%s\nmtime=%s\n' "$(awk '{print $1}' "$dist.sha256")" "$(javac_version)" "$TAR_MTIME"
  sha256sum "${sources[@]}" "${wrappers[@]}" "${BASH_SOURCE[0]}" "$dist_lib" | awk '{print $1}'
} | sha256sum | awk '{print $1}')
dist_current "$archive" "$want_inputs" && exit 0

tmp=$(mktemp -d "$cache/.host-tools.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The classpath: the IoTDB tarball's lib/ (the Session API the tools use).
tar -xzf "$dist" -C "$tmp" "$name/lib" || die "cannot extract $name/lib from $dist"
tool_dir=$tmp/stage/iotdb-sql
mkdir -p "$tool_dir"
log "compiling host-tools/IotdbSql.java and IotdbFlusher.java ($(javac_version))"
javac --release 11 -encoding UTF-8 -nowarn -cp "$tmp/$name/lib/*" -d "$tool_dir" "${sources[@]}" \
  || die "javac failed on host-tools/IotdbSql.java or IotdbFlusher.java"
for class in IotdbSql IotdbFlusher; do
  [[ -f $tool_dir/$class.class ]] || die "javac produced no $class.class"
done
for w in "${wrappers[@]}"; do install -m 0755 "$w" "$tool_dir/$(basename "$w")"; done
dist_pack "$tmp/stage" iotdb-sql "$archive" "$want_inputs" 9
