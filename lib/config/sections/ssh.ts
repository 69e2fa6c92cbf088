// ssh: how Pulumi logs in to every machine.
import type { SshConfig } from "../../model/config";
import { isAbsolutePath, isLoginName, isPort } from "../../rules";
import { DEFAULTS } from "../defaults";
import { ConfigContext, Parsed, Problems, Raw } from "../problems";

/** Bounds of ssh.stepTimeoutSeconds: a step's own waits (a start, a removal) are longer than a minute. */
export const MIN_STEP_TIMEOUT_SECONDS = 60;
export const MAX_STEP_TIMEOUT_SECONDS = 86400;

export function parseSsh(raw: Raw, ctx: ConfigContext): Parsed<SshConfig> {
    const out = new Problems(ctx.namespace);
    const given = raw.ssh ?? {};
    const ssh: SshConfig = {
        user: given.user ?? DEFAULTS.ssh.user,
        port: given.port ?? DEFAULTS.ssh.port,
        privateKeyPath: given.privateKeyPath,
        dialTimeoutSeconds: given.dialTimeoutSeconds ?? DEFAULTS.ssh.dialTimeoutSeconds,
        dialAttempts: given.dialAttempts ?? DEFAULTS.ssh.dialAttempts,
        ...(given.knownHostsPath !== undefined ? { knownHostsPath: given.knownHostsPath } : {}),
        stepTimeoutSeconds: given.stepTimeoutSeconds ?? DEFAULTS.ssh.stepTimeoutSeconds,
    };
    if (!isLoginName(ssh.user)) out.add("ssh.user", `${JSON.stringify(ssh.user)} is not a valid login name`);
    if (!isPort(ssh.port)) out.add("ssh.port", `${JSON.stringify(ssh.port)} is not a port number (1-65535)`);
    if (!ssh.privateKeyPath) {
        out.add("ssh.privateKeyPath", "is missing; set it to the private key file that logs in to every machine");
    } else if (ctx.fileExists && !ctx.fileExists(ssh.privateKeyPath)) {
        out.add("ssh.privateKeyPath", `${ssh.privateKeyPath} does not exist on this machine; point it at an existing private key file`);
    }
    if (ssh.knownHostsPath !== undefined) {
        if (!isAbsolutePath(ssh.knownHostsPath)) {
            out.add("ssh.knownHostsPath", `${JSON.stringify(ssh.knownHostsPath)} must be an absolute path of letters, digits, '.', '_', '-' and '/'`);
        } else if (ctx.fileExists && !ctx.fileExists(ssh.knownHostsPath)) {
            out.add("ssh.knownHostsPath", `${ssh.knownHostsPath} does not exist on this machine; point it at a known_hosts file holding every machine's host key (ssh-keyscan HOST >> FILE, after checking each fingerprint on the machine)`);
        }
    }
    const t = ssh.stepTimeoutSeconds;
    if (!Number.isInteger(t) || t < MIN_STEP_TIMEOUT_SECONDS || t > MAX_STEP_TIMEOUT_SECONDS) {
        out.add("ssh.stepTimeoutSeconds", `${JSON.stringify(t)} must be a whole number of seconds from ${MIN_STEP_TIMEOUT_SECONDS} to ${MAX_STEP_TIMEOUT_SECONDS}`);
    }
    return { value: ssh, problems: out.list };
}
