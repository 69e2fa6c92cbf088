// RolloutGate: holds side B's nodes back during a rolling restart until side A is back (lib/plan/rollout.ts).
// Side B's nodes depend on it. Created: nothing runs (an `up` from nothing provisions both sides in
// parallel). Updated with a new ticket of side A: runs `check` over SSH on A's recording machine,
// again and again, until it prints `ok`, and fails at the timeout naming side A and what it waited
// for: B's nodes are then not touched. Why not a wait inside B's service: a change that restarts a
// node replaces its service, delete (the stop) before create, and the delete sees only the old
// inputs, so nothing in B's own service could know A's new ticket before B stops.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { SshConnection, runScriptChecked } from "./ssh";

export interface RolloutGateArgs {
    /** Side A's machine the check runs on (the one whose journal records A's rollout). */
    connection: pulumi.Input<SshConnection>;
    /** What is waited for, for messages ("side A (iotdb-1) back after its restart"). */
    what: pulumi.Input<string>;
    /** The script of one look: its last line of output is `ok`, or says what is still awaited. */
    check: pulumi.Input<string>;
    /** Its standard input (root's password): stored encrypted. */
    stdin?: pulumi.Input<string>;
    /** Side A's ticket: a change of it (an update) is a rollout of A, and runs the wait. */
    ticket: pulumi.Input<string>;
    /** Bound on the whole wait, in seconds. */
    timeoutSeconds: pulumi.Input<number>;
    /** Seconds between two looks (default 3). */
    intervalSeconds?: pulumi.Input<number>;
}

export interface GateState {
    connection: SshConnection;
    what: string;
    check: string;
    stdin?: string;
    ticket: string;
    timeoutSeconds: number;
    intervalSeconds?: number;
    /** What the last look saw, and after how many seconds the gate opened (last update that waited). */
    waited?: string;
}

/** One look: `ok`, or what is still awaited. */
export type Look = () => Promise<string>;

/** Clock and sleep of {@link awaitOk}, replaceable in tests. */
export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * Looks until a look says `ok`; returns the milliseconds it took. A look that throws (the machine
 * unreachable, the script failing) counts as not yet, its message kept. At the deadline: an error
 * naming `what`, the time waited and the last thing seen.
 */
export async function awaitOk(what: string, look: Look, timeoutMs: number, intervalMs: number, clock: Clock = realClock): Promise<number> {
    const start = clock.now();
    let last = "nothing seen yet";
    for (;;) {
        try {
            const seen = (await look()).trim().split("\n").pop() ?? "";
            if (seen === "ok") return clock.now() - start;
            last = seen || "an empty answer";
        } catch (e) {
            last = (e as Error).message.split("\n")[0];
        }
        if (clock.now() - start + intervalMs > timeoutMs) {
            throw new Error(`${what}: not ready after ${Math.round((clock.now() - start) / 1000)}s, so side B was not restarted; `
                + `last seen: ${last}. Bring side A back (its nodes Running, the pipes drained), then run up again`);
        }
        await clock.sleep(intervalMs);
    }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether an update of the gate waits: only when side A's ticket changed. */
export const waitsOnUpdate = (olds: Partial<GateState>, news: Partial<GateState>): boolean => olds.ticket !== news.ticket;

const provider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: GateState, news: GateState): Promise<pulumi.dynamic.DiffResult> {
        const keys: (keyof GateState)[] = ["connection", "what", "check", "stdin", "ticket", "timeoutSeconds", "intervalSeconds"];
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
        const look: Look = async () => (await runScriptChecked(news.connection, news.what, news.check, news.stdin, 240)).stdout;
        const ms = await awaitOk(news.what, look, news.timeoutSeconds * 1000, (news.intervalSeconds ?? 3) * 1000);
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
            additionalSecretOutputs: ["stdin", ...(opts?.additionalSecretOutputs ?? [])],
        }, "iotdb", "RolloutGate");
    }
}
