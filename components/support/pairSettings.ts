// DualActivePair's Args validated by the project's own parser, with the messages a stack gets.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { parsePairConfig, PairConfig } from "../../lib/config/pairConfig";
import { DistributionSource } from "../../lib/model/config";
import { locateDistribution } from "../../lib/config/distribution";
import { archiveFormatOf } from "../../lib/rules";
import { PASSWORD_KEYS, PasswordKey } from "../../lib/config/passwords";
import type { DualActivePairArgs } from "../pairArgs";

/**
 * What stands in for the passwords while the settings are checked: they may be Outputs, unknown
 * until the deployment runs, so {@link checkedPasswords} checks them on their own, later.
 */
const PASSWORD_CHECKED_LATER = "checked-later";

/** The validated config of the pair's settings (every problem at once, as a ConfigError). */
export function validatedSettings(name: string, args: DualActivePairArgs): PairConfig {
    const { adminPassword: _a, syncPassword: _s, adminPasswordB: _ab, syncPasswordB: _sb, owner: _o, ...settings } = args;
    // Stand-ins that pass every password rule, each side's its own (they must differ).
    const later = Object.fromEntries(PASSWORD_KEYS.map((k) => [k, `${PASSWORD_CHECKED_LATER}-${k}`]));
    return parsePairConfig({ ...settings, ...later }, {
        namespace: name, stack: pulumi.getStack(), isSecret: () => true, fileExists: fs.existsSync,
    });
}

/** The passwords of the pair, by config key. */
export type PairPasswords = Record<PasswordKey, pulumi.Output<string>>;

/**
 * The passwords, secret, once the parser has checked them with the rest of the settings: a password
 * IoTDB refuses, `root`'s default, one not passed as a secret or side B's equal to side A's fails
 * the deployment before any resource that takes it is created.
 */
export function checkedPasswords(name: string, args: DualActivePairArgs): PairPasswords {
    const { adminPassword: _a, syncPassword: _s, adminPasswordB: _ab, syncPasswordB: _sb, owner: _o, ...settings } = args;
    const given = PASSWORD_KEYS.map((k) => pulumi.output(args[k]));
    const checked = pulumi.all([pulumi.all(given), pulumi.all(given.map((g) => pulumi.isSecret(g)))])
        .apply(([values, secrets]) => {
            const secret = Object.fromEntries(PASSWORD_KEYS.map((k, i) => [k, secrets[i] === true]));
            const raw = Object.fromEntries(PASSWORD_KEYS.map((k, i) => [k, values[i]]));
            parsePairConfig({ ...settings, ...raw }, {
                namespace: name, stack: pulumi.getStack(), isSecret: (k) => secret[k] === true, fileExists: fs.existsSync,
            });
            return raw as Record<PasswordKey, string>;
        });
    return Object.fromEntries(PASSWORD_KEYS.map((k) => [k, pulumi.secret(checked.apply((p) => p[k]))])) as PairPasswords;
}

/** The distribution archive: at `distribution.url` (.zip or .tar.gz, its SHA-512 or SHA-256), else the local file (`localPath` or the one setup built). */
export function archiveOf(c: PairConfig): DistributionSource {
    const { url, sha256, sha512 } = c.distribution;
    if (!url) return locateDistribution(c.iotdbVersion, c.distribution.localPath);
    return { url, ...(sha512 ? { sha512 } : { sha256 }), format: archiveFormatOf(url) };
}
