import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawnSync } from "child_process";
import { ensureHostsScript, removeHostsScript } from "../../lib/render/hostsFile";

const entries = [{ hostname: "iotdb-1", address: "10.213.7.11" }, { hostname: "iotdb-2", address: "10.213.7.12" }];
const owner = "iotdb-dual-active/unit";

function tempHosts(content: string): string {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hosts-")), "hosts");
    fs.writeFileSync(f, content);
    return f;
}
const bash = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8" });

describe("hosts entries (scripts run in bash on a temp file)", () => {
    const base = "127.0.0.1 localhost\n::1 localhost\n";

    it("adds one marked line per hostname and keeps the rest", () => {
        const f = tempHosts(base);
        assert.strictEqual(bash(ensureHostsScript({ entries, owner, hostsFile: f })).status, 0);
        assert.strictEqual(fs.readFileSync(f, "utf8"), base +
            "10.213.7.11 iotdb-1 # managed-by iotdb-dual-active/unit\n10.213.7.12 iotdb-2 # managed-by iotdb-dual-active/unit\n");
    });

    it("is idempotent: a second run changes nothing and never duplicates a line", () => {
        const f = tempHosts(base);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        const once = fs.readFileSync(f, "utf8");
        const inode = fs.statSync(f).ino;
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(fs.readFileSync(f, "utf8"), once);
        assert.strictEqual(fs.statSync(f).ino, inode, "the file was replaced, not rewritten in place (breaks bind mounts)");
    });

    it("replaces its own old lines when an address changes", () => {
        const f = tempHosts(base);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        bash(ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.213.7.21" }], owner, hostsFile: f }));
        assert.strictEqual(fs.readFileSync(f, "utf8"), base + "10.213.7.21 iotdb-1 # managed-by iotdb-dual-active/unit\n");
    });

    it("leaves an identical unmanaged line alone and adds no duplicate", () => {
        const f = tempHosts(base + "10.213.7.11 iotdb-1\n");
        assert.strictEqual(bash(ensureHostsScript({ entries, owner, hostsFile: f })).status, 0);
        const lines = fs.readFileSync(f, "utf8").split("\n").filter((l) => /\biotdb-1\b/.test(l));
        assert.deepStrictEqual(lines, ["10.213.7.11 iotdb-1"]);
    });

    it("refuses when an unmanaged line maps a hostname elsewhere, and changes nothing", () => {
        const content = base + "10.9.9.9 iotdb-2\n";
        const f = tempHosts(content);
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /maps iotdb-2 to 10.9.9.9, not 10.213.7.12/);
        assert.strictEqual(fs.readFileSync(f, "utf8"), content);
    });

    it("removes only its own lines, not another stack's", () => {
        const f = tempHosts(base);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        bash(ensureHostsScript({ entries: [{ hostname: "other", address: "10.1.1.1" }], owner: "iotdb-dual-active/other", hostsFile: f }));
        assert.strictEqual(bash(removeHostsScript({ owner, hostsFile: f })).status, 0);
        assert.strictEqual(fs.readFileSync(f, "utf8"), base + "10.1.1.1 other # managed-by iotdb-dual-active/other\n");
    });

    it("refuses hostile values before any script is made", () => {
        assert.throws(() => ensureHostsScript({ entries: [{ hostname: "x;reboot", address: "10.0.0.1" }], owner }));
        assert.throws(() => ensureHostsScript({ entries: [{ hostname: "x", address: "$(id)" }], owner }));
        assert.throws(() => ensureHostsScript({ entries, owner: "a b" }));
    });

    it("produces scripts bash accepts", () => {
        for (const s of [ensureHostsScript({ entries, owner }), removeHostsScript({ owner })]) {
            execFileSync("bash", ["-n", "-c", s]);
            assert.match(s, /^set -euo pipefail/);
        }
    });
});
