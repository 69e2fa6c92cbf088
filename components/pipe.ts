import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { ensurePipeScript, removePipeScript, checkPipeScript, resumePipeScript, stdinLines, SqlTarget, ConfigNodeRestart } from "../lib/render/sqlScripts";
import { alterPipePasswordsSql, alterPipePatternSql, createPipeSql, pipeSinkAttributes, pipeSourceAttributes, PipeSpec, PATTERN_ATTRIBUTE } from "../lib/render/sql";
import { withoutCanary } from "../lib/plan/canary";
import { PipeFacts, pipeFacts } from "./support/policyFacts";
import { secretInputs } from "./support/secretInputs";

export interface PipeArgs {
    /** A machine of the sending side. */
    connection: pulumi.Input<SshConnection>;
    /** Where the SQL runs on that machine. */
    target: pulumi.Input<SqlTarget>;
    /** The pipe: name, the receiving side's DataNodes, the sync user, extra attributes. */
    spec: pulumi.Input<PipeSpec>;
    /** root's password on the sending side (a secret); the pipe's source logs in with it. A change is put into the pipe in place (ALTER PIPE). */
    adminPassword: pulumi.Input<string>;
    /** The sync user's password on the receiving side (a secret). A change is put into the pipe in place (ALTER PIPE), its progress kept. */
    syncPassword: pulumi.Input<string>;
    /** Bound on the wait for RUNNING. Default 120 s. */
    timeoutSeconds?: pulumi.Input<number>;
    /**
     * What each DataNode of both sides printed when it last started (its service's stdout, which names
     * its process). When one changes (a DataNode started, restarted or was replaced), the pipe is
     * resumed once both sides are up: IoTDB 2.0.10 builds no task for a pipe whose peer was
     * unreachable at the DataNode's start (see resumePipeScript). Default: none, never resumed.
     */
    dataNodeStarts?: pulumi.Input<string>[];
    /**
     * The ConfigNode on the pipe's machine, when it runs one (IotdbNode.confignodeRestart): the resume
     * and the removal restart it when IoTDB lost its pipe lock (lib/render/sqlScripts.ts pipeStatementRunner).
     * Default: none; a lost lock then fails them naming the fix.
     */
    configNode?: pulumi.Input<ConfigNodeRestart>;
}

/** The paths the pipe carries (its source's pattern), when it names them. */
const patternOf = (s: PipeSpec): string[] => { const p = pipeSourceAttributes(s)[PATTERN_ATTRIBUTE]; return p ? [p] : []; };

/** The source attributes that identify a pipe: its pattern without the canary device (lib/plan/canary.ts). */
function identifyingSource(s: PipeSpec): Record<string, string> {
    const source = pipeSourceAttributes(s);
    const pattern = source[PATTERN_ATTRIBUTE];
    return pattern === undefined ? source : { ...source, [PATTERN_ATTRIBUTE]: withoutCanary(pattern) };
}

/** What the policy pack checks (components/support/policyFacts.ts): plain, non-secret, from the values the pipe uses. */
function policyFactsOf(args: PipeArgs): pulumi.Output<PipeFacts> {
    const address = pulumi.unsecret(pulumi.output(args.connection).apply((c) => c.host));
    const secrets = secretInputs(args.connection, { adminPassword: args.adminPassword, syncPassword: args.syncPassword });
    return pulumi.all([address, args.target, args.spec, secrets]).apply(([addr, target, spec, s]) =>
        pipeFacts({ address: addr, target, spec, secretInputs: s }));
}

/**
 * A dual-active pipe from one side to the other (never forwarding what another pipe wrote).
 * Created once both sides are up; on delete stopped, then dropped. A change of its settings
 * replaces it, but for the canary device in its pattern, which is added in place (ALTER PIPE keeps
 * the pipe's progress).
 * A change of its passwords alone is made in place too.
 */
export class Pipe extends pulumi.ComponentResource {
    /** The pipe's ID. */
    public readonly pipeName: pulumi.Output<string>;
    /** The facts the policy pack checks: an input (resource policies) and an output (stack policies). */
    public readonly policyFacts: pulumi.Output<PipeFacts>;

    constructor(name: string, args: PipeArgs, opts?: pulumi.ComponentResourceOptions) {
        const policyFacts = policyFactsOf(args);
        // What restarts and repairs it (every DataNode's start output, the ConfigNode's scripts) stays out of
        // the registered inputs: each DataNode start would show as a change of the component itself.
        super("iotdb:index:Pipe", name, { ...args, policyFacts, dataNodeStarts: undefined, configNode: undefined }, opts);
        this.policyFacts = policyFacts;
        const spec = pulumi.output(args.spec);
        const script = new RemoteScript(`${name}-pipe`, {
            connection: args.connection,
            step: pulumi.interpolate`pipe ${spec.name}`,
            // A pipe there already that carries other paths (one made before the canary) is altered in place.
            create: pulumi.all([args.target, spec, args.timeoutSeconds]).apply(([t, s, timeout]) =>
                ensurePipeScript(t, s.name, timeout ?? 120, { pattern: patternOf(s)[0] })),
            delete: pulumi.all([args.target, spec, args.configNode]).apply(([t, s, cn]) => removePipeScript(t, s.name, undefined, cn)),
            check: pulumi.all([args.target, spec]).apply(([t, s]) => checkPipeScript(t, s.name)),
            stdin: pulumi.secret(pulumi.all([args.adminPassword, spec, args.syncPassword]).apply(([admin, s, sync]) =>
                // Line 3, the pattern's ALTER (empty without one); line 4, the passwords' ALTER (pipe-ensure.sh).
                stdinLines([admin, createPipeSql(s, sync), patternOf(s).map((p) => alterPipePatternSql(s.name, p, sync))[0] ?? "",
                    alterPipePasswordsSql(s, sync, admin)]))),
            // New passwords (root's of this side, the sync user's of the other) are put in place with
            // ALTER PIPE, the pipe's progress kept (pipe-ensure.sh).
            previousStdinOnUpdate: true,
            // What the pipe is (without the password): any change recreates it, but for its canary
            // device, which the create script adds to a pipe made before it in place (ALTER PIPE).
            triggers: [spec.apply((s) => ({ name: s.name, source: identifyingSource(s), sink: pipeSinkAttributes(s) }))],
        }, { parent: this, dependsOn: dependencies(opts) });
        new RemoteScript(`${name}-resume`, {
            connection: args.connection,
            step: pulumi.interpolate`resume pipe ${spec.name}`,
            create: pulumi.all([args.target, spec, args.configNode]).apply(([t, s, cn]) => resumePipeScript(t, s.name, cn)),
            stdin: pulumi.secret(pulumi.output(args.adminPassword).apply((pw) => stdinLines([pw]))),
            triggers: args.dataNodeStarts ?? [],
        }, { parent: this, dependsOn: [script] });
        this.pipeName = spec.name;
        // No state output: what the pipe said at creation stays in the stack while it stops or stalls.
        this.registerOutputs(withoutSecrets({ pipeName: this.pipeName, policyFacts: this.policyFacts }));
    }
}
