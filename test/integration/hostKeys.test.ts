// Only known machines: a real `pulumi preview` of the project's program checks every machine's SSH host
// key by a key exchange alone, and refuses an unknown or changed key, naming the machine and its key's
// fingerprint, before any login (each host's sshd log shows the exchange, `[preauth]`, and no login).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { testHost, sshKeyPath, knownHostsPath } from "./testhosts";
import { encryptedParts, Workspace } from "./pulumiHarness";
import { sshLoginCount, sshdLogLines } from "./hostProbes";
import { useFixture } from "./fixture";

const ns = "iotdb-dual-active";
const hosts = [testHost(1), testHost(2)];

/** The test hosts' known_hosts line of host i, and its key's fingerprint as ssh-keygen prints it. */
function knownLine(i: number): { key: string; fingerprint: string } {
    const line = fs.readFileSync(knownHostsPath(), "utf8").split("\n").find((l) => l.startsWith(`${hosts[i - 1].label},`));
    assert.ok(line, `no known_hosts line for ${hosts[i - 1].label}`);
    const key = line!.split(" ").slice(1).join(" ");
    const fingerprint = execFileSync("ssh-keygen", ["-lf", "-"], { input: `x ${key}\n` }).toString().split(" ")[1];
    return { key, fingerprint };
}

function config(knownHosts: string, hostKeyA?: string): Record<string, any> {
    return {
        [`${ns}:sideA`]: { clusterName: "hk-a", nodes: [{ hostname: hosts[0].label, address: hosts[0].address, ...(hostKeyA ? { hostKey: hostKeyA } : {}) }], owns: ["root.site_a.**"] },
        [`${ns}:sideB`]: { clusterName: "hk-b", nodes: [{ hostname: hosts[1].label, address: hosts[1].address }], owns: ["root.site_b.**"] },
        [`${ns}:ssh`]: { user: "root", privateKeyPath: sshKeyPath(), knownHostsPath: knownHosts, dialAttempts: 1 },
        [`${ns}:memory`]: { confignode: "512M", datanode: "1G" },
    };
}

describe("host keys: only known machines are logged in to (real preview)", function () {
    this.timeout(10 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    let encrypted: ReturnType<typeof encryptedParts>;
    const writeStack = (c: Record<string, any>) => ws.writeFile("stacks/Pulumi.hk.yaml", JSON.stringify({ config: { ...encrypted.secrets, ...c }, encryptionsalt: encrypted.salt }));

    useFixture({
        hosts: 2,
        workspace: { prefix: "hostkeys", project: true },
        stack: { name: "hk", file: JSON.stringify({ config: config(knownHostsPath()) }), passwords: true },
    }, (f) => { ws = f.ws; stack = f.stack; });
    before(() => {
        encrypted = encryptedParts(fs.readFileSync(path.join(ws.dir, "stacks/Pulumi.hk.yaml"), "utf8"));
    });

    /** Runs a preview; returns its error message ("" when it passed), and what each host's sshd saw meanwhile. */
    async function preview(): Promise<{ message: string; logins: number[]; exchanges: number[] }> {
        const before = [1, 2].map((i) => [sshLoginCount(i), sshdLogLines(i, "[preauth]")]);
        let message = "";
        try { await stack.preview({ onOutput: () => undefined }); } catch (e) { message = String((e as Error).message); }
        return {
            message,
            logins: [1, 2].map((i, k) => sshLoginCount(i) - before[k][0]),
            exchanges: [1, 2].map((i, k) => sshdLogLines(i, "[preauth]") - before[k][1]),
        };
    }

    it("with every key known: the preview passes, after a key exchange with each machine and no login", async () => {
        writeStack(config(knownHostsPath()));
        const r = await preview();
        assert.strictEqual(r.message, "");
        assert.deepStrictEqual(r.logins, [0, 0]);
        assert.ok(r.exchanges.every((n) => n >= 1), `each host's sshd saw the key exchange: ${r.exchanges}`);
    });

    it("a changed key (the file holds another machine's key for iotdb-1): refused, naming iotdb-1 and the key it offered", async () => {
        const file = path.join(ws.dir, "known_hosts.changed");
        fs.writeFileSync(file, `${hosts[0].label},${hosts[0].address} ${knownLine(2).key}\n${hosts[1].label},${hosts[1].address} ${knownLine(2).key}\n`);
        writeStack(config(file));
        const r = await preview();
        assert.match(r.message, new RegExp(`iotdb-1: host key of ${hosts[0].address.replace(/\./g, "\\.")} \\(${knownLine(1).fingerprint.replace(/[+/]/g, "\\$&")}\\) differs from the one`));
        assert.ok(!/iotdb-2: host key/.test(r.message), "iotdb-2's key is the one the file holds");
        assert.deepStrictEqual(r.logins, [0, 0], "no login reached a host");
    });

    it("an unknown machine (not in the file): refused, naming it; no login", async () => {
        const file = path.join(ws.dir, "known_hosts.partial");
        fs.writeFileSync(file, `${hosts[0].label},${hosts[0].address} ${knownLine(1).key}\n`);
        writeStack(config(file));
        const r = await preview();
        assert.match(r.message, new RegExp(`iotdb-2: host key of ${hosts[1].address.replace(/\./g, "\\.")} \\(SHA256:[^)]+\\) is not in ${file.replace(/[.]/g, "\\.")}`));
        assert.deepStrictEqual(r.logins, [0, 0]);
    });

    it("a node's own hostKey wins over the file: a wrong one is refused, the right one passes", async () => {
        writeStack(config(knownHostsPath(), knownLine(2).fingerprint));
        const wrong = await preview();
        assert.match(wrong.message, new RegExp(`iotdb-1: host key of .* is not the expected ${knownLine(2).fingerprint.replace(/[+/]/g, "\\$&")}`));
        assert.deepStrictEqual(wrong.logins, [0, 0]);
        writeStack(config(knownHostsPath(), knownLine(1).fingerprint));
        assert.strictEqual((await preview()).message, "");
    });
});
