import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { shellAssign, shellQuote, shellQuoteAll, ShellQuoteError } from "../../lib/render/shell";

/** Runs a bash script for real; returns stdout, stderr and the exit status. */
function bash(script: string, cwd?: string): { stdout: string; stderr: string; status: number | null } {
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8", cwd, timeout: 10000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const HOSTILE_VALUES: string[] = [
    "; rm -rf /",
    "$(touch PWNED)",
    "`touch PWNED`",
    "'; touch PWNED; echo '",
    '"; touch PWNED; echo "',
    "a'b\"c",
    "line1\nline2; touch PWNED",
    "$HOME ${PATH} $((1+1)) $$ $? !! *",
    "\\'\\\"\\\\",
    "tab\there\r\n",
    "-n",
    "",
    "'",
    "''''",
    "ünïcødé ✓",
];

describe("shellQuote", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "shellquote-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("wraps in single quotes and escapes single quotes", () => {
        assert.strictEqual(shellQuote("abc"), "'abc'");
        assert.strictEqual(shellQuote("it's"), `'it'\\''s'`);
        assert.strictEqual(shellQuote(""), "''");
        assert.strictEqual(shellQuote(6667), "'6667'");
    });

    it("rejects NUL, non-finite numbers and non-strings", () => {
        assert.throws(() => shellQuote("a\0b"), ShellQuoteError);
        assert.throws(() => shellQuote(NaN), ShellQuoteError);
        assert.throws(() => shellQuote(Infinity), ShellQuoteError);
        assert.throws(() => shellQuote(undefined as unknown as string), ShellQuoteError);
        assert.throws(() => shellQuote({} as unknown as string), ShellQuoteError);
    });

    for (const value of HOSTILE_VALUES) {
        it(`keeps ${JSON.stringify(value)} inert and exact in bash`, () => {
            const r = bash(`printf '%s' ${shellQuote(value)}`, dir);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, value);
            assert.ok(!fs.existsSync(path.join(dir, "PWNED")), "command substitution ran");
            // As an assignment too (the form the host scripts use).
            const r2 = bash(`${shellAssign("v", value)}\nprintf '%s' "$v"`, dir);
            assert.strictEqual(r2.status, 0, r2.stderr);
            assert.strictEqual(r2.stdout, value);
            assert.ok(!fs.existsSync(path.join(dir, "PWNED")), "command substitution ran");
        });
    }

    it("shellQuoteAll keeps word boundaries", () => {
        const words = ["a b", "$(id)", "", "x'y"];
        const r = bash(`for w in ${shellQuoteAll(words)}; do printf '<%s>' "$w"; done`, dir);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "<a b><$(id)><><x'y>");
    });

    it("shellAssign rejects invalid variable names", () => {
        assert.throws(() => shellAssign("a b", "x"), ShellQuoteError);
        assert.throws(() => shellAssign("1x", "x"), ShellQuoteError);
        assert.throws(() => shellAssign("x;id", "x"), ShellQuoteError);
        assert.strictEqual(shellAssign("_ok1", "v"), "_ok1='v'");
    });
});
