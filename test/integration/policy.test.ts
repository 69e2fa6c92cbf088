// The policy pack (policy/) with the real engine. test/fixtures/policyPair.ts builds the components
// directly, without lib/config.ts (which would refuse these setups before Pulumi registers anything),
// one setup per config `case`. A real `pulumi preview --policy-pack policy` rejects each violation
// with its rule's message, passes the compliant pair, and only warns about an old IoTDB version.
// Nothing is deployed; a create-preview connects nowhere: the test hosts' sshd never sees the
// fixture's login name (attributable even while other tests log in to the same hosts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { REPO_ROOT, policyPackDir } from "./pulumiHarness";
import { sshdLogLines } from "./hostProbes";
import { useFixture } from "./fixture";
import { FIXTURE_SSH_USER, PLAINTEXT_PASSWORD, PolicyCase } from "../fixtures/policyCases";

// policy/ for a stock CLI; for the toolchain built here, its manifest naming runtime nodejs-policy.
const POLICY_PACK = policyPackDir();

const refusals: { setup: PolicyCase; policy: string; resource: string; message: RegExp }[] = [
    {
        setup: "forwarding", policy: "pipe-never-forwards", resource: "iotdb:index:Pipe: fixture-pipe-ab",
        message: /pipe AB \(on iotdb-1\) sets 'source\.mode\.double-living'='false', so it forwards pipe requests \(IoTDB's default\) and rows loop between the sides/,
    },
    {
        setup: "same-hostname", policy: "sides-distinct", resource: "iotdb:index:IotdbNode: fixture-b",
        message: /hostname iotdb-1 is used by both fixture-a \(side fixture-a\) and fixture-b \(side fixture-b\): the two sides need distinct hostnames and addresses/,
    },
    {
        setup: "same-address", policy: "sides-distinct", resource: "iotdb:index:IotdbNode: fixture-b",
        message: /address 10\.213\.7\.11 is used by both fixture-a \(side fixture-a\) and fixture-b \(side fixture-b\)/,
    },
    {
        setup: "plaintext-password", policy: "passwords-are-secrets", resource: "iotdb:index:Pipe: fixture-pipe-ab",
        message: /Pipe fixture-pipe-ab: adminPassword is plain text; pass it as a Pulumi secret/,
    },
    {
        setup: "own-side", policy: "pipe-not-at-own-side", resource: "iotdb:index:Pipe: fixture-pipe-ab",
        message: /pipe AB on iotdb-1 \(10\.213\.7\.11\) points at iotdb-1:6667, its own side/,
    },
    {
        setup: "foreign-target", policy: "pipe-at-other-side", resource: "iotdb:index:Pipe: fixture-pipe-ab",
        message: /pipe AB \(side fixture-a\) points at iotdb-9:6667, which is no node of the other side \(iotdb-2:6667\)/,
    },
];

describe("policy pack (real preview of components built directly)", function () {
    this.timeout(15 * 60 * 1000);
    let stack: Stack;

    // The fixture's addresses are the test hosts'; the previews must not reach them (checked below).
    useFixture({ hosts: 2, workspace: { prefix: "policy", fixture: "policyPair" }, stack: { name: "policy" } }, (f) => { stack = f.stack; });

    async function preview(setup: PolicyCase): Promise<{ succeeded: boolean; output: string }> {
        await stack.setConfig("case", { value: setup });
        const attempts = () => [sshdLogLines(1, FIXTURE_SSH_USER), sshdLogLines(2, FIXTURE_SSH_USER)];
        const before = attempts();
        let output = "";
        let succeeded = true;
        try {
            await stack.preview({ policyPacks: [POLICY_PACK], onOutput: (s) => { output += s; } });
        } catch (e) {
            succeeded = false;
            output += String((e as Error).message);
        }
        assert.deepStrictEqual(attempts(), before, "the preview tried to log in to a test host");
        return { succeeded, output };
    }

    it("passes the compliant pair (so each refusal below is its setup's doing)", async () => {
        const r = await preview("compliant");
        assert.ok(r.succeeded, r.output.slice(-3000));
        assert.match(r.output, /✅ iotdb-dual-active@v\d/, "the policy pack did not run");
        assert.doesNotMatch(r.output, /\[(mandatory|advisory)\]/);
    });

    for (const c of refusals) {
        it(`rejects ${c.setup} with ${c.policy}'s message`, async () => {
            const r = await preview(c.setup);
            assert.ok(!r.succeeded, `the preview of ${c.setup} succeeded`);
            const at = r.output.indexOf(`[mandatory]  ${c.policy}  (${c.resource})`);
            assert.ok(at >= 0, `no ${c.policy} violation on ${c.resource}:\n${r.output.slice(-4000)}`);
            assert.match(r.output.slice(at), c.message);
            assert.ok(!r.output.includes(PLAINTEXT_PASSWORD), "the preview printed the plain password");
        });
    }

    it("only warns (advisory) about an IoTDB version older than the tested ones", async () => {
        const r = await preview("old-version");
        assert.ok(r.succeeded, r.output.slice(-3000));
        assert.match(r.output, /\[advisory\]  iotdb-version-tested  \(iotdb:index:IotdbNode: fixture-a\)/);
        assert.match(r.output, /IoTDB 1\.3\.7 on iotdb-1 is older than the versions this project tests \(2\.0\.10\)/);
    });
});

describe("policy pack (real preview of the project's own program)", function () {
    this.timeout(10 * 60 * 1000);
    let stack: Stack;

    useFixture({
        hosts: 2,
        workspace: { prefix: "policy-project", project: true },
        stack: { name: "pack", file: () => fs.readFileSync(path.join(REPO_ROOT, "stacks/Pulumi.local.yaml"), "utf8"), passwords: true },
    }, (f) => { stack = f.stack; });

    it("passes the pair index.ts builds from the local stack's config (a create-preview: no host reached)", async () => {
        let output = "";
        const r = await stack.preview({ policyPacks: [POLICY_PACK], onOutput: (s) => { output += s; } });
        assert.ok((r.changeSummary.create ?? 0) > 10, JSON.stringify(r.changeSummary));
        assert.match(output, /✅ iotdb-dual-active@v\d/, "the policy pack did not run, or found a violation");
    });
});
