// Whether a component's password-ish inputs arrived as Pulumi secrets: a fact for the policy pack,
// which cannot tell by itself (see policyFacts.ts).
import * as pulumi from "@pulumi/pulumi";
import { SshConnection } from "../../providers/ssh";
import { SecretInputs } from "./policyFacts";

/**
 * For each password given (undefined ones are skipped), whether it is a secret; plus
 * `connection.privateKey` when the connection carries a key itself. Only secretness is read, never a
 * value, so the result is not a secret.
 */
export function secretInputs(
    connection: pulumi.Input<SshConnection>,
    passwords: Record<string, pulumi.Input<string> | undefined>,
): pulumi.Output<SecretInputs> {
    const conn = pulumi.output(connection);
    const flags = Promise.all(Object.entries(passwords)
        .filter(([, v]) => v !== undefined)
        .map(async ([k, v]) => [k, await pulumi.isSecret(pulumi.output(v!))] as const));
    const hasKey = pulumi.unsecret(conn.apply((c) => c.privateKey !== undefined));
    return pulumi.all([hasKey, pulumi.isSecret(conn), flags]).apply(([key, connSecret, pw]) => {
        const out: SecretInputs = Object.fromEntries(pw);
        if (key) out["connection.privateKey"] = connSecret;
        return out;
    });
}
