// DualActivePair's Args validated by the project's own parser, with the messages a stack gets.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { parsePairConfig, PairConfig } from "../../lib/config/pairConfig";
import { DistributionSource } from "../../lib/model/config";
import { locateDistribution } from "../../lib/config/distribution";
import type { DualActivePairArgs } from "../pairArgs";

/**
 * What stands in for the passwords while the settings are checked: they may be Outputs, unknown
 * until the deployment runs, so {@link checkedPasswords} checks them on their own, later.
 */
const PASSWORD_CHECKED_LATER = "checked-later";

/** The validated config of the pair's settings (every problem at once, as a ConfigError). */
export function validatedSettings(name: string, args: DualActivePairArgs): PairConfig {
    const { adminPassword: _a, syncPassword: _s, owner: _o, ...settings } = args;
    return parsePairConfig({ ...settings, adminPassword: PASSWORD_CHECKED_LATER, syncPassword: PASSWORD_CHECKED_LATER }, {
        namespace: name, stack: pulumi.getStack(), isSecret: () => true, fileExists: fs.existsSync,
    });
}

/**
 * The passwords, secret, once the parser has checked them with the rest of the settings: a password
 * IoTDB refuses, `root`'s default or one not passed as a secret fails the deployment before any
 * resource that takes it is created.
 */
export function checkedPasswords(name: string, args: DualActivePairArgs): { adminPassword: pulumi.Output<string>; syncPassword: pulumi.Output<string> } {
    const { adminPassword, syncPassword, owner: _o, ...settings } = args;
    const passwords = { adminPassword: pulumi.output(adminPassword), syncPassword: pulumi.output(syncPassword) };
    const checked = pulumi.all([passwords.adminPassword, passwords.syncPassword, pulumi.isSecret(passwords.adminPassword), pulumi.isSecret(passwords.syncPassword)])
        .apply(([admin, sync, adminSecret, syncSecret]) => {
            const secret: Record<string, boolean> = { adminPassword: adminSecret, syncPassword: syncSecret };
            parsePairConfig({ ...settings, adminPassword: admin, syncPassword: sync }, {
                namespace: name, stack: pulumi.getStack(), isSecret: (k) => secret[k] === true, fileExists: fs.existsSync,
            });
            return { admin, sync };
        });
    return { adminPassword: pulumi.secret(checked.apply((p) => p.admin)), syncPassword: pulumi.secret(checked.apply((p) => p.sync)) };
}

/** The distribution tarball: at `distribution.url`, else the local file (`localPath` or the one setup built). */
export function archiveOf(c: PairConfig): DistributionSource {
    return c.distribution.url
        ? { url: c.distribution.url, sha256: c.distribution.sha256! }
        : locateDistribution(c.iotdbVersion, c.distribution.localPath);
}
