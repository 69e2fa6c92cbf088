// `npm run preview` (scripts/preview.sh) after a config change: the pull-request markdown names the
// changed resource, runs the policy pack, and shows secrets masked. The stack holds one harmless
// resource (test/fixtures/harmlessScript.ts: a script that runs `true` on test host 1); its secret
// config is set through stdin, as `pulumi config set --secret KEY` reads it, never on a command line.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { testHost, sshKeyPath, knownHostsPath } from "./testhosts";
import { setSecretConfig, REPO_ROOT, Workspace } from "./pulumiHarness";
import { useFixture } from "./fixture";

const FIRST_TOKEN = "Tok-first-8c1f2e";
const SECOND_TOKEN = "Tok-second-5d9a07";

describe("npm run preview (pull-request markdown)", function () {
    this.timeout(10 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;

    // The script has no delete step: the destroy after the suite reaches no host.
    useFixture({
        hosts: 2,
        workspace: { prefix: "preview", fixture: "harmlessScript" },
        stack: { name: "review", config: { host: testHost(1).address, privateKeyPath: sshKeyPath(), knownHostsPath: knownHostsPath(), greeting: "hello" }, secrets: { token: FIRST_TOKEN } },
        destroy: true,
    }, (f) => { ws = f.ws; stack = f.stack; });

    before(async () => {
        const up = await stack.up({ onOutput: () => undefined });
        assert.strictEqual(up.summary.result, "succeeded");
    });

    it("names the changed resource, shows the diff and masks the secrets", async () => {
        await stack.setConfig("greeting", { value: "hello again" });
        setSecretConfig(ws, "review", "token", SECOND_TOKEN);
        const file = path.join(ws.dir, "preview.md");
        const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/preview.sh"), "review", "--cwd", ws.dir, "--output", file], {
            cwd: REPO_ROOT, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000,
        });
        assert.strictEqual(r.status, 0, r.stderr);
        const md = fs.readFileSync(file, "utf8");
        assert.match(md, /^### ✅ Pulumi preview of stack `review`$/m);
        assert.match(md, /^\*\*Resources:\*\* ~ 1 to update, 1 unchanged$/m);
        assert.match(md, /^- update `greeter` \(pulumi-nodejs:dynamic\/iotdb:RemoteScript\)$/m);
        assert.match(md, /<details><summary>[^\n]*<\/summary>\n\n```diff\n[\s\S]*~ step\s*: "greet hello" => "greet hello again"[\s\S]*```\n\n<\/details>/);
        assert.match(md, /iotdb-dual-active\|local\|/, "the policy pack did not run");
        assert.match(md, /stdin\s*: \[secret\]/);
        for (const secret of [FIRST_TOKEN, SECOND_TOKEN]) {
            assert.ok(!md.includes(secret), "the markdown holds a secret in the clear");
            assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), "npm run preview printed a secret");
        }
    });
});
