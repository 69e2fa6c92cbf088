// lib/render/template.ts: how a host script is put together from the prelude, its inputs and its .sh files.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { shellAssignArray, ShellQuoteError } from "../../lib/render/shell";
import { renderFragment, renderScript, shellInputs, TEMPLATE_DIR, templateBody } from "../../lib/render/template";

describe("host script templates", () => {
    it("renders the prelude, TAG, the inputs, then the templates; without the templates' headers", () => {
        const text = renderScript("iotdb-x", { home: "/opt/a b", roles: ["confignode", "datanode"] }, ["download"]);
        const lines = text.split("\n");
        assert.strictEqual(lines[0], "set -euo pipefail");
        const tag = lines.indexOf("TAG='iotdb-x'");
        assert.ok(tag > 0, text);
        assert.deepStrictEqual(lines.slice(tag + 1, tag + 3), ["home='/opt/a b'", "roles=('confignode' 'datanode')"]);
        assert.ok(text.endsWith(`${templateBody("download")}\n`));
        assert.ok(!text.includes("# shellcheck shell=bash"), "a header was rendered");
        assert.strictEqual(spawnSync("bash", ["-n", "-c", text]).status, 0);
    });

    it("every template starts with its header: a shell directive, then a blank line before its body", () => {
        for (const f of fs.readdirSync(TEMPLATE_DIR).filter((n) => n.endsWith(".sh"))) {
            const text = fs.readFileSync(path.join(TEMPLATE_DIR, f), "utf8");
            assert.match(text, /^# shellcheck shell=bash\n(#.*\n)*\n\S/, f);
        }
    });

    it("injected values stay data: a hostile value reaches the script byte for byte and runs nothing", () => {
        const hostile = `$(echo PWNED)\`echo PWNED\`'; echo PWNED; '"\n*`;
        const script = `${renderFragment({ v: hostile, a: [hostile, "x"] }, [])}\nprintf '%s|%s|%s' "$v" "\${a[0]}" "\${a[1]}"`;
        const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
        assert.strictEqual(r.stdout, `${hostile}|${hostile}|x`);
    });

    it("refuses a name that is not a bash variable", () => {
        assert.throws(() => shellInputs({ "a-b": "x" }), ShellQuoteError);
        assert.throws(() => shellAssignArray("1a", []), ShellQuoteError);
        assert.strictEqual(shellAssignArray("empty", []), "empty=()");
    });
});
