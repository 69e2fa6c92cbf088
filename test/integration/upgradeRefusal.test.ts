// A version change IoTDB cannot make in place is refused by a real `pulumi preview`, from the version
// recorded in the stack's state, before any login: the real engine and RemoteScript's provider check
// (lib/plan/upgrade.ts). The stack holds a stand-in of a node's install step (test/fixtures/versionedInstall.ts,
// a script that runs `true` on test host 1), because 2.0.10 is the only version the project can deploy:
// a pair can never be on another version to change from (docs/runbook.md, "Upgrade IoTDB").
import * as assert from "assert";
import { Stack } from "@pulumi/pulumi/automation";
import { testHost, sshKeyPath, knownHostsPath } from "./testhosts";
import { sshLoginCount } from "./hostProbes";
import { useFixture } from "./fixture";

describe("iotdbVersion changes IoTDB cannot make in place are refused at preview (real engine)", function () {
    this.timeout(10 * 60 * 1000);
    let stack: Stack;

    // The script has no delete step: the destroy after the suite reaches no host.
    useFixture({
        hosts: 1,
        workspace: { prefix: "upgrade", fixture: "versionedInstall" },
        stack: { name: "upgrade", config: { host: testHost(1).address, privateKeyPath: sshKeyPath(), knownHostsPath: knownHostsPath(), node: testHost(1).label, version: "2.0.10" } },
        destroy: true,
    }, (f) => { stack = f.stack; });

    before(async () => {
        const up = await stack.up({ onOutput: () => undefined });
        assert.strictEqual(up.summary.result, "succeeded");
    });

    async function previewAt(version: string): Promise<{ message: string; logins: number; changes: Record<string, number> }> {
        await stack.setConfig("version", { value: version });
        const before = sshLoginCount(1);
        let message = "";
        let changes: Record<string, number> = {};
        try {
            changes = (await stack.preview({ onOutput: () => undefined })).changeSummary as Record<string, number>;
        } catch (e) {
            message = String((e as Error).message);
        }
        return { message, logins: sshLoginCount(1) - before, changes };
    }

    for (const [to, why] of [["2.0.2", /2\.0\.10 -> 2\.0\.2 is a downgrade/], ["1.3.3", /2\.0\.10 -> 1\.3\.3 is a downgrade/], ["2.2.0", /skips a release line.*go to a 2\.1 release first/]] as const) {
        it(`refuses 2.0.10 -> ${to}, naming the node, iotdbVersion and the fix, with no login`, async () => {
            const r = await previewAt(to);
            const label = testHost(1).label;
            assert.match(r.message, new RegExp(`${label}: iotdbVersion from "2\\.0\\.10" to "${to.replace(/\./g, "\\.")}" refused: `));
            assert.match(r.message, why);
            assert.match(r.message, /Nothing was changed\. Set iotdbVersion back to "2\.0\.10"/);
            assert.strictEqual(r.logins, 0, "an SSH login reached the host");
        });
    }

    it("refuses even a newer patch for a node of a side of several nodes (up would roll its cluster one node at a time)", async () => {
        await stack.setConfig("sideOfSeveral", { value: "true" });
        try {
            const r = await previewAt("2.0.11");
            assert.match(r.message, /iotdbVersion from "2\.0\.10" to "2\.0\.11" refused: a version change of a side of several nodes is not automated/);
            assert.strictEqual(r.logins, 0, "an SSH login reached the host");
        } finally {
            await stack.setConfig("sideOfSeveral", { value: "false" });
        }
    });

    it("lets 2.0.10 -> 2.1.0 (the next line) and 2.0.10 again through: the recorded version alone changes nothing", async () => {
        for (const v of ["2.1.0", "2.0.10"]) {
            const r = await previewAt(v);
            assert.strictEqual(r.message, "", r.message.slice(0, 2000));
            assert.deepStrictEqual(r.changes, { same: 2 }, `${v}: ${JSON.stringify(r.changes)}`);
        }
    });
});
