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

/** The stack config keys that hold passwords (always secrets). */
export const PASSWORD_KEYS = ["adminPassword", "syncPassword"] as const;

// `ts-node lib/passwords.ts generate`: one password on stdout, for scripts/passwords.sh.
if (require.main === module && process.argv[2] === "generate") {
    process.stdout.write(generatePassword(24));
}
