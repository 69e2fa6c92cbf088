// The command line a remote step runs as: its script under a time limit, and under a lock that one
// run of the same step on the same machine holds until its script has ended, so a run whose connection
// dropped is never overlapped by the next. Pure: the wrapper has a plain unit test that runs it.
import * as crypto from "crypto";
import { shellQuote } from "../lib/render/shell";
import { DEFAULTS } from "../lib/config/defaults";

/** Default limit of one remote step (ssh.stepTimeoutSeconds), above every wait a script does itself. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = DEFAULTS.ssh.stepTimeoutSeconds;
/** Seconds between the TERM at the limit and the KILL that follows. */
export const KILL_AFTER_SECONDS = 10;
/** Exit status of a step stopped at its limit (GNU timeout's). */
export const TIMED_OUT = 124;

export interface StepLimits {
    /** Name of the step, for the lock and for the message at the limit. */
    step: string;
    /** Seconds the script may run; waiting for the lock counts against it too. */
    timeoutSeconds: number;
}

/** Lock file of a step on its machine: one per step name. */
export function stepLockFile(step: string): string {
    return `/tmp/.iotdb-dual-active-step-${crypto.createHash("sha256").update(step).digest("hex").slice(0, 16)}.lock`;
}

/**
 * `bash -c '<wrapper>'`: takes the step's lock (waiting at most the limit for a run still going on),
 * runs the script with bash under `timeout` (TERM at the limit, KILL 10 s later, to the script's
 * process group; daemons started with setsid are not in it), and says so on stderr when the limit hit.
 * The script gets the same stdin and never sees the lock's descriptor.
 */
export function limitedCommand(script: string, limits: StepLimits): string {
    const t = Math.max(1, Math.floor(limits.timeoutSeconds));
    const wrapper = [
        "set -uo pipefail",
        `step=${shellQuote(limits.step)}`,
        `lock=${shellQuote(stepLockFile(limits.step))}`,
        `script=${shellQuote(script)}`,
        'exec 9>>"$lock"',
        `if ! flock -w ${t} 9; then printf '%s: ERROR: another run of this step still holds %s after ${t} s; nothing was run\\n' "$step" "$lock" >&2; exit 75; fi`,
        "rc=0",
        `timeout --kill-after=${KILL_AFTER_SECONDS} ${t} bash -c "$script" 9>&- || rc=$?`,
        `if [ "$rc" -eq ${TIMED_OUT} ] || [ "$rc" -eq 137 ]; then printf '%s: ERROR: stopped at its time limit of ${t} s (raise remoteStepTimeoutSeconds if it needs longer)\\n' "$step" >&2; fi`,
        'exit "$rc"',
    ].join("\n");
    return "bash -c " + shellQuote(wrapper);
}
