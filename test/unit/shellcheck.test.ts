// Every shell file of the repository, every host-script template (lib/render/sh/) and every host
// script as rendered (renderSamples.ts) is shellcheck-clean.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TEMPLATE_DIR } from "../../lib/render/template";
import { renderedSamples } from "./renderSamples";

const REPO_ROOT = path.resolve(__dirname, "../..");
const hasShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

/** Shell files git knows: `*.sh`, and the extension-less bash files of scripts/ and host-tools/. */
function repositoryShellFiles(): string[] {
    const git = (...args: string[]) => spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    const bashFiles = git("ls-files", "scripts", "host-tools").filter((f) =>
        !path.basename(f).includes(".") && /^#!.*\bbash\b/.test(fs.readFileSync(path.join(REPO_ROOT, f), "utf8").split("\n")[0]));
    return [...new Set([...git("ls-files", "*.sh"), ...bashFiles])].sort();
}

function shellcheck(args: string[], input?: string): { status: number | null; out: string } {
    const r = spawnSync("shellcheck", ["-f", "gcc", ...args], { cwd: REPO_ROOT, input, encoding: "utf8" });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("shellcheck finds nothing", function () {
    this.timeout(60_000);
    before(function () {
        // npm test installs shellcheck with the test hosts (scripts/hosts.sh); a bare unit run may lack it.
        if (!hasShellcheck) this.skip();
    });

    it("finds the repository's shell files", () => {
        const files = repositoryShellFiles();
        for (const f of ["scripts/test.sh", "scripts/lib/common.sh", "host-tools/iotdb-sql", "host-tools/iotdb-flusher"]) {
            assert.ok(files.includes(f), `${f} is not checked: ${files.join(" ")}`);
        }
    });

    for (const file of repositoryShellFiles()) {
        it(file, () => {
            const r = shellcheck(["-x", "-P", "SCRIPTDIR", file]);
            assert.strictEqual(r.status, 0, r.out);
        });
    }

    for (const template of fs.readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith(".sh")).sort()) {
        it(`template lib/render/sh/${template}`, () => {
            const r = shellcheck(["-s", "bash", path.join(TEMPLATE_DIR, template)]);
            assert.strictEqual(r.status, 0, r.out);
        });
    }

    for (const [name, text] of Object.entries(renderedSamples())) {
        it(`rendered: ${name}`, () => {
            // SC2317: a helper of the shared prelude or of roles.sh that this script does not call.
            // SC2016: an injected value is data, quoted not to expand (a ConfigNode's stop script);
            // the templates themselves are checked with it above.
            const r = shellcheck(["-s", "bash", "-e", "SC2317,SC2016", "-"], text);
            assert.strictEqual(r.status, 0, `${r.out}\n${text}`);
        });
    }
});
