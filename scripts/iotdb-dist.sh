#!/usr/bin/env bash
# Builds the Apache IoTDB distribution tarball this project uploads to its hosts.
#
# Maven Central has no all-bin assembly of IoTDB 2.0.x, only the DataNode zip (iotdb-server) and the
# ConfigNode zip (iotdb-confignode), both without a top folder. This script fetches both with mvn,
# checks them against the SHA1s pinned in scripts/versions.sh, merges them into
# apache-iotdb-<v>/ (files present in both must be identical), compiles the SQL runner
# (host-tools/IotdbSql.java, see host-tools/iotdb-sql) into tools/iotdb-sql/ and packs a
# deterministic tarball (sorted names, fixed mtime, owner 0, gzip without name/time) plus its .sha256.
#
# Usage: scripts/iotdb-dist.sh [version]: a version of IOTDB_DISTRIBUTIONS (scripts/versions.sh), by
# default IOTDB_VERSION.
# Output: $CACHE/iotdb/<v>/apache-iotdb-<v>-bin.tar.gz and .sha256, where
#   CACHE=${IOTDB_DA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iotdb-dual-active}
# The tarball path is the last line on stdout; progress goes to stderr.
# Idempotent: when the tarball exists, matches its .sha256 and was built from the same inputs, nothing
# is done.
DIST_TAG=iotdb-dist
# shellcheck source=lib/dist.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dist.sh" "$@"

: "${IOTDB_SERVER_SHA1:?IOTDB_SERVER_SHA1 not set by versions.sh}"
: "${IOTDB_CONFIGNODE_SHA1:?IOTDB_CONFIGNODE_SHA1 not set by versions.sh}"

# The plugin version is pinned so that the download does not depend on plugin metadata of the day.
MVN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:2.8
downloads=$cache/downloads
name=apache-iotdb-$IOTDB_VERSION
tarball=$out_dir/$name-bin.tar.gz

sql_src=$repo_dir/host-tools/IotdbSql.java
sql_wrapper=$repo_dir/host-tools/iotdb-sql
flusher_src=$repo_dir/host-tools/IotdbFlusher.java
flusher_wrapper=$repo_dir/host-tools/iotdb-flusher

for tool in sha1sum sha256sum unzip tar gzip cmp flock javac; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
done
for f in "$sql_src" "$sql_wrapper" "$flusher_src" "$flusher_wrapper"; do
  [[ -f $f ]] || die "missing $f"
done

mkdir -p "$downloads" "$out_dir"
# One build at a time per cache.
exec 9>"$cache/.iotdb-dist.lock"
flock -w 900 9 || die "timed out waiting for the lock $cache/.iotdb-dist.lock"

# Everything the tarball is built from; a change in any of them means a rebuild.
inputs_digest() {
  {
    printf 'version=%s\nserver=%s\nconfignode=%s\n' "$IOTDB_VERSION" "$IOTDB_SERVER_SHA1" "$IOTDB_CONFIGNODE_SHA1"
    printf 'javac=%s\nmtime=%s\n' "$(javac_version)" "$TAR_MTIME"
    sha256sum "$sql_src" "$sql_wrapper" "$flusher_src" "$flusher_wrapper" "${BASH_SOURCE[0]}" "$dist_lib" | awk '{print $1}'
  } | sha256sum | awk '{print $1}'
}

want_inputs=$(inputs_digest)

# --- warm path -------------------------------------------------------------------------------------
dist_current "$tarball" "$want_inputs" && exit 0

# --- fetch -----------------------------------------------------------------------------------------
sha1_of() { sha1sum "$1" | awk '{print $1}'; }

# fetch_zip <artifactId> <sha1>: leaves $downloads/<artifactId>-<v>.zip with the pinned SHA1.
fetch_zip() {
  local artifact=$1 want=$2
  local file=$downloads/$artifact-$IOTDB_VERSION.zip
  if [[ -f $file ]]; then
    if [[ $(sha1_of "$file") == "$want" ]]; then
      log "present and verified: $file"
      return 0
    fi
    log "$file does not have the pinned SHA1: deleting and fetching again"
    rm -f "$file"
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed to fetch $artifact $IOTDB_VERSION)"
  log "fetching org.apache.iotdb:$artifact:$IOTDB_VERSION:zip with mvn"
  local mvn_log
  mvn_log=$(mktemp)
  # Run outside any project so no pom.xml around is picked up.
  if ! (cd "$downloads" && mvn -B -ntp -q -C "$MVN_DEPENDENCY_PLUGIN:copy" \
      "-Dartifact=org.apache.iotdb:$artifact:$IOTDB_VERSION:zip" \
      "-DoutputDirectory=$downloads" -Dtransitive=false -Dmdep.overWriteReleases=true) >"$mvn_log" 2>&1; then
    cat "$mvn_log" >&2
    rm -f "$mvn_log"
    die "mvn could not fetch org.apache.iotdb:$artifact:$IOTDB_VERSION:zip"
  fi
  rm -f "$mvn_log"
  [[ -f $file ]] || die "mvn reported success but $file is missing"
  local got
  got=$(sha1_of "$file")
  if [[ $got != "$want" ]]; then
    rm -f "$file"
    die "SHA1 mismatch for $artifact-$IOTDB_VERSION.zip: got $got, scripts/versions.sh pins $want (file deleted)"
  fi
  log "fetched and verified: $file"
}

fetch_zip iotdb-server "$IOTDB_SERVER_SHA1"
fetch_zip iotdb-confignode "$IOTDB_CONFIGNODE_SHA1"

# --- assemble --------------------------------------------------------------------------------------
tmp=$(mktemp -d "$cache/.dist.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log "assembling $name/"
mkdir -p "$tmp/server" "$tmp/confignode"
unzip -q "$downloads/iotdb-server-$IOTDB_VERSION.zip" -d "$tmp/server" || die "cannot unzip iotdb-server"
unzip -q "$downloads/iotdb-confignode-$IOTDB_VERSION.zip" -d "$tmp/confignode" || die "cannot unzip iotdb-confignode"
for part in server confignode; do
  [[ -x $tmp/$part/sbin/start-${part/server/datanode}.sh ]] || die "$part zip has no sbin/start-${part/server/datanode}.sh"
done
[[ -f $tmp/server/lib/iotdb-session-$IOTDB_VERSION.jar ]] || die "server zip has no lib/iotdb-session-$IOTDB_VERSION.jar"

# Files present in both zips must be identical.
shared=0
while IFS= read -r -d '' rel; do
  if [[ -e $tmp/server/$rel || -L $tmp/server/$rel ]]; then
    [[ -f $tmp/server/$rel ]] || die "conflict: $rel is a file in iotdb-confignode but not in iotdb-server"
    cmp -s "$tmp/confignode/$rel" "$tmp/server/$rel" \
      || die "conflict: $rel differs between iotdb-server and iotdb-confignode"
    shared=$((shared + 1))
  fi
done < <(cd "$tmp/confignode" && find . -type f -print0)
log "$shared files present in both zips, all identical"

stage=$tmp/stage/$name
mkdir -p "$stage"
cp -a "$tmp/server/." "$stage/"
cp -a -n "$tmp/confignode/." "$stage/"
rm -rf "$tmp/server" "$tmp/confignode"
[[ -x $stage/sbin/start-confignode.sh && -x $stage/sbin/start-datanode.sh ]] || die "merged tree lacks a start script"

# --- SQL runner and flusher -----------------------------------------------------------------------
log "compiling host-tools/IotdbSql.java and IotdbFlusher.java ($(javac_version))"
tool_dir=$stage/tools/iotdb-sql
mkdir -p "$tool_dir"
javac --release 11 -encoding UTF-8 -nowarn -cp "$stage/lib/*" -d "$tool_dir" "$sql_src" "$flusher_src" \
  || die "javac failed on host-tools/IotdbSql.java or IotdbFlusher.java"
for class in IotdbSql IotdbFlusher; do
  [[ -f $tool_dir/$class.class ]] || die "javac produced no $class.class"
done
install -m 0755 "$sql_wrapper" "$tool_dir/iotdb-sql"
install -m 0755 "$flusher_wrapper" "$tool_dir/iotdb-flusher"

# --- pack ------------------------------------------------------------------------------------------
log "packing $(basename "$tarball")"
dist_pack "$tmp/stage" "$name" "$tarball" "$want_inputs" 6
