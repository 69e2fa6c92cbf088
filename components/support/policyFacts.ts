// What the components tell the policy pack (policy/): plain, non-secret facts about each node and
// pipe, built from the very values the component uses. Pure: no Pulumi.
//
// The policy engine hands a policy every secret already unwrapped, so a policy cannot see by itself
// whether a password arrived as a secret: the component records that (`secretInputs`) while it still
// holds the Output. Components pass the facts as an input (`policyFacts`, checked by resource policies
// before anything of the component is created) and register them as an output (for the stack
// policies, which see outputs only).
import { SqlTarget } from "../../lib/render/sqlScripts";
import { PipeSpec, pipeSinkAttributes, pipeSourceAttributes } from "../../lib/render/sql";

/** Type tokens of the components that carry facts. */
export const NODE_TYPE = "iotdb:index:IotdbNode";
export const PIPE_TYPE = "iotdb:index:Pipe";

/** Per password-ish input of a component: whether it arrived as a Pulumi secret. */
export type SecretInputs = Record<string, boolean>;

/** What the policy pack checks of a node. */
export interface NodeFacts {
    /** The node's hostname (IoTDB's internal and RPC address). */
    hostname: string;
    /** Where Pulumi reaches the machine (connection host). */
    address: string;
    /** cluster_name: the side the node belongs to. */
    clusterName: string;
    /** IoTDB version installed. */
    version: string;
    /** Client RPC port. */
    rpcPort: number;
    secretInputs: SecretInputs;
}

/** The node a pipe runs on. */
export interface PipeSender {
    /** Where Pulumi reaches it (connection host). */
    address: string;
    /** The hostname the SQL runs through (its RPC address). */
    hostname: string;
    /** Its client RPC port. */
    rpcPort: number;
}

/** What the policy pack checks of a pipe. */
export interface PipeFacts {
    /** Pipe ID. */
    name: string;
    /** The sending node: where Pulumi reaches it and the hostname the SQL runs through. */
    from: PipeSender;
    /** Source attributes exactly as the pipe is created with them. */
    source: Record<string, string>;
    /** Sink attributes as created, with the value of any password-ish attribute replaced. */
    sink: Record<string, string>;
    secretInputs: SecretInputs;
}

/** An attribute or input name that holds a password, key or token. */
export function isPasswordKey(key: string): boolean {
    return /password|passwd|(^|[._-])pwd($|[._-])|secret|private-?key|token/i.test(key);
}

export const REDACTED = "[redacted]";

/** The attributes with the value of every password-ish key replaced (the key stays, for the rules). */
export function redactPasswordValues(attrs: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, isPasswordKey(k) ? REDACTED : v]));
}

/** The facts of a pipe, from the sending machine's address (SSH host), its SQL target and the spec. */
export function pipeFacts(v: { address: string; target: SqlTarget; spec: PipeSpec; secretInputs: SecretInputs }): PipeFacts {
    return {
        name: v.spec.name,
        from: { address: v.address, hostname: v.target.rpcHost, rpcPort: v.target.rpcPort },
        source: redactPasswordValues(pipeSourceAttributes(v.spec)),
        sink: redactPasswordValues(pipeSinkAttributes(v.spec)),
        secretInputs: v.secretInputs,
    };
}
