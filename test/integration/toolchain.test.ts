// Issue: the real toolchain and the local test hosts. The pinned CLI runs a real `pulumi up` and
// `pulumi destroy` of a throwaway stack (one remote script on host A, one generated password) with
// plugin acquisition disabled.
import * as assert from "assert";
import * as path from "path";
import { execFileSync } from "child_process";
import { ensureTestHosts, assertTestHostUp, testHost, sshExec, sshKeyPath } from "./testhosts";
import { makeWorkspace, openStack, REPO_ROOT, Workspace, filesContaining } from "./pulumiHarness";

const npmRunPulumi = (...args: string[]) =>
    execFileSync("bash", [path.join(REPO_ROOT, "scripts/pulumi.sh"), ...args], { cwd: REPO_ROOT }).toString();

describe("toolchain", function () {
    this.timeout(10 * 60 * 1000);

    it("npm run pulumi -- version prints the pinned version", () => {
        const pinned = execFileSync("bash", ["-c", "source scripts/versions.sh && printf %s $PULUMI_VERSION"], { cwd: REPO_ROOT }).toString();
        assert.strictEqual(npmRunPulumi("version").trim(), `v${pinned}`);
    });

    describe("a throwaway stack on host A", () => {
        let ws: Workspace;
        const host = testHost(1);
        const marker = `/tmp/iotdb-da-throwaway-${process.pid}`;

        before(async () => {
            await ensureTestHosts(2);
            assertTestHostUp(host.address);
            const providers = path.join(REPO_ROOT, "providers");
            ws = makeWorkspace("throwaway", {
                "Pulumi.yaml": "name: throwaway\nruntime: nodejs\n",
                "package.json": JSON.stringify({ name: "throwaway", private: true }),
                "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", esModuleInterop: true } }),
                "index.ts": `
import { RemoteScript } from ${JSON.stringify(path.join(providers, "remoteScript"))};
import { GeneratedPassword } from ${JSON.stringify(path.join(providers, "generatedPassword"))};
const connection = { host: ${JSON.stringify(host.address)}, port: 22, user: "root", privateKeyPath: ${JSON.stringify(sshKeyPath())}, dialAttempts: 1 };
const pw = new GeneratedPassword("pw", { length: 20 });
const script = new RemoteScript("marker", {
    connection, step: "write marker",
    create: "set -euo pipefail; IFS= read -r p; printf '%s' \\"\${#p}\\" > ${marker}; echo \\"\$SSH_CONNECTION\\"",
    delete: "rm -f ${marker}",
    stdin: pw.result.apply((p) => p + "\\n"),
});
export const stdout = script.stdout;
export const password = pw.result;
`,
            });
        });
        after(() => ws?.cleanup());

        it("comes up and goes away with the real engine", async () => {
            const stack = await openStack(ws, "throwaway");
            const up = await stack.up({ onOutput: () => undefined });
            assert.strictEqual(up.summary.result, "succeeded");
            assert.strictEqual(up.summary.resourceChanges?.create, 3, JSON.stringify(up.summary.resourceChanges));
            assert.strictEqual(up.outputs.password.secret, true, "the password is not a secret output");
            assert.match(String(up.outputs.stdout.value), new RegExp(host.address.replace(/\./g, "\\.")));
            // The script ran on host A, with the 20-character password on its stdin.
            assert.strictEqual(sshExec(1, `cat ${marker}`).stdout, "20");
            assert.strictEqual(sshExec(2, `test -e ${marker}; echo $?`).stdout.trim(), "1", "the marker leaked to host B");

            const leaks = filesContaining(ws.backendDir, String(up.outputs.password.value));
            assert.deepStrictEqual(leaks, [], "the password is in the state backend in the clear");
            assert.ok(filesContaining(ws.backendDir, "ciphertext").length > 0, "no encrypted secret in the state: the check above proves nothing");

            const down = await stack.destroy({ onOutput: () => undefined });
            assert.strictEqual(down.summary.result, "succeeded");
            assert.strictEqual(sshExec(1, `test -e ${marker}; echo $?`).stdout.trim(), "1", "delete did not run on host A");
        });
    });
});
