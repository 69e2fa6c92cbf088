/**
 * Host scripts of the flusher (host-tools/IotdbFlusher.java): the daemon beside each DataNode that
 * runs `FLUSH ON LOCAL` at a fixed interval, so the pipes see unflushed rows in bounded time (Apache
 * IoTDB 2.0.10's user pipes only carry sealed TsFiles). Pure functions, same conventions as
 * hostScripts.ts; the password is read from stdin and handed to the daemon on its stdin.
 *
 * The daemon is found by its command line: the class IotdbFlusher and `-Diotdb.flusher.home=<home>`.
 */
import { shellAssign, shellQuote } from "./shell";
import { checkHost, checkPort, checkSafePath, HostScriptError, script } from "./hostScripts";

/** Relative path of the flusher inside an IoTDB home (installed by scripts/iotdb-dist.sh). */
export const IOTDB_FLUSHER_PATH = "tools/iotdb-sql/iotdb-flusher";

/** Where the daemon writes its state changes and summaries, relative to the IoTDB home. */
export const FLUSHER_LOG = "logs/iotdb-flusher.log";

export interface FlusherParams {
    /** The IoTDB home. */
    home: string;
    /** The DataNode's RPC address and port. */
    rpcHost: string;
    rpcPort: number;
    /** IoTDB user the daemon logs in as (needs the right to FLUSH). */
    user: string;
    /** Milliseconds between two flushes. */
    intervalMs: number;
}

function checkInterval(ms: number): number {
    if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
        throw new HostScriptError(`intervalMs must be an integer from 100 to 3600000: ${ms}`);
    }
    return ms;
}

// flusher_pids: pids (one a line) of the flusher daemons of $home_real. Plain bash.
const FLUSHER_PIDS = String.raw`flusher_pids() {
  local d arg has_class has_home
  local -a argv
  for d in /proc/[0-9]*; do
    argv=()
    mapfile -d '' -t argv 2>/dev/null <"$d/cmdline" || continue
    has_class=0
    has_home=0
    for arg in "${"$"}{argv[@]}"; do
      [[ $arg == IotdbFlusher ]] && has_class=1
      [[ $arg == "-Diotdb.flusher.home=$home_real" ]] && has_home=1
    done
    if (( has_class && has_home )); then printf '%s\n' "${"$"}{d#/proc/}"; fi
  done
  return 0
}
# flusher_args PID: the daemon's own arguments after the class name, space-separated.
flusher_args() {
  local -a argv
  local i
  mapfile -d '' -t argv 2>/dev/null <"/proc/$1/cmdline" || return 0
  for i in "${"$"}{!argv[@]}"; do
    if [[ ${"$"}{argv[$i]} == IotdbFlusher ]]; then printf '%s' "${"$"}{argv[*]:$(( i + 1 ))}"; return 0; fi
  done
}
stop_flushers() {
  local pids
  pids=$(flusher_pids)
  [[ -n $pids ]] || return 0
  log "stopping the flusher (pid $(pid_list "$pids"))"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 40); do
    if [[ -z $(flusher_pids) ]]; then return 0; fi
    sleep 0.25
  done
  pids=$(flusher_pids)
  log "the flusher ignored TERM: KILL to pid $(pid_list "$pids") (it holds no data)"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  sleep 0.5
  [[ -z $(flusher_pids) ]] || die "cannot stop the flusher of $home_real"
}`;

const homeReal = String.raw`home_real=$(cd "$home" 2>/dev/null && pwd -P) || die "IoTDB home not found: $home"`;

/**
 * Starts the flusher of a DataNode unless one with the same arguments runs (another one is stopped
 * first), then waits until its log says it connected (bounded: 60 s). stdin line 1: the password.
 * stdout: `changed` or `unchanged`.
 */
export function startFlusherScript(p: FlusherParams): string {
    const args = ["--host", checkHost("rpcHost", p.rpcHost), "--port", String(checkPort("rpcPort", p.rpcPort)),
        "--user", p.user, "--interval-ms", String(checkInterval(p.intervalMs))];
    if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(p.user)) throw new HostScriptError(`not an IoTDB user name: ${JSON.stringify(p.user)}`);
    return script("iotdb-flusher-start", [
        shellAssign("home", checkSafePath("home", p.home)),
        `args=(${args.map(shellQuote).join(" ")})`,
        shellAssign("flusher_rel", IOTDB_FLUSHER_PATH),
        shellAssign("log_rel", FLUSHER_LOG),
    ], String.raw`
${FLUSHER_PIDS}
password=
IFS= read -r password || true
password=${"$"}{password%$'\r'}
[[ -n $password ]] || die "no password on stdin (line 1)"
${homeReal}
flusher=$home_real/$flusher_rel
[[ -x $flusher ]] || die "flusher not found: $flusher (the installed distribution predates it: reinstall)"
command -v setsid >/dev/null 2>&1 || die "setsid not found"
pids=$(flusher_pids)
if [[ -n $pids && $(wc -l <<<"$pids") == 1 && $(flusher_args "$pids") == "${"$"}{args[*]}" ]]; then
  log "the flusher already runs with these settings (pid $pids)"
  echo unchanged
  exit 0
fi
stop_flushers
logf=$home_real/$log_rel
mkdir -p "$(dirname "$logf")"
touch "$logf"
offset=$(stat -c %s "$logf")
log "starting the flusher: ${"$"}{args[*]}"
printf '%s\n' "$password" | setsid -f "$flusher" "${"$"}{args[@]}" >>"$logf" 2>&1
for i in $(seq 240); do
  news=$(tail -c +$(( offset + 1 )) "$logf") || news=
  if [[ $news == *"iotdb-flusher: connected"* ]]; then
    [[ -n $(flusher_pids) ]] || die "the flusher connected, then exited (see $logf)"
    log "the flusher runs (pid $(pid_list "$(flusher_pids)"))"
    echo changed
    exit 0
  fi
  if [[ $news == *"iotdb-flusher: login refused"* ]]; then
    stop_flushers
    die "IoTDB refused the flusher's login as $(printf '%s' "${"$"}{args[5]}") (is root's password set to adminPassword?)"
  fi
  if [[ -z $(flusher_pids) ]] && (( i > 8 )); then
    tail -n 5 "$logf" >&2 || true
    die "the flusher exited at start (see $logf)"
  fi
  sleep 0.25
done
tail -n 5 "$logf" >&2 || true
stop_flushers
die "the flusher did not connect to its DataNode within 60s (see $logf)"
`);
}

/** Stops the flusher of an IoTDB home (TERM, then KILL after 10 s: it holds no data). Idempotent. */
export function stopFlusherScript(home: string): string {
    return script("iotdb-flusher-stop", [shellAssign("home", checkSafePath("home", home))], String.raw`
${FLUSHER_PIDS}
if [[ ! -d $home ]]; then
  log "no IoTDB home at $home: nothing to stop"
  exit 0
fi
${homeReal}
stop_flushers
log "no flusher of $home_real runs"
`);
}

/** Drift check: last line `ok` while exactly one flusher of this home runs with the given settings. */
export function checkFlusherScript(p: FlusherParams): string {
    const args = ["--host", p.rpcHost, "--port", String(p.rpcPort), "--user", p.user, "--interval-ms", String(checkInterval(p.intervalMs))];
    return script("iotdb-flusher-check", [
        shellAssign("home", checkSafePath("home", p.home)),
        shellAssign("want", args.join(" ")),
    ], String.raw`
${FLUSHER_PIDS}
${homeReal}
pids=$(flusher_pids)
if [[ -z $pids ]]; then echo "the flusher is not running"; exit 0; fi
if [[ $(wc -l <<<"$pids") != 1 ]]; then echo "several flushers run (pid $(pid_list "$pids"))"; exit 0; fi
if [[ $(flusher_args "$pids") != "$want" ]]; then echo "the flusher runs with other settings: $(flusher_args "$pids")"; exit 0; fi
echo ok
`);
}
