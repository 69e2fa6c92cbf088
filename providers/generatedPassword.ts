// GeneratedPassword: a random password made once and kept (encrypted) in state.
// Plays the part of @pulumi/random's RandomPassword, whose provider cannot be built here (see README).
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";

export interface GeneratedPasswordArgs {
    /** Number of characters. IoTDB accepts 4 to 32. */
    length: pulumi.Input<number>;
    /** Any change of these makes a new password (rotation). */
    keepers?: pulumi.Input<Record<string, string>>;
}

/** Characters IoTDB accepts in a password, minus those a shell or SQL string would treat specially. */
export const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_+=";

/** A uniformly random password over PASSWORD_ALPHABET (rejection sampling, no modulo bias). */
export function generatePassword(length: number): string {
    const alphabet = PASSWORD_ALPHABET;
    const limit = 256 - (256 % alphabet.length);
    let out = "";
    while (out.length < length) {
        for (const b of crypto.randomBytes(length * 2)) {
            if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
        }
    }
    return out;
}

const generatedPasswordProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!Number.isInteger(news.length) || news.length < 12 || news.length > 32) {
            failures.push({ property: "length", reason: "length must be a whole number from 12 to 32 (IoTDB accepts at most 32)" });
        }
        return { inputs: news, failures };
    },
    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const changed = olds.length !== news.length || JSON.stringify(olds.keepers ?? {}) !== JSON.stringify(news.keepers ?? {});
        return { changes: changed, replaces: changed ? ["length", "keepers"] : [] };
    },
    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
        return { id: crypto.randomBytes(8).toString("hex"), outs: { ...inputs, result: generatePassword(inputs.length) } };
    },
};

export class GeneratedPassword extends pulumi.dynamic.Resource {
    /** The password (a secret). */
    declare public readonly result: pulumi.Output<string>;

    constructor(name: string, args: GeneratedPasswordArgs, opts?: pulumi.CustomResourceOptions) {
        super(generatedPasswordProvider, name, { ...args, result: undefined }, {
            ...opts,
            additionalSecretOutputs: ["result"],
        }, "iotdb", "GeneratedPassword");
    }
}
