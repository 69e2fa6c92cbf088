// How Pulumi reaches each machine: the SSH connection every step of a node uses (login, host key trust,
// the limit a step runs under). Pure; the shape is providers/ssh.ts's SshConnection.
import type { NodeConfig, PairConfig } from "../model/config";

/** Margin above the longest wait a step does itself, for what it runs around that wait. */
export const STEP_MARGIN_SECONDS = 300;

/**
 * The limit every remote step runs under: ssh.stepTimeoutSeconds, raised when the stack lets a step wait
 * longer on its own (a start waits startTimeoutSeconds a role, a DataNode removal four times that).
 */
export function stepTimeoutSeconds(c: Pick<PairConfig, "ssh" | "startTimeoutSeconds">): number {
    return Math.max(c.ssh.stepTimeoutSeconds, 4 * c.startTimeoutSeconds + STEP_MARGIN_SECONDS);
}

export interface ConnectionPlan {
    host: string;
    port: number;
    user: string;
    privateKeyPath?: string;
    dialTimeoutSeconds: number;
    dialAttempts: number;
    /** Set when the node names its host key: trusted instead of the known_hosts file. */
    hostKeyFingerprint?: string;
    /** Set when the stack names a known_hosts file (else the user's ~/.ssh/known_hosts). */
    knownHostsPath?: string;
    stepTimeoutSeconds: number;
}

/** The connection to a machine: at its address, trusting its own host key or the stack's known_hosts. */
export function connectionTo(c: Pick<PairConfig, "ssh" | "startTimeoutSeconds">, n: Pick<NodeConfig, "address" | "hostKey">): ConnectionPlan {
    return {
        host: n.address, port: c.ssh.port, user: c.ssh.user, privateKeyPath: c.ssh.privateKeyPath,
        dialTimeoutSeconds: c.ssh.dialTimeoutSeconds, dialAttempts: c.ssh.dialAttempts,
        ...(n.hostKey ? { hostKeyFingerprint: n.hostKey } : {}),
        ...(c.ssh.knownHostsPath ? { knownHostsPath: c.ssh.knownHostsPath } : {}),
        stepTimeoutSeconds: stepTimeoutSeconds(c),
    };
}
