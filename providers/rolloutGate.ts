// RolloutGate: holds side B's nodes back during a rolling restart until side A is back (lib/plan/rollout.ts).
// Side B's nodes depend on it. Created: nothing runs (an `up` from nothing provisions both sides in
// parallel). Updated with a new ticket of side A: looks from this machine, over each side's own SSH
// connection and with each side's own password, at side A (its last DataNode journaled the ticket, its
// nodes Running, pipe AB drained) and at side B (pipe BA drained, or B down), until both say `ok`.
// It fails fast, and B's nodes are then not touched, when one of A's machines journals a failed step
// (its start or stop; A's last DataNode's rollout) after the wait began, when A shows no progress (no journal of
// A's changes) for a service's bound, when A, back, is not Running and drained within the drain
// bound; and at its overall timeout. Why not a wait inside B's service: a
// change that restarts a node replaces its service, delete (the stop) before create, and the delete
// sees only the old inputs, so nothing in B's own service could know A's new ticket before B stops.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { SshConnection, runScriptChecked } from "./ssh";

/** One of side A's machines whose journal the gate watches for failed steps. */
export interface WatchedMachine {
    /** Its hostname, for messages. */
    host: string;
    connection: SshConnection;
    /** lib/render/rolloutScripts.ts rolloutWatchScript: `<lines>\t<last failure's line>\t<that line>`. */
    script: string;
}

export interface RolloutGateArgs {
    /** What is waited for, for messages ("side A (iotdb-1) back after its restart"). */
    what: pulumi.Input<string>;
    /** Side A's recording machine, where the look at side A runs. */
    aConnection: pulumi.Input<SshConnection>;
    /** The look at side A: its last line is `ok`, `restarting: ...` or `waiting: ...`. */
    aCheck: pulumi.Input<string>;
    /** Its standard input: side A's root password (stored encrypted). */
    aStdin: pulumi.Input<string>;
    /** Side B's SQL machine, where the look at side B runs. */
    bConnection: pulumi.Input<SshConnection>;
    /** The look at side B: its last line is `ok` or `waiting: ...`. */
    bCheck: pulumi.Input<string>;
    /** Its standard input: side B's root password (stored encrypted). */
    bStdin: pulumi.Input<string>;
    /** Side A's machines, whose journals are watched for failed steps and for progress. */
    watch: pulumi.Input<pulumi.Input<WatchedMachine>[]>;
    /** Side A's ticket: a change of it (an update) is a rollout of A, and runs the wait. */
    ticket: pulumi.Input<string>;
    /** Bound on the whole wait, in seconds. */
    timeoutSeconds: pulumi.Input<number>;
    /** Seconds without any change of A's journals, while A has not recorded the ticket, after which the gate fails. */
    stallSeconds: pulumi.Input<number>;
    /** Seconds the gate waits, once A recorded the ticket, for A's nodes Running and both pipes drained. */
    drainSeconds: pulumi.Input<number>;
    /** Seconds between two looks (default 3). */
    intervalSeconds?: pulumi.Input<number>;
}

export interface GateState {
    what: string;
    aConnection: SshConnection;
    aCheck: string;
    aStdin: string;
    bConnection: SshConnection;
    bCheck: string;
    bStdin: string;
    watch: WatchedMachine[];
    ticket: string;
    timeoutSeconds: number;
    stallSeconds: number;
    drainSeconds: number;
    intervalSeconds?: number;
    /** What the last look saw, and after how many seconds the gate opened (last update that waited). */
    waited?: string;
}

/** What the watch saw on one of A's machines; undefined when it could not be looked at. */
export interface WatchSeen {
    host: string;
    lines: number;
    failedLine: number;
    failed: string;
}

/** The looks of one round, replaceable in tests. */
export interface GateLooks {
    /** Each of A's machines' journal (an entry undefined when unreachable). */
    watch(): Promise<(WatchSeen | undefined)[]>;
    /** The look at side A (its output; it may throw). */
    a(): Promise<string>;
    /** The look at side B (its output; it may throw). */
    b(): Promise<string>;
}

/** Clock and sleep of {@link awaitGate}, replaceable in tests. */
export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

/** The gate's bounds, in milliseconds. */
export interface GateBounds {
    timeoutMs: number;
    stallMs: number;
    drainMs: number;
    intervalMs: number;
}

const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

const lastLine = (out: string) => out.trim().split("\n").pop() || "an empty answer";
const fix = "side B was not touched. Bring side A back (its nodes Running with the change, the pipes drained), then run up again";

/** Parses rolloutWatchScript's output. */
export function parseWatch(host: string, out: string): WatchSeen {
    const [lines, failedLine, ...rest] = lastLine(out).split("\t");
    const n = Number(lines), f = Number(failedLine);
    if (!Number.isInteger(n) || !Number.isInteger(f)) throw new Error(`unexpected journal watch output on ${host}: ${lastLine(out)}`);
    return { host, lines: n, failedLine: f, failed: rest.join("\t") };
}

/**
 * Looks until side A and side B both say `ok`; returns the milliseconds it took. Fails at once, naming
 * side A and what was seen, when a machine of A journals a failed step after the wait began (a
 * failure journaled before, by an earlier up, is what this up retries); fails when A's journals did not change for `stallMs` while A has not recorded
 * the ticket (or cannot be looked at); fails when A, once it recorded the ticket, is not Running with
 * both pipes drained within `drainMs`; fails at `timeoutMs`. A look that throws counts as not yet.
 */
export async function awaitGate(what: string, looks: GateLooks, bounds: GateBounds, clock: Clock = realClock): Promise<number> {
    const start = clock.now();
    const marks = new Map<string, number>();
    const lines = new Map<string, number>();
    let progressAt = start;
    let backAt: number | undefined;
    let last = "nothing seen yet";
    const secs = (ms: number) => Math.round(ms / 1000);
    for (;;) {
        for (const w of await looks.watch()) {
            if (!w) continue;
            if (!marks.has(w.host)) marks.set(w.host, w.lines);
            else if (w.failedLine > marks.get(w.host)!) {
                throw new Error(`${what}: side A's restart failed on ${w.host} (its journal: ${w.failed.trim()}), so ${fix}`);
            }
            if (w.lines !== lines.get(w.host)) {
                if (lines.has(w.host)) progressAt = clock.now();
                lines.set(w.host, w.lines);
            }
        }
        let a: string;
        try {
            a = lastLine(await looks.a());
        } catch (e) {
            a = `waiting: cannot look at side A: ${(e as Error).message.split("\n")[0]}`;
        }
        // Not back yet: A's recorder has not journaled the ticket, or cannot be looked at.
        const restarting = a.startsWith("restarting:") || a.startsWith("waiting: cannot look");
        if (!restarting) backAt ??= clock.now();
        if (a === "ok") {
            let b: string;
            try {
                b = lastLine(await looks.b());
            } catch (e) {
                b = `waiting: cannot look at side B: ${(e as Error).message.split("\n")[0]}`;
            }
            if (b === "ok") return clock.now() - start;
            last = b;
        } else {
            last = a;
        }
        const now = clock.now();
        if (restarting && now - progressAt >= bounds.stallMs) {
            throw new Error(`${what}: side A shows no progress: none of its machines' journals changed for ${secs(now - progressAt)}s `
                + `(last seen: ${last}), so ${fix}`);
        }
        if (backAt !== undefined && now - backAt >= bounds.drainMs) {
            throw new Error(`${what}: side A recorded its restart, but was not Running with both pipes drained within ${secs(now - backAt)}s `
                + `(last seen: ${last}), so ${fix}`);
        }
        if (now - start + bounds.intervalMs > bounds.timeoutMs) {
            throw new Error(`${what}: not ready after ${secs(now - start)}s; last seen: ${last}. So ${fix}`);
        }
        await clock.sleep(bounds.intervalMs);
    }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether an update of the gate waits: only when side A's ticket changed. */
export const waitsOnUpdate = (olds: Partial<GateState>, news: Partial<GateState>): boolean => olds.ticket !== news.ticket;

/** Seconds one look may run on its machine. */
const LOOK_SECONDS = 90;

/** The looks of a gate's state, over each side's own SSH connection. */
function looksOf(s: GateState): GateLooks {
    return {
        watch: () => Promise.all(s.watch.map(async (m) => {
            try {
                return parseWatch(m.host, (await runScriptChecked(m.connection, `${s.what}: journal of ${m.host}`, m.script, undefined, LOOK_SECONDS)).stdout);
            } catch {
                return undefined;
            }
        })),
        a: async () => (await runScriptChecked(s.aConnection, `${s.what}: side A`, s.aCheck, s.aStdin, LOOK_SECONDS)).stdout,
        b: async () => (await runScriptChecked(s.bConnection, `${s.what}: side B`, s.bCheck, s.bStdin, LOOK_SECONDS)).stdout,
    };
}

const provider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: GateState, news: GateState): Promise<pulumi.dynamic.DiffResult> {
        const keys: (keyof GateState)[] = ["what", "aConnection", "aCheck", "aStdin", "bConnection", "bCheck", "bStdin", "watch",
            "ticket", "timeoutSeconds", "stallSeconds", "drainSeconds", "intervalSeconds"];
        const changed = keys.filter((k) => !same(olds[k], news[k]));
        return { changes: changed.length > 0, replaces: [] };
    },
    async create(inputs: GateState): Promise<pulumi.dynamic.CreateResult> {
        // A gate made now stands before nodes made now too: nothing to wait for.
        // No `waited` key at all: an undefined value in outs fails the engine's struct encoding ("Unexpected struct type.").
        const { waited: _w, ...outs } = inputs as GateState & { waited?: string };
        return { id: crypto.randomBytes(8).toString("hex"), outs };
    },
    async update(_id: string, olds: GateState, news: GateState): Promise<pulumi.dynamic.UpdateResult> {
        if (!waitsOnUpdate(olds, news)) return { outs: { ...news, ...(olds.waited !== undefined ? { waited: olds.waited } : {}) } };
        const ms = await awaitGate(news.what, looksOf(news), {
            timeoutMs: news.timeoutSeconds * 1000, stallMs: news.stallSeconds * 1000, drainMs: news.drainSeconds * 1000, intervalMs: (news.intervalSeconds ?? 3) * 1000,
        });
        console.error(`${news.what}: ready after ${(ms / 1000).toFixed(1)}s`);
        return { outs: { ...news, waited: `${(ms / 1000).toFixed(1)}s for ticket ${news.ticket}` } };
    },
};

export class RolloutGate extends pulumi.dynamic.Resource {
    /** How long the last rollout waited for side A, and for which ticket. */
    declare public readonly waited: pulumi.Output<string | undefined>;

    constructor(name: string, args: RolloutGateArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args, waited: undefined }, {
            ...opts,
            additionalSecretOutputs: ["aStdin", "bStdin", ...(opts?.additionalSecretOutputs ?? [])],
        }, "iotdb", "RolloutGate");
    }
}
