// ssh: how Pulumi logs in to every machine.
import type { SshConfig } from "../../model/config";
import { isLoginName, isPort } from "../../rules";
import { DEFAULTS } from "../defaults";
import { ConfigContext, Parsed, Problems, Raw } from "../problems";

export function parseSsh(raw: Raw, ctx: ConfigContext): Parsed<SshConfig> {
    const out = new Problems(ctx.namespace);
    const given = raw.ssh ?? {};
    const ssh: SshConfig = {
        user: given.user ?? DEFAULTS.ssh.user,
        port: given.port ?? DEFAULTS.ssh.port,
        privateKeyPath: given.privateKeyPath,
        dialTimeoutSeconds: given.dialTimeoutSeconds ?? DEFAULTS.ssh.dialTimeoutSeconds,
        dialAttempts: given.dialAttempts ?? DEFAULTS.ssh.dialAttempts,
    };
    if (!isLoginName(ssh.user)) out.add("ssh.user", `${JSON.stringify(ssh.user)} is not a valid login name`);
    if (!isPort(ssh.port)) out.add("ssh.port", `${JSON.stringify(ssh.port)} is not a port number (1-65535)`);
    if (!ssh.privateKeyPath) {
        out.add("ssh.privateKeyPath", "is missing; set it to the private key file that logs in to every machine");
    } else if (ctx.fileExists && !ctx.fileExists(ssh.privateKeyPath)) {
        out.add("ssh.privateKeyPath", `${ssh.privateKeyPath} does not exist on this machine; point it at an existing private key file`);
    }
    return { value: ssh, problems: out.list };
}
