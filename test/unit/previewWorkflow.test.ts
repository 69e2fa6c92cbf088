// The pull-request preview workflow (.github/workflows/preview.yml) gives the code of a pull request as
// little as a preview needs: no secret without an approved environment, no passphrase, no write.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const file = path.join(__dirname, "../../.github/workflows/preview.yml");
const text = fs.readFileSync(file, "utf8");
const workflow = yaml.load(text) as any;
const job = workflow.jobs.preview;

describe("pull-request previews: what the workflow gives a pull request's code", () => {
    it("runs on pull_request only, never pull_request_target (forks get no secret)", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
    });

    it("runs in the `preview` environment, whose reviewers release its variables and role", () => {
        assert.strictEqual(job.environment, "preview");
    });

    it("asks for read, the comment and an OIDC token; nothing else", () => {
        assert.deepStrictEqual(workflow.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
        assert.strictEqual(job.permissions, undefined);
    });

    it("uses no repository secret but GitHub's own token, and never a passphrase", () => {
        const secrets = [...text.matchAll(/secrets\.([A-Za-z_]+)/g)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(secrets)], ["GITHUB_TOKEN"]);
        const envKeys = [workflow.env, job.env, ...job.steps.map((s: any) => s.env)].flatMap((e) => Object.keys(e ?? {}));
        assert.ok(envKeys.length > 0 && !envKeys.some((k) => /PASSPHRASE/.test(k)), `no passphrase is set for the run: ${envKeys}`);
    });

    it("previews, never deploys", () => {
        const pulumiSteps = job.steps.filter((s: any) => typeof s.uses === "string" && s.uses.startsWith("pulumi/actions@"));
        assert.strictEqual(pulumiSteps.length, 1);
        assert.strictEqual(pulumiSteps[0].with.command, "preview");
        assert.ok(!job.steps.some((s: any) => /pulumi(\.sh)?\s+(up|destroy|refresh|import|state)\b/.test(String(s.run ?? ""))));
    });
});
