/**
 * The data directory's own scripts: claiming it for this stack when the node is first made, and
 * purging IoTDB's part of it when the node is destroyed with purgeDataOnDestroy. Pure: each returns
 * the text of a bash script, run on the machine as `bash -c <script>` by the node's `-data` resource.
 *
 * - claim ({@link claimDataDirScript}): writes {@link DATA_DIR_MARKER} (the owner `<project>/<stack>`,
 *   the node's hostname and the directory) into a data directory that is new or empty; one that
 *   already carries exactly that marker is this stack's. One that holds anything else, or another
 *   marker, is left unclaimed, with a warning: this stack will never purge it.
 * - purge ({@link purgeDataDirScript}): only where the marker is as written, and while no IoTDB
 *   process uses the directory, removes IoTDB's subdirectories ({@link IOTDB_DATA_SUBDIRS}) and the
 *   marker, then the directory itself only if it is then empty. Never `rm -rf` of the directory.
 *   Where the marker is missing or foreign it removes nothing, warns and exits 0 (destroy goes on).
 *
 * Conventions as in hostScripts.ts: `set -euo pipefail` first, every value quoted, every step
 * checked, idempotent, progress on stderr. Lines starting `warning: ` on stderr are shown in Pulumi's
 * output (providers/remoteScript.ts). Each outcome is a line in the machine's journal.
 */
import { shellAssign, shellQuote } from "./shell";
import { checkDataDir } from "./properties";
import { DATA_DIR_MARKER, IOTDB_DATA_SUBDIRS, SYSTEM_DIRECTORIES, dataDirMarker, dataDirProblem, journalFile } from "../plan/layout";

/** What both scripts are about. */
export interface DataDirParams {
    /** The data directory (the stack's `dataDir`). */
    dataDir: string;
    /** The install root (`installDir`): the journal is `<installDir>/journal.log`. */
    installDir: string;
    /** The owner tag, `<project>/<stack>`. */
    owner: string;
    /** The node's hostname. */
    hostname: string;
}

/** Thrown for parameters no script is made for. */
export class DataDirScriptError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DataDirScriptError";
    }
}

const array = (name: string, values: readonly string[]) => `${name}=(${values.map(shellQuote).join(" ")})`;

function oneLine(what: string, v: string): string {
    if (typeof v !== "string" || v === "" || /[\0\n\r]/.test(v)) {
        throw new DataDirScriptError(`${what} must be a non-empty single line: ${JSON.stringify(v)}`);
    }
    return v;
}

function render(tag: string, p: DataDirParams, body: string, assignments: string[] = []): string {
    const dataDir = checkDataDir(p.dataDir);
    const installDir = oneLine("installDir", p.installDir);
    if (!installDir.startsWith("/")) throw new DataDirScriptError(`installDir must be absolute: ${JSON.stringify(installDir)}`);
    const problem = dataDirProblem(dataDir, installDir);
    if (problem) throw new DataDirScriptError(`refusing the data directory: ${problem}`);
    const marker = dataDirMarker({ owner: oneLine("owner", p.owner), hostname: oneLine("hostname", p.hostname), dataDir });
    return [
        "set -euo pipefail",
        "umask 022",
        shellAssign("TAG", tag),
        shellAssign("data_dir", dataDir),
        shellAssign("marker", `${dataDir}/${DATA_DIR_MARKER}`),
        shellAssign("want", marker),
        shellAssign("journal_file", journalFile(installDir.replace(/\/+$/, ""))),
        array("system_exact", SYSTEM_DIRECTORIES.exact),
        array("system_trees", SYSTEM_DIRECTORIES.trees),
        ...assignments,
        HELPERS,
        body.trim(),
        "",
    ].join("\n");
}

// Shared by both scripts. Plain bash, no interpolation from TypeScript.
const HELPERS = String.raw`log() { printf '%s: %s\n' "$TAG" "$*" >&2; }
warn() { printf 'warning: %s: %s\n' "$TAG" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$TAG" "$*" >&2; exit 1; }
# journal EVENT: appends a timestamped line to the machine's journal.
journal() {
  mkdir -p -- "${"$"}{journal_file%/*}" || die "cannot create ${"$"}{journal_file%/*}"
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$1" >>"$journal_file" || die "cannot write $journal_file"
}
# system_dir PATH: whether PATH is a directory of the operating system (SYSTEM_DIRECTORIES, lib/layout.ts).
system_dir() {
  local d
  for d in "${"$"}{system_exact[@]}"; do
    if [[ $1 == "$d" ]]; then return 0; fi
  done
  for d in "${"$"}{system_trees[@]}"; do
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
shopt -s nullglob dotglob`;

/**
 * Claims the data directory for this stack: creates it when missing and writes the marker when it
 * is empty (a `lost+found` alone counts as empty: a file system's root). Changes nothing in a
 * directory already claimed by this stack, nor in one it does not claim (it holds other files, or
 * another owner's marker), which it warns about. Fails when the directory resolves to a system
 * directory, is not a directory, or the marker cannot be written and read back. Safe while IoTDB runs.
 *
 * stdout: `claimed`, `owned` (claimed before) or `unclaimed`.
 */
export function claimDataDirScript(p: DataDirParams): string {
    return render("iotdb-data-claim", p, String.raw`
if [[ ! -e $data_dir ]]; then
  [[ ! -L $data_dir ]] || die "$data_dir is a symbolic link to nothing"
  mkdir -p -- "$data_dir" || die "cannot create $data_dir"
  log "created $data_dir"
fi
[[ -d $data_dir ]] || die "$data_dir exists and is not a directory"
real=$(cd -- "$data_dir" && pwd -P) || die "cannot enter $data_dir"
if system_dir "$real"; then
  die "$data_dir is $real, a directory of the operating system: point dataDir at a directory of its own"
fi
if marker_ok; then
  log "$data_dir is this stack's ($marker)"
  echo owned
  exit 0
fi
# unclaimed WHY: leaves the directory as it is, says so, and ends.
unclaimed() {
  warn "$data_dir not claimed: $1; purgeDataOnDestroy will leave it as it is"
  journal "data dir not claimed $data_dir: $1"
  echo unclaimed
  exit 0
}
if [[ -e $marker || -L $marker ]]; then
  unclaimed "$marker names another owner ($(head -n 1 -- "$marker" 2>/dev/null || echo unreadable))"
fi
found=()
for entry in "$data_dir"/*; do
  if [[ ${"$"}{entry##*/} != lost+found ]]; then found+=("${"$"}{entry##*/}"); fi
done
if (( ${"$"}{#found[@]} > 0 )); then
  unclaimed "it already holds files this stack did not write (${"$"}{found[*]:0:5})"
fi
tmp=$(mktemp -- "$data_dir/.owner.XXXXXX") || die "cannot create a file in $data_dir"
if ! printf '%s\n' "$want" >"$tmp" || ! chmod 0644 -- "$tmp"; then
  rm -f -- "$tmp"
  die "cannot write $tmp"
fi
mv -f -- "$tmp" "$marker" || die "cannot write $marker"
marker_ok || die "$marker does not hold the expected content after writing"
journal "data dir claimed $data_dir"
log "claimed $data_dir ($marker)"
echo claimed
`);
}

/**
 * Purges IoTDB's part of the data directory, run when the node itself is destroyed with
 * purgeDataOnDestroy (after its services stopped). Removes nothing, warns and exits 0 when the
 * directory lacks this stack's marker or resolves to a system directory. Fails while an IoTDB
 * ConfigNode or DataNode (of any home) has its working directory or an open file in it. Otherwise
 * removes each of {@link IOTDB_DATA_SUBDIRS} (a symbolic link in their place: the link only), then
 * the marker, then the directory if nothing else is left in it. Idempotent: a missing directory is
 * nothing to do.
 *
 * stdout: `purged`, `kept` or `absent`.
 */
export function purgeDataDirScript(p: DataDirParams): string {
    return render("iotdb-data-purge", p, String.raw`
if [[ ! -e $data_dir && ! -L $data_dir ]]; then
  log "no $data_dir: nothing to purge"
  echo absent
  exit 0
fi
# kept WHY: removes nothing, says why, and ends (destroy goes on).
kept() {
  warn "$data_dir kept, not purged: $1"
  journal "data kept $data_dir: $1"
  echo kept
  exit 0
}
[[ -d $data_dir ]] || kept "it is not a directory"
real=$(cd -- "$data_dir" && pwd -P) || die "cannot enter $data_dir"
if system_dir "$real"; then kept "it is $real, a directory of the operating system"; fi
if ! marker_ok; then
  if [[ -e $marker || -L $marker ]]; then
    kept "$marker does not name this stack and machine: another owner's directory"
  fi
  kept "no $marker: this stack never claimed it (it held other files then, or predates the marker)"
fi
# glob_quote S: S with the characters a glob treats specially escaped.
glob_quote() {
  local s=$1 out='' c i
  for (( i = 0; i < ${"$"}{#s}; i++ )); do
    c=${"$"}{s:i:1}
    case $c in
      '[' | ']' | '*' | '?' | "\\") out+="\\$c" ;;
      *) out+=$c ;;
    esac
  done
  printf '%s' "$out"
}
# iotdb_users DIR: pids of IoTDB ConfigNodes and DataNodes (any home) whose working directory or an
# open file is in DIR. Another user's process cannot be inspected, and is not this stack's: this
# stack's IoTDB runs as the SSH user.
iotdb_users() {
  local dir cmdline d
  local -a found=()
  dir=$(glob_quote "$1")
  # Processes one of whose arguments (NUL-terminated "lines" of cmdline) is the main class of a
  # ConfigNode or DataNode; the brackets keep grep's own arguments from matching.
  while IFS= read -r cmdline; do
    d=${"$"}{cmdline%/cmdline}
    if ! readlink -- "$d/cwd" >/dev/null 2>&1; then
      log "pid ${"$"}{d#/proc/} not inspected (gone, or another user's IoTDB)"
      continue
    fi
    if [[ -n $(find "$d/cwd" "$d/fd" -maxdepth 1 \( -lname "$dir" -o -lname "$dir/*" \) -print -quit 2>/dev/null) ]]; then
      found+=("${"$"}{d#/proc/}")
    fi
  done < <(grep -lsxz -e 'org[.]apache[.]iotdb[.]confignode[.]service[.]ConfigNode' -e 'org[.]apache[.]iotdb[.]db[.]service[.]DataNode' /proc/[0-9]*/cmdline || true)
  printf '%s' "${"$"}{found[*]}"
}
using=$(iotdb_users "$real")
[[ -z $using ]] || die "IoTDB still uses $data_dir (pid $using): stop it, then destroy again"
for sub in "${"$"}{subdirs[@]}"; do
  path=$data_dir/$sub
  if [[ -L $path ]]; then
    rm -f -- "$path" || die "cannot remove the symbolic link $path"
    log "removed the symbolic link $path (what it points to is kept)"
  elif [[ -d $path ]]; then
    rm -rf -- "$path" || die "cannot remove $path"
    [[ ! -e $path ]] || die "$path is still there after removing it"
    log "removed $path"
  elif [[ -e $path ]]; then
    warn "$path is not a directory: kept"
  fi
done
rm -f -- "$marker" || die "cannot remove $marker"
[[ ! -e $marker ]] || die "$marker is still there after removing it"
rest=("$data_dir"/*)
if (( ${"$"}{#rest[@]} == 0 )) && [[ ! -L $data_dir ]]; then
  rmdir -- "$data_dir" || die "cannot remove the empty $data_dir"
  log "removed $data_dir (nothing else was in it)"
else
  log "kept $data_dir itself: it holds other files too"
fi
journal "data purged $data_dir"
echo purged
`, [array("subdirs", IOTDB_DATA_SUBDIRS)]);
}
