import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync, spawn, spawnSync } from "child_process";
import { checkHostsScript, ensureHostsScript, removeHostsScript } from "../../lib/render/hostsFile";

const entries = [{ hostname: "iotdb-1", address: "10.213.7.11" }, { hostname: "iotdb-2", address: "10.213.7.12" }];
const owner = "iotdb-dual-active/unit";

function tempHosts(content: string): string {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hosts-")), "hosts");
    fs.writeFileSync(f, content);
    return f;
}
const bash = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8" });
/** Runs a script without waiting for it: for runs that overlap. */
function bashAsync(script: string): Promise<{ status: number | null; stderr: string }> {
    return new Promise((resolve) => {
        const p = spawn("bash", ["-c", script]);
        let stderr = "";
        p.stderr.on("data", (d) => { stderr += d; });
        p.on("close", (status) => resolve({ status, stderr }));
    });
}
const read = (f: string) => fs.readFileSync(f, "utf8");
const lineOf = (address: string, hostname: string, who: string) => `${address} ${hostname} # managed-by ${who}\n`;
const ownLines = (who: string) => entries.map((e) => lineOf(e.address, e.hostname, who)).join("");
const lastLine = (s: string) => s.trim().split("\n").pop();

describe("hosts entries (scripts run in bash on a temp file)", () => {
    const base = "127.0.0.1 localhost\n::1 localhost\n";

    it("adds one marked line per hostname and keeps the rest", () => {
        const f = tempHosts(base);
        assert.strictEqual(bash(ensureHostsScript({ entries, owner, hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base +
            "10.213.7.11 iotdb-1 # managed-by iotdb-dual-active/unit\n10.213.7.12 iotdb-2 # managed-by iotdb-dual-active/unit\n");
    });

    it("is idempotent: a second run changes nothing (the same file, not even replaced) and never duplicates a line", () => {
        const f = tempHosts(base);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        const once = read(f);
        const inode = fs.statSync(f).ino;
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(read(f), once);
        assert.strictEqual(fs.statSync(f).ino, inode, "a run with nothing to change replaced the file");
    });

    it("replaces its own old lines when an address changes", () => {
        const f = tempHosts(base);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        bash(ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.213.7.21" }], owner, hostsFile: f }));
        assert.strictEqual(read(f), base + "10.213.7.21 iotdb-1 # managed-by iotdb-dual-active/unit\n");
    });

    it("writes its own lines even when another owner's or an unmanaged identical line is there, and keeps those", () => {
        const theirs = base + "10.213.7.11 iotdb-1\n" + ownLines("iotdb-dual-active/other");
        const f = tempHosts(theirs);
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(read(f), theirs + ownLines(owner));
        // Once the other owner goes, this owner's lines still resolve the names.
        assert.strictEqual(bash(removeHostsScript({ owner: "iotdb-dual-active/other", hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base + "10.213.7.11 iotdb-1\n" + ownLines(owner));
    });

    it("refuses when an unmanaged line maps a hostname elsewhere, and changes nothing", () => {
        const content = base + "10.9.9.9 iotdb-2\n";
        const f = tempHosts(content);
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /maps iotdb-2 to 10.9.9.9, not 10.213.7.12/);
        assert.strictEqual(read(f), content);
    });

    it("refuses when another owner maps a hostname elsewhere (names compared without case), and changes nothing", () => {
        const content = base + lineOf("10.9.9.9", "IOTDB-1", "iotdb-dual-active/other");
        const f = tempHosts(content);
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /maps iotdb-1 to 10.9.9.9, not 10.213.7.11; remove or fix that line/);
        assert.strictEqual(read(f), content);
    });

    it("matches owners whole: `prod` and `prod2` (prefixes of each other) never touch each other's lines", () => {
        const prod = "iotdb-dual-active/prod";
        const prod2 = "iotdb-dual-active/prod2";
        const f = tempHosts(base);
        for (const who of [prod, prod2]) assert.strictEqual(bash(ensureHostsScript({ entries, owner: who, hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base + ownLines(prod) + ownLines(prod2));
        // prod's update with other addresses leaves prod2's lines as they are.
        bash(ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.213.7.11" }], owner: prod, hostsFile: f }));
        assert.strictEqual(read(f), base + ownLines(prod2) + lineOf("10.213.7.11", "iotdb-1", prod));
        assert.strictEqual(bash(removeHostsScript({ owner: prod, hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base + ownLines(prod2));
        bash(ensureHostsScript({ entries, owner: prod, hostsFile: f }));
        assert.strictEqual(bash(removeHostsScript({ owner: prod2, hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base + ownLines(prod));
        // A line that merely mentions the owner elsewhere is not the owner's.
        const mention = "10.1.1.1 x # note: not # managed-by iotdb-dual-active/prod by hand\n";
        fs.appendFileSync(f, mention);
        bash(removeHostsScript({ owner: prod, hostsFile: f }));
        assert.strictEqual(read(f), base + mention);
    });

    it("replaces the file by rename, keeping its mode, owner and group, and leaves no file behind", () => {
        const f = tempHosts(base);
        fs.chmodSync(f, 0o640);
        if (process.getuid?.() === 0) fs.chownSync(f, 65534, 4);
        const before = fs.statSync(f);
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /not replaced by rename/);
        const after = fs.statSync(f);
        assert.notStrictEqual(after.ino, before.ino, "rewritten in place, not replaced by rename");
        assert.deepStrictEqual([after.mode, after.uid, after.gid], [before.mode, before.uid, before.gid]);
        assert.strictEqual(read(f), base + ownLines(owner));
        assert.deepStrictEqual(fs.readdirSync(path.dirname(f)), ["hosts"]);
    });

    it("edits the file a symbolic link names, and keeps the link", () => {
        const real = tempHosts(base);
        const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hosts-link-")), "hosts");
        fs.symlinkSync(real, link);
        assert.strictEqual(bash(ensureHostsScript({ entries, owner, hostsFile: link })).status, 0);
        assert.ok(fs.lstatSync(link).isSymbolicLink());
        assert.strictEqual(read(real), base + ownLines(owner));
    });

    it("falls back to a checked rewrite in place, with a backup, where the file is a bind mount (rename fails: EBUSY)", function () {
        if (spawnSync("unshare", ["-m", "true"]).status !== 0) this.skip(); // needs root (a mount namespace of its own)
        const f = tempHosts(base);
        const source = tempHosts(base + "# the mounted file\n");
        const script = ensureHostsScript({ entries, owner, hostsFile: f });
        // In a private mount namespace: `source` bind-mounted over `f`, as Docker mounts /etc/hosts.
        const r = spawnSync("unshare", ["-m", "bash", "-c", `mount --bind "$1" "$2" && bash -c "$3"`, "-", source, f, script], { encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stderr, /warning: iotdb-hosts: .*hosts not replaced by rename \(cannot rename over it: .*busy.*\); rewritten in place instead, under the lock, with a backup/i);
        assert.strictEqual(read(source), base + "# the mounted file\n" + ownLines(owner));
        assert.strictEqual(read(f), base, "the file under the mount was changed");
        assert.deepStrictEqual(fs.readdirSync(path.dirname(f)), ["hosts"], "a temp file or the backup was left");
    });

    it("refuses to go on over a backup an interrupted rewrite in place left, unless the file is unchanged since", () => {
        const f = tempHosts(base + "10.1.1.1 half");
        fs.writeFileSync(`${f}.iotdb-dual-active.bak`, base + "10.1.1.1 half-written\n");
        const r = bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /hosts\.iotdb-dual-active\.bak is left from an interrupted rewrite of .*hosts and differs from it: compare the two/);
        assert.strictEqual(read(f), base + "10.1.1.1 half");
        fs.writeFileSync(`${f}.iotdb-dual-active.bak`, base + "10.1.1.1 half");
        assert.strictEqual(bash(ensureHostsScript({ entries, owner, hostsFile: f })).status, 0);
        assert.strictEqual(read(f), base + "10.1.1.1 half\n" + ownLines(owner));
        assert.ok(!fs.existsSync(`${f}.iotdb-dual-active.bak`));
    });

    it("concurrent runs of many owners take turns under the lock: no owner's lines are lost", async function () {
        this.timeout(60_000);
        const f = tempHosts(base);
        const owners = Array.from({ length: 16 }, (_, k) => `iotdb-dual-active/c${k}`);
        const ensured = await Promise.all(owners.map((who) => bashAsync(ensureHostsScript({ entries, owner: who, hostsFile: f }))));
        for (const r of ensured) assert.strictEqual(r.status, 0, r.stderr);
        const text = read(f);
        for (const who of owners) assert.ok(text.includes(ownLines(who)), `${who}'s lines are missing:\n${text}`);
        // Half remove, half rewrite with another address, all at once.
        const mixed = await Promise.all(owners.map((who, k) => bashAsync(k % 2 === 0
            ? removeHostsScript({ owner: who, hostsFile: f })
            : ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.213.7.11" }], owner: who, hostsFile: f }))));
        for (const r of mixed) assert.strictEqual(r.status, 0, r.stderr);
        const lines = read(f).split("\n").filter((l) => l.includes("managed-by")).sort();
        assert.deepStrictEqual(lines, owners.filter((_, k) => k % 2 === 1).map((who) => lineOf("10.213.7.11", "iotdb-1", who).trimEnd()).sort());
    });

    it("waits for the lock at most lockWaitSeconds, then fails naming it and changes nothing", () => {
        const f = tempHosts(base);
        const holder = spawn("flock", ["-x", f, "sleep", "5"]);
        try {
            spawnSync("sleep", ["0.5"]);
            const r = bash(ensureHostsScript({ entries, owner, hostsFile: f, lockWaitSeconds: 1 }));
            assert.notStrictEqual(r.status, 0);
            assert.match(r.stderr, /another run still holds the lock on .*hosts after 1 s; nothing was changed/);
            assert.strictEqual(read(f), base);
        } finally {
            holder.kill();
        }
    });

    it("the drift check prints ok while this owner's lines are as wanted, and names what differs otherwise", () => {
        const f = tempHosts(base);
        const check = () => {
            const r = bash(checkHostsScript({ entries, owner, hostsFile: f }));
            assert.strictEqual(r.status, 0, r.stderr);
            return lastLine(r.stdout);
        };
        assert.match(check()!, /^drift: .*hosts; lacks '10.213.7.11 iotdb-1 # managed-by iotdb-dual-active\/unit'; lacks '10.213.7.12 iotdb-2/);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(check(), "ok");
        // Another owner's identical lines do not stand in for a line of ours deleted by hand.
        bash(ensureHostsScript({ entries, owner: `${owner}2`, hostsFile: f }));
        fs.writeFileSync(f, read(f).replace(lineOf("10.213.7.12", "iotdb-2", owner), ""));
        assert.match(check()!, /^drift: .*; lacks '10.213.7.12 iotdb-2 # managed-by iotdb-dual-active\/unit'$/);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        assert.strictEqual(check(), "ok");
        // A line of ours changed by hand, and a line elsewhere that contradicts one of ours.
        fs.writeFileSync(f, read(f).replace(lineOf("10.213.7.12", "iotdb-2", owner), lineOf("10.213.7.99", "iotdb-2", owner)));
        assert.match(check()!, /lacks '10.213.7.12 iotdb-2 .*'; has '10.213.7.99 iotdb-2 # managed-by iotdb-dual-active\/unit', not wanted/);
        bash(ensureHostsScript({ entries, owner, hostsFile: f }));
        fs.writeFileSync(f, "10.9.9.9 iotdb-1\n" + read(f));
        assert.match(check()!, /^drift: .*; maps iotdb-1 to 10.9.9.9 on another line$/);
        fs.rmSync(f);
        assert.match(check()!, /^drift: .*hosts does not exist$/);
    });

    it("refuses hostile values and a DNS name as address before any script is made", () => {
        assert.throws(() => ensureHostsScript({ entries: [{ hostname: "x;reboot", address: "10.0.0.1" }], owner }));
        assert.throws(() => ensureHostsScript({ entries: [{ hostname: "x", address: "$(id)" }], owner }));
        assert.throws(() => ensureHostsScript({ entries, owner: "a b" }));
        assert.throws(() => removeHostsScript({ owner: "a\nb" }));
        assert.throws(() => ensureHostsScript({ entries, owner, lockWaitSeconds: 0 }));
        assert.throws(() => ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "db1.example.com" }], owner }),
            /hosts entry for iotdb-1: "db1.example.com" is not an IPv4 address, and a line of \/etc\/hosts needs one; give the node's IP/);
        assert.throws(() => checkHostsScript({ entries: [{ hostname: "iotdb-1", address: "db1" }], owner }), /not an IPv4 address/);
    });

    it("produces scripts bash accepts", () => {
        for (const s of [ensureHostsScript({ entries, owner }), removeHostsScript({ owner }), checkHostsScript({ entries, owner })]) {
            execFileSync("bash", ["-n", "-c", s]);
            assert.match(s, /^set -euo pipefail/);
            assert.match(s, /^file='\/etc\/hosts'$/m);
        }
    });
});
