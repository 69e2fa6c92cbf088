// Host key trust (providers/knownHosts.ts, providers/ssh.ts): known_hosts as OpenSSH writes it, real
// keys made by ssh-keygen, and the refusal naming the host and the fingerprint.
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { fingerprint, hostMatches, judgeHostKey, knownKeyTypes, parseKnownHosts, untrustedKeyMessage } from "../../providers/knownHosts";
import { knownHostsFile } from "../../providers/knownHosts";
import { isEncryptedKey } from "../../providers/sshKeys";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "knownhosts-"));
const keygen = (name: string, passphrase = "") => {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", path.join(dir, name)]);
    const pub = fs.readFileSync(path.join(dir, name + ".pub"), "utf8").trim().split(" ");
    return { line: `${pub[0]} ${pub[1]}`, blob: Buffer.from(pub[1], "base64"), private: fs.readFileSync(path.join(dir, name), "utf8") };
};
const one = keygen("one");
const two = keygen("two");

describe("known_hosts: which host keys a connection trusts", () => {
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fingerprint is what ssh-keygen -lf prints", () => {
        const printed = execFileSync("ssh-keygen", ["-lf", path.join(dir, "one.pub")]).toString().split(" ")[1];
        assert.strictEqual(fingerprint(one.blob), printed);
    });

    it("trusts the listed key, for the address or the name, on port 22 or [host]:port", () => {
        const entries = parseKnownHosts(`# comment\n\niotdb-1,10.213.7.11 ${one.line}\n[10.213.7.12]:2222 ${two.line}\n`);
        assert.deepStrictEqual(judgeHostKey(entries, "10.213.7.11", 22, one.blob), { trusted: true });
        assert.deepStrictEqual(judgeHostKey(entries, "iotdb-1", 22, one.blob), { trusted: true });
        assert.deepStrictEqual(judgeHostKey(entries, "10.213.7.12", 2222, two.blob), { trusted: true });
        assert.strictEqual(judgeHostKey(entries, "10.213.7.12", 22, two.blob).trusted, false, "another port is another entry");
    });

    it("a key other than the listed one is a mismatch; a host not listed is unknown; both name the offered key", () => {
        const entries = parseKnownHosts(`10.213.7.11 ${one.line}\n`);
        assert.deepStrictEqual(judgeHostKey(entries, "10.213.7.11", 22, two.blob), { trusted: false, why: "mismatch", fingerprint: fingerprint(two.blob) });
        assert.deepStrictEqual(judgeHostKey(entries, "10.213.7.99", 22, one.blob), { trusted: false, why: "unknown", fingerprint: fingerprint(one.blob) });
        const msg = untrustedKeyMessage("10.213.7.11", 22, "/k", { trusted: false, why: "mismatch", fingerprint: fingerprint(two.blob) });
        assert.match(msg, /^host key of 10\.213\.7\.11 \(SHA256:[A-Za-z0-9+/]+\) differs from the one \/k holds for it/);
        assert.ok(msg.includes(fingerprint(two.blob)));
    });

    it("hashed names (ssh-keygen -H), wildcards, negation and @revoked", () => {
        const file = path.join(dir, "hashed");
        fs.writeFileSync(file, `10.213.7.11 ${one.line}\n`);
        execFileSync("ssh-keygen", ["-q", "-H", "-f", file], { stdio: "ignore" });
        const hashed = parseKnownHosts(fs.readFileSync(file, "utf8"));
        assert.ok(hashed[0].hosts.startsWith("|1|"));
        assert.deepStrictEqual(judgeHostKey(hashed, "10.213.7.11", 22, one.blob), { trusted: true });
        assert.strictEqual(judgeHostKey(hashed, "10.213.7.12", 22, one.blob).trusted, false);
        assert.ok(hostMatches("10.213.7.*,!10.213.7.13", "10.213.7.12"));
        assert.ok(!hostMatches("10.213.7.*,!10.213.7.13", "10.213.7.13"));
        const revoked = parseKnownHosts(`@revoked * ${one.line}\n10.213.7.11 ${one.line}\n`);
        assert.deepStrictEqual(judgeHostKey(revoked, "10.213.7.11", 22, one.blob), { trusted: false, why: "revoked", fingerprint: fingerprint(one.blob) });
    });

    it("asks the server first for the key types the file holds for it", () => {
        const entries = parseKnownHosts(`h ${one.line}\nh ssh-rsa ${crypto.randomBytes(8).toString("base64")}\nother ecdsa-sha2-nistp256 AAAA\n`);
        assert.deepStrictEqual(knownKeyTypes(entries, "h", 22), ["ssh-ed25519", "ssh-rsa"]);
    });

    it("default file is the user's ~/.ssh/known_hosts; a stack's own file wins", () => {
        assert.strictEqual(knownHostsFile({}), path.join(os.homedir(), ".ssh", "known_hosts"));
        assert.strictEqual(knownHostsFile({ knownHostsPath: "/k" }), "/k");
    });

    it("tells a passphrase-protected private key from a plain one", () => {
        assert.strictEqual(isEncryptedKey(one.private), false);
        assert.strictEqual(isEncryptedKey(keygen("locked", "correct horse").private), true);
    });
});
