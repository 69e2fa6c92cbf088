// RemoteScript: a bash script run on a machine over SSH when the resource is created, updated or deleted.
// Plays the part of @pulumi/command's remote.Command, whose provider cannot be built here (see README).
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as net from "net";
import { SshConnection, runScript, runScriptChecked } from "./ssh";
import { FixedAtFirstStart, fixedKeyRefusal } from "./fixedAtFirstStart";
import { InstalledVersion, versionChangeRefusal } from "../lib/plan/upgrade";

export interface RemoteScriptArgs {
    /** Where the script runs. Stored in state: `delete` runs with the connection of the last successful `up`. */
    connection: pulumi.Input<SshConnection>;
    /** Short name of the step, used in error messages ("start IoTDB on iotdb-1"). */
    step: pulumi.Input<string>;
    /** Script run on create; also on update when `update` is not given. Must be idempotent. Never holds a secret. */
    create: pulumi.Input<string>;
    /** Script run when any input changes (other than `triggers`). Defaults to `create`. */
    update?: pulumi.Input<string>;
    /** Script run on delete. Nothing runs when empty. */
    delete?: pulumi.Input<string>;
    /** Standard input of every run: the only way a secret reaches a script. Stored encrypted. */
    stdin?: pulumi.Input<string>;
    /**
     * On update, the stdin of the last successful run follows the new one, so that a script can log in
     * with a password the update changes (a rotation) and see what changed. Default false.
     */
    previousStdinOnUpdate?: boolean;
    /** Any change of these replaces the resource (delete, then create). */
    triggers?: pulumi.Input<any[]>;
    /**
     * Never replaced: a change of any input, the connection's host included, is an update in place
     * (`update` or `create` runs again), so `delete` runs only when the resource itself is deleted.
     */
    neverReplace?: boolean;
    /**
     * A TCP endpoint that answers while what `create` made is healthy (e.g. IoTDB's RPC port). Probed
     * from this machine on every preview and up (a connect, no remote command): when it does not
     * answer, the resource shows as changed and `update` (or `create`) runs again.
     */
    probe?: pulumi.Input<{ host: string; port: number }>;
    /**
     * Drift check, run by `pulumi refresh` (and `preview/up --refresh`): a script (same stdin) whose
     * last line of output is `ok` while what `create` made is still there and as made. Anything else
     * is recorded as drift, and the next `up` runs `update` (or `create`) again to restore it.
     */
    check?: pulumi.Input<string>;
    /**
     * What IoTDB fixed at the first start of the node this step configures: a change of one of these
     * values is refused at preview (the provider's check, before anything runs), naming the field,
     * unless the node's rebuild was asked (providers/fixedAtFirstStart.ts). Not a change of the
     * resource by itself.
     */
    fixed?: pulumi.Input<FixedAtFirstStart>;
    /**
     * The IoTDB version this step installs on a node: a change IoTDB cannot make in place (a downgrade,
     * a skipped release line) is refused at preview, naming `iotdbVersion` (lib/plan/upgrade.ts). Not a
     * change of the resource by itself.
     */
    installedVersion?: pulumi.Input<InstalledVersion>;
    /**
     * Seconds `create`, `update` or `delete` may run on the machine (default 1800): at the limit the
     * script is stopped and the step fails, naming itself and the host. A change is not a change of the
     * resource (nothing runs again for it).
     */
    timeoutSeconds?: pulumi.Input<number>;
}

export interface State {
    connection: SshConnection;
    step: string;
    create: string;
    update?: string;
    delete?: string;
    stdin?: string;
    previousStdinOnUpdate?: boolean;
    triggers?: any[];
    neverReplace?: boolean;
    probe?: { host: string; port: number };
    check?: string;
    timeoutSeconds?: number;
    fixed?: FixedAtFirstStart;
    installedVersion?: InstalledVersion;
    stdout?: string;
    /** What the last drift check saw, when not `ok`. */
    drift?: string;
}

/** Whether something accepts TCP connections at host:port within timeoutMs. */
function answers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once("connect", () => done(true));
        socket.once("error", () => done(false));
    });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What differs between the recorded and the new inputs: what forces a replacement, and what is changed in place. */
export function inputChanges(olds: Partial<State>, news: Partial<State>): { replaces: string[]; changed: string[] } {
    const replacing: (keyof State)[] = [];
    if (!same(olds.triggers, news.triggers)) replacing.push("triggers");
    if (olds.connection?.host !== news.connection?.host) replacing.push("connection");
    const keys: (keyof State)[] = ["connection", "step", "create", "update", "delete", "stdin", "probe", "check"];
    const changed = keys.filter((k) => !same(olds[k], news[k]));
    if (olds.drift) changed.push("drift");
    if (!news.neverReplace) return { replaces: replacing, changed };
    return { replaces: [], changed: [...new Set([...changed, ...replacing])] };
}

/** The stdin of an update: the new one, then (when asked) the last successful run's. */
export function updateStdin(olds: Partial<State>, news: Partial<State>): string | undefined {
    if (!news.previousStdinOnUpdate || !olds.stdin) return news.stdin;
    const current = news.stdin ?? "";
    return (current === "" || current.endsWith("\n") ? current : `${current}\n`) + olds.stdin;
}

/** Shows the lines of a script's stderr that start with `warning: ` in Pulumi's output (a provider's stderr is). */
function showWarnings(step: string, stderr: string): void {
    for (const line of stderr.split("\n")) {
        if (line.startsWith("warning: ")) console.error(`warning: ${step}: ${line.slice("warning: ".length)}`);
    }
}

/**
 * A service's delete script recorded in state before the data directory got its own resource ended
 * with `rm -rf -- '<dataDir>'` inside its `bash -c '...'` (purgeDataOnDestroy), and ran on every
 * replacement too. Run now, that line is left out: a purge is the `-data` resource's alone, and only
 * of a directory the stack claimed. Returns the script to run and the directory left alone, if any.
 */
export function withoutLegacyPurge(script: string): { script: string; kept?: string } {
    // The line ends the quoted script: a newline (older journal wrapper) or ` || rc=$?` (lib/plan/layout.ts withJournal) follows.
    const m = /\nrm -rf -- '\\''(\/[A-Za-z0-9._\/-]+)'\\''(?='(?:\n| ))/.exec(script);
    return m ? { script: script.slice(0, m.index) + script.slice(m.index + m[0].length), kept: m[1] } : { script };
}

/** What the provider's check refuses of the new inputs, given those recorded at the last up (none at a create). */
export function checkFailures(olds: Partial<State> | undefined, news: Partial<State>): pulumi.dynamic.CheckFailure[] {
    return [...fixedKeyRefusal(olds?.fixed, news.fixed), ...versionChangeRefusal(olds?.installedVersion, news.installedVersion)];
}

const remoteScriptProvider: pulumi.dynamic.ResourceProvider = {
    // Refuses a change IoTDB fixed at first start (providers/fixedAtFirstStart.ts) and a version change
    // IoTDB cannot make in place (lib/plan/upgrade.ts); the inputs as given otherwise.
    async check(olds: State, news: State): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news, failures: checkFailures(olds, news) };
    },
    async diff(_id: string, olds: State, news: State): Promise<pulumi.dynamic.DiffResult> {
        const { replaces, changed } = inputChanges(olds, news);
        // Only a resource that is otherwise unchanged needs the probe (no remote command: a TCP connect).
        if (replaces.length === 0 && changed.length === 0 && news.probe && !(await answers(news.probe.host, news.probe.port))) {
            return { changes: true, replaces: [], deleteBeforeReplace: true };
        }
        return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
    },
    async create(inputs: State): Promise<pulumi.dynamic.CreateResult> {
        const r = await runScriptChecked(inputs.connection, inputs.step, inputs.create, inputs.stdin, inputs.timeoutSeconds);
        showWarnings(inputs.step, r.stderr);
        return { id: crypto.randomBytes(8).toString("hex"), outs: { ...inputs, stdout: r.stdout } };
    },
    async update(_id: string, olds: State, news: State): Promise<pulumi.dynamic.UpdateResult> {
        const r = await runScriptChecked(news.connection, news.step, news.update || news.create, updateStdin(olds, news), news.timeoutSeconds);
        showWarnings(news.step, r.stderr);
        return { outs: { ...news, stdout: r.stdout } };
    },
    async read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
        if (!props.check) return { id, props };
        const r = await runScript(props.connection, props.check, props.stdin);
        const seen = r.code === 0 ? r.stdout.trim().split("\n").pop() ?? "" : `check failed (exit ${r.code}): ${r.stderr.trim().split("\n").pop()}`;
        const { drift: _old, ...rest } = props;
        // What the state says of the resource must not outlive what the check saw: a pipe found
        // stalled no longer reads RUNNING in its stdout (the Pipe's `state` output) once refreshed.
        return { id, props: seen === "ok" ? rest : { ...rest, drift: seen, stdout: seen } };
    },
    async delete(_id: string, props: State): Promise<void> {
        if (!props.delete) return;
        const { script, kept } = withoutLegacyPurge(props.delete);
        if (kept) console.error(`warning: ${props.step} (delete): ${kept} not removed: this delete, recorded by an older version, purged it; a purge is the node's -data resource's now`);
        const r = await runScriptChecked(props.connection, `${props.step} (delete)`, script, props.stdin, props.timeoutSeconds);
        showWarnings(`${props.step} (delete)`, r.stderr);
    },
};

export class RemoteScript extends pulumi.dynamic.Resource {
    /** What the last create or update printed on standard output. */
    declare public readonly stdout: pulumi.Output<string>;

    constructor(name: string, args: RemoteScriptArgs, opts?: pulumi.CustomResourceOptions) {
        super(remoteScriptProvider, name, { ...args, stdout: undefined }, {
            ...opts,
            additionalSecretOutputs: ["stdin", ...(opts?.additionalSecretOutputs ?? [])],
        }, "iotdb", "RemoteScript");
    }
}
