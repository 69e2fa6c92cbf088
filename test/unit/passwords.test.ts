import * as assert from "assert";
import { generatePassword, IOTDB_PASSWORD_RE, PASSWORD_ALPHABET } from "../../lib/config/passwords";

describe("generated passwords", () => {
    it("have the asked length, only alphabet characters, and pass IoTDB's rule", () => {
        for (const n of [12, 24, 32]) {
            const pw = generatePassword(n);
            assert.strictEqual(pw.length, n);
            assert.ok([...pw].every((ch) => PASSWORD_ALPHABET.includes(ch)), pw.length + " chars outside the alphabet");
            assert.match(pw, IOTDB_PASSWORD_RE);
        }
    });

    it("differ each time and use the whole alphabet", () => {
        const many = Array.from({ length: 200 }, () => generatePassword(24));
        assert.strictEqual(new Set(many).size, many.length);
        const seen = new Set(many.join(""));
        assert.strictEqual(seen.size, PASSWORD_ALPHABET.length, "some characters never appear: biased");
    });

    it("refuse lengths IoTDB or a sane policy would not take", () => {
        for (const n of [0, 11, 33, 1.5]) assert.throws(() => generatePassword(n), /12 to 32/);
    });
});
