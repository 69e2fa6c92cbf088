// Secrets never appear in the clear, and hostile config values never run: one full up/destroy cycle
// of the project's pair watched from outside (state files, logs, process
// lists on this machine and on both hosts sampled during the run, the hosts' logs and history).
//
// Pulumi's output is checked as an operator and CI see it. Not checked: the engine's own debug logs
// (--logtostderr -v=3 and up), which print dynamic providers' raw responses, generated passwords
// included (config secrets are masked there); see the issue note for the way out being considered.
import * as assert from "assert";
import * as fs from "fs";
import { spawnSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { ensureTestHosts, sshExec, sshKeyPath } from "./testhosts";
import { makeWorkspace, openStack, filesContaining, Workspace } from "./pulumiHarness";
import { newRun, stackConfig, cleanupHosts } from "./pairFixture";
import { requireNoIotdbRunning } from "./hostProbes";

const run = newRun("sec");
const ADMIN = "Adm1n-" + Math.random().toString(36).slice(2, 12);
// Values that would run a command if any script interpolated them unquoted.
const HOSTILE: Record<string, string> = {
    x_probe_semicolon: "a; touch /tmp/PWNED-semicolon",
    x_probe_subshell: "$(touch /tmp/PWNED-subshell)",
    x_probe_backticks: "`touch /tmp/PWNED-backticks`",
    x_probe_double_quotes: "\"; touch /tmp/PWNED-dquote; echo \"",
};

/** Where `secret` occurs in `text`: the lines around each hit, the secret itself masked ("" if none). */
function around(text: string, secret: string): string {
    const hits: string[] = [];
    for (let k = text.indexOf(secret); k >= 0 && hits.length < 5; k = text.indexOf(secret, k + 1)) {
        hits.push(text.slice(Math.max(0, k - 300), k + secret.length + 100).split(secret).join("<SECRET>"));
    }
    return hits.join("\n---\n");
}

/** Samples `ps` here and on both hosts every 300 ms until stopped. */
function startProcessSampler(): { stop(): string } {
    let seen = "";
    let running = true;
    const loop = async () => {
        while (running) {
            seen += spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout;
            for (const i of [1, 2]) seen += sshExec(i, "ps -eo args", { timeoutMs: 10000 }).stdout;
            await new Promise((r) => setTimeout(r, 300));
        }
    };
    const done = loop();
    return { stop: () => { running = false; void done; return seen; } };
}

describe("secrets and injection (real engine, real IoTDB, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    const transcript: string[] = [];
    let processes = "";
    let syncPassword = "";
    const privateKey = fs.readFileSync(sshKeyPath(), "utf8").split("\n").filter((l) => l && !l.startsWith("-----")).join("");

    before(async () => {
        await ensureTestHosts(2);
        for (const i of [1, 2]) requireNoIotdbRunning(i);
        ws = makeWorkspace("secrets", { "stacks/Pulumi.sec.yaml": stackConfig(run, { systemProperties: HOSTILE }) }, true);
        stack = await openStack(ws, "sec");
        await stack.setConfig("iotdb-dual-active:adminPassword", { value: ADMIN, secret: true });
    });
    after(() => {
        cleanupHosts(run, "sec");
        ws?.cleanup();
    });

    it("goes through up and destroy while everything is watched", async () => {
        const sampler = startProcessSampler();
        try {
            const verbose = { onOutput: (s: string) => transcript.push(s) };
            const up = await stack.up(verbose);
            transcript.push(up.stdout, up.stderr);
            assert.strictEqual(up.summary.result, "succeeded");
            syncPassword = String(up.outputs.syncPassword.value);
            assert.strictEqual(String(up.outputs.adminPassword.value), ADMIN);

            // The hostile values arrived verbatim in the properties file, and nothing ran.
            const props = sshExec(1, `cat ${run.home}/conf/iotdb-system.properties`).stdout;
            for (const [k, v] of Object.entries(HOSTILE)) assert.ok(props.includes(`${k}=${v}`), `${k} not verbatim in the properties file`);
            for (const i of [1, 2]) assert.strictEqual(sshExec(i, "ls /tmp/PWNED-* 2>/dev/null | wc -l").stdout.trim(), "0", `a hostile value ran on host ${i}`);
            assert.ok(!fs.readdirSync("/tmp").some((f) => f.startsWith("PWNED-")), "a hostile value ran on this machine");

            const down = await stack.destroy(verbose);
            transcript.push(down.stdout, down.stderr);
            assert.strictEqual(down.summary.result, "succeeded");
        } finally {
            processes = sampler.stop();
        }
        assert.ok(transcript.join("").length > 2000, `the verbose log is too short to prove anything (${transcript.join("").length} chars)`);
        assert.ok(processes.includes("iotdb-sql") || processes.includes("IotdbSql"), "the sampler never saw a host script run");
    });

    for (const [what, get] of [["admin password", () => ADMIN], ["sync password", () => syncPassword], ["SSH private key", () => privateKey.slice(0, 40)]] as const) {
        it(`never shows the ${what} in the clear`, () => {
            const secret = get();
            assert.ok(secret.length >= 12, "no secret to look for");
            assert.strictEqual(around(transcript.join(""), secret), "", "in Pulumi's output and logs");
            assert.deepStrictEqual(filesContaining(ws.backendDir, secret), [], "in the state backend");
            assert.ok(!fs.readFileSync(`${ws.dir}/stacks/Pulumi.sec.yaml`, "utf8").includes(secret), "in the stack file");
            assert.strictEqual(around(processes, secret), "", "in a process list");
            for (const i of [1, 2]) {
                const logs = sshExec(i, `cat ${run.home}/logs/*.log ${run.installDir}/journal.log /root/.bash_history 2>/dev/null || true`, { timeoutMs: 60000 }).stdout;
                assert.ok(logs.length > 1000, `host ${i}: no logs read`);
                assert.ok(!logs.includes(secret), `in host ${i}'s logs or history`);
            }
        });
    }
});
