// Passwords IoTDB accepts, and random ones for `npm run passwords` (scripts/passwords.sh).
// Pure: no Pulumi. The stack keeps them as config secrets, so Pulumi masks them everywhere it prints.
import * as crypto from "crypto";

/** IoTDB 2.x accepts 4 to 32 characters of letters, digits and `-_!@#$%^&*()+=`. */
export const IOTDB_PASSWORD_RE = /^[-\w!@#$%^&*()+=]{4,32}$/;

/** Characters of generated passwords: IoTDB's, minus those a shell or a reader would trip on. */
export const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_+=";

/** A uniformly random password over PASSWORD_ALPHABET (rejection sampling, no modulo bias). */
export function generatePassword(length: number): string {
    if (!Number.isInteger(length) || length < 12 || length > 32) throw new Error("length must be a whole number from 12 to 32");
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

/**
 * The stack config keys that hold passwords (always secrets), each side its own: root's on side A
 * and on side B, and the sync user's on side A (the one pipe BA logs in with) and on side B (pipe AB's).
 * The unsuffixed keys are side A's, as they were when both sides shared them: a stack from then
 * keeps them, and `npm run passwords` generates the B keys it lacks (never derived from A's).
 */
export const PASSWORD_KEYS = ["adminPassword", "syncPassword", "adminPasswordB", "syncPasswordB"] as const;

export type PasswordKey = typeof PASSWORD_KEYS[number];

/** Pairs of keys that must differ: one side's compromise must not open the other. */
export const SIDE_PASSWORD_PAIRS = [["adminPassword", "adminPasswordB"], ["syncPassword", "syncPasswordB"]] as const;

// `ts-node lib/config/passwords.ts generate`: one password on stdout; `keys`: PASSWORD_KEYS, one a
// line. For scripts/passwords.sh.
if (require.main === module && process.argv[2] === "generate") {
    process.stdout.write(generatePassword(24));
}
if (require.main === module && process.argv[2] === "keys") {
    process.stdout.write(PASSWORD_KEYS.join("\n") + "\n");
}
