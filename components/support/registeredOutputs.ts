// What a component records as its outputs in the state (registerOutputs): never a secret.
import * as pulumi from "@pulumi/pulumi";

/**
 * The outputs a component registers, without the secret ones and the undefined ones. A secret stays
 * on the component's own property (a program reads it from there, Pulumi keeps it encrypted); the
 * state's record of the component's outputs, which stack policies and `pulumi stack export` read,
 * never holds one. Use it for every `registerOutputs` call: `this.registerOutputs(withoutSecrets({...}))`.
 */
export async function withoutSecrets(outputs: Record<string, pulumi.Input<unknown> | undefined>): Promise<Record<string, pulumi.Input<unknown>>> {
    const kept: Record<string, pulumi.Input<unknown>> = {};
    for (const [key, value] of Object.entries(outputs)) {
        if (value === undefined) continue;
        if (await pulumi.isSecret(pulumi.output(value))) continue;
        kept[key] = value;
    }
    return kept;
}
