import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { spawn } from "child_process";
import { AddressInfo } from "net";
import { downloadScript } from "../../lib/render/downloadScript";

// The script runs in a child bash (async, so this process's loopback server can answer).
function bash(script: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const p = spawn("bash", ["-c", script]);
        let stdout = "", stderr = "";
        p.stdout.on("data", (d) => (stdout += d));
        p.stderr.on("data", (d) => (stderr += d));
        p.on("close", (status) => resolve({ status: status ?? 1, stdout, stderr }));
    });
}

describe("distribution download script (real curl against a loopback server)", () => {
    const body = Buffer.from("pretend tarball\n");
    const sha = crypto.createHash("sha256").update(body).digest("hex");
    let server: http.Server;
    let url = "";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl-"));

    before((done) => {
        server = http.createServer((_req, res) => res.end(body)).listen(0, "127.0.0.1", () => {
            url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apache-iotdb.tar.gz`;
            done();
        });
    });
    after((done) => { server.close(() => done()); });

    it("downloads, verifies, and is idempotent", async () => {
        const dest = path.join(dir, "a", "dist.tar.gz");
        const first = await bash(downloadScript({ url, sha256: sha, path: dest }));
        assert.strictEqual(first.status, 0, first.stderr);
        assert.strictEqual(first.stdout.trim(), "changed");
        assert.deepStrictEqual(fs.readFileSync(dest), body);
        const second = await bash(downloadScript({ url, sha256: sha, path: dest }));
        assert.strictEqual(second.stdout.trim(), "unchanged");
    });

    it("checks Apache's SHA-512 when given instead (a .zip)", async () => {
        const sha512 = crypto.createHash("sha512").update(body).digest("hex");
        const dest = path.join(dir, "z", "apache-iotdb-2.0.10-bin.zip");
        const first = await bash(downloadScript({ url, sha512, path: dest }));
        assert.strictEqual(first.status, 0, first.stderr);
        assert.strictEqual(first.stdout.trim(), "changed");
        assert.strictEqual((await bash(downloadScript({ url, sha512, path: dest }))).stdout.trim(), "unchanged");
        const wrong = await bash(downloadScript({ url, sha512: "0".repeat(128), path: path.join(dir, "z2", "a.zip") }));
        assert.notStrictEqual(wrong.status, 0);
        assert.match(wrong.stderr, /checksum mismatch .*\(sha512sum\)/);
        assert.throws(() => downloadScript({ url, sha512: sha, path: dest }), /sha512 must be 128/);
        assert.throws(() => downloadScript({ url, sha256: sha, sha512, path: dest }), /not both/);
    });

    it("refuses a file whose checksum differs and leaves nothing behind", async () => {
        const dest = path.join(dir, "b", "dist.tar.gz");
        const r = await bash(downloadScript({ url, sha256: "0".repeat(64), path: dest }));
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /checksum mismatch/);
        assert.ok(!fs.existsSync(dest) && !fs.existsSync(dest + ".part"));
    });

    it("rejects URLs that could break out of the script", () => {
        for (const bad of ["ftp://x", "http://x/'$(id)'", "http://x/a b", "http://x/\n"]) {
            assert.throws(() => downloadScript({ url: bad, sha256: sha, path: "/tmp/x" }), bad);
        }
    });
});
