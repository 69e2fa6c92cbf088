// The data directory's claim and purge scripts (lib/dataDirScripts.ts), run for real with bash
// against directories made here; a fake IoTDB process (a bash loop whose arguments carry a DataNode's
// main class) holds a file open in one of them.
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { claimDataDirScript, purgeDataDirScript, DataDirParams } from "../../lib/render/dataDirScripts";
import { DATA_DIR_MARKER } from "../../lib/plan/layout";

function run(script: string): { stdout: string; stderr: string; status: number | null } {
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 60000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const hasShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

describe("data directory scripts: generation", () => {
    const p: DataDirParams = { dataDir: "/var/lib/iotdb", installDir: "/opt/iotdb", owner: "iotdb-dual-active/prod", hostname: "iotdb-1" };
    for (const [name, make] of [["claim", claimDataDirScript], ["purge", purgeDataDirScript]] as const) {
        it(`${name}: set -euo pipefail first, valid bash, deterministic`, () => {
            const text = make(p);
            assert.strictEqual(text.split("\n")[0], "set -euo pipefail");
            assert.strictEqual(spawnSync("bash", ["-n", "-c", text]).status, 0);
            assert.strictEqual(make(p), text);
        });

        it(`${name}: shellcheck finds nothing`, function () {
            // npm test installs shellcheck with the test hosts (scripts/hosts.sh); a bare unit run may lack it.
            if (!hasShellcheck) this.skip();
            const r = spawnSync("shellcheck", ["-s", "bash", "-"], { input: make(p), encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stdout);
        });

        it(`${name}: refuses a system directory, one around installDir, a path IoTDB cannot use, a multi-line owner`, () => {
            assert.throws(() => make({ ...p, dataDir: "/var/lib" }), /directory of the operating system/);
            assert.throws(() => make({ ...p, dataDir: "/usr/lib/iotdb" }), /directory of the operating system/);
            assert.throws(() => make({ ...p, dataDir: "/opt/iotdb/data" }), /inside installDir/);
            assert.throws(() => make({ ...p, dataDir: "/srv/x y" }), /dataDir may hold only/);
            assert.throws(() => make({ ...p, dataDir: "relative/dir" }), /absolute/);
            assert.throws(() => make({ ...p, owner: "a\nb" }), /owner must be a non-empty single line/);
        });
    }

    it("purge never removes the data directory itself with rm -r, only IoTDB's subdirectories", () => {
        const text = purgeDataDirScript(p);
        assert.ok(!/rm -r[f]* -- "?\$data_dir"?(\s|$)/m.test(text), "rm -r of the data directory");
        assert.match(text, /^subdirs=\('confignode' 'datanode' 'ext'\)$/m);
        assert.match(text, /rmdir -- "\$data_dir"/);
    });
});

describe("data directory scripts: run for real", function () {
    this.timeout(60000);
    let root: string;
    let p: DataDirParams;
    const children: ChildProcess[] = [];
    const marker = () => path.join(p.dataDir, DATA_DIR_MARKER);
    const journal = () => (fs.existsSync(path.join(p.installDir, "journal.log")) ? fs.readFileSync(path.join(p.installDir, "journal.log"), "utf8") : "");
    const entries = (dir: string) => fs.readdirSync(dir).sort();
    /** What IoTDB leaves in a data directory, a little of it. */
    const fillLikeIotdb = () => {
        for (const rel of ["confignode/system/confignode.properties", "confignode/consensus/log", "datanode/data/sequence/1.tsfile", "datanode/wal/node-1.wal", "ext/udf/x.jar"]) {
            fs.mkdirSync(path.dirname(path.join(p.dataDir, rel)), { recursive: true });
            fs.writeFileSync(path.join(p.dataDir, rel), "data");
        }
    };

    beforeEach(() => {
        root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "datadir-")));
        p = { dataDir: path.join(root, "data"), installDir: path.join(root, "install"), owner: "iotdb-dual-active/unit", hostname: "iotdb-1" };
    });

    afterEach(() => {
        for (const c of children.splice(0)) c.kill("SIGKILL");
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("claims a new directory: creates it and writes the marker; again, finds it owned and changes nothing", () => {
        const first = run(claimDataDirScript(p));
        assert.strictEqual(first.status, 0, first.stderr);
        assert.strictEqual(first.stdout, "claimed\n");
        assert.strictEqual(fs.readFileSync(marker(), "utf8"), `owner=iotdb-dual-active/unit\nhostname=iotdb-1\ndataDir=${p.dataDir}\n`);
        assert.deepStrictEqual(entries(p.dataDir), [DATA_DIR_MARKER]);
        assert.strictEqual(fs.statSync(marker()).mode & 0o777, 0o644);
        assert.match(journal(), /^\S+ data dir claimed \S+\/data$/m);
        const mtime = fs.statSync(marker()).mtimeMs;
        const second = run(claimDataDirScript(p));
        assert.strictEqual(second.status, 0, second.stderr);
        assert.strictEqual(second.stdout, "owned\n");
        assert.strictEqual(fs.statSync(marker()).mtimeMs, mtime);
        fillLikeIotdb();
        assert.strictEqual(run(claimDataDirScript(p)).stdout, "owned\n", "IoTDB's files beside the marker are this stack's");
    });

    it("makes IoTDB's part private: a new directory 0750; on an existing node, IoTDB's subdirectories g-w,o-rwx, nothing else touched", () => {
        const mode = (rel: string) => fs.lstatSync(path.join(p.dataDir, rel)).mode & 0o777;
        assert.strictEqual(run(claimDataDirScript(p)).stdout, "claimed\n");
        assert.strictEqual(mode("."), 0o750);
        // What an earlier version left: IoTDB's files 0755/0644, the directory 0755, a file of the operator's beside them.
        fillLikeIotdb();
        fs.chmodSync(p.dataDir, 0o755);
        for (const rel of ["confignode", "confignode/system", "datanode", "datanode/wal", "ext", "ext/udf"]) fs.chmodSync(path.join(p.dataDir, rel), 0o755);
        for (const rel of ["confignode/system/confignode.properties", "datanode/wal/node-1.wal"]) fs.chmodSync(path.join(p.dataDir, rel), 0o664);
        const outside = path.join(root, "elsewhere");
        fs.mkdirSync(outside);
        fs.writeFileSync(path.join(outside, "f"), "x");
        fs.chmodSync(path.join(outside, "f"), 0o644);
        fs.symlinkSync(outside, path.join(p.dataDir, "operator-link"));
        const r = run(claimDataDirScript(p));
        assert.strictEqual(r.stdout, "owned\n", r.stderr);
        assert.strictEqual(mode("."), 0o750);
        for (const rel of ["confignode", "confignode/system", "datanode", "datanode/wal", "ext", "ext/udf"]) assert.strictEqual(mode(rel), 0o750, rel);
        for (const rel of ["confignode/system/confignode.properties", "datanode/wal/node-1.wal"]) assert.strictEqual(mode(rel), 0o640, rel);
        assert.strictEqual(fs.statSync(path.join(outside, "f")).mode & 0o777, 0o644, "a file outside IoTDB's subdirectories is left as it was");
    });

    it("tightens IoTDB's subdirectories of a directory it does not claim, not the directory itself, nor a subdirectory that is a link", () => {
        fs.mkdirSync(path.join(p.dataDir, "datanode", "wal"), { recursive: true });
        fs.writeFileSync(path.join(p.dataDir, "datanode", "wal", "w"), "x");
        fs.chmodSync(path.join(p.dataDir, "datanode", "wal", "w"), 0o644);
        fs.writeFileSync(path.join(p.dataDir, "someone-elses"), "x");
        fs.chmodSync(p.dataDir, 0o755);
        const target = path.join(root, "linked");
        fs.mkdirSync(target);
        fs.chmodSync(target, 0o755);
        fs.symlinkSync(target, path.join(p.dataDir, "confignode"));
        const r = run(claimDataDirScript(p));
        assert.strictEqual(r.stdout, "unclaimed\n", r.stderr);
        assert.strictEqual(fs.statSync(path.join(p.dataDir, "datanode", "wal", "w")).mode & 0o777, 0o640);
        assert.strictEqual(fs.statSync(p.dataDir).mode & 0o777, 0o755, "not this stack's directory: its own mode kept");
        assert.strictEqual(fs.statSync(target).mode & 0o777, 0o755, "a link is not followed");
    });

    it("claims an empty directory, and a file system's root holding only lost+found", () => {
        fs.mkdirSync(path.join(p.dataDir, "lost+found"), { recursive: true });
        const r = run(claimDataDirScript(p));
        assert.strictEqual(r.stdout, "claimed\n", r.stderr);
    });

    it("does not claim a directory that already holds IoTDB data without a marker: warns, writes nothing, exits 0", () => {
        fillLikeIotdb();
        const r = run(claimDataDirScript(p));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "unclaimed\n");
        assert.match(r.stderr, /^warning: iotdb-data-claim: \S+\/data not claimed: it already holds files this stack did not write \(confignode datanode ext\); purgeDataOnDestroy will leave it as it is$/m);
        assert.ok(!fs.existsSync(marker()));
        assert.match(journal(), /data dir not claimed \S+\/data: it already holds files/);
    });

    it("does not claim a directory with another stack's or another machine's marker", () => {
        fs.mkdirSync(p.dataDir, { recursive: true });
        for (const other of [{ ...p, owner: "iotdb-dual-active/prod" }, { ...p, hostname: "iotdb-2" }]) {
            fs.writeFileSync(marker(), `owner=${other.owner}\nhostname=${other.hostname}\ndataDir=${p.dataDir}\n`);
            const before = fs.readFileSync(marker(), "utf8");
            const r = run(claimDataDirScript(p));
            assert.strictEqual(r.stdout, "unclaimed\n", r.stderr);
            assert.match(r.stderr, /^warning: .* not claimed: .*\.iotdb-dual-active-owner names another owner \(owner=iotdb-dual-active\/(prod|unit)\)/m);
            assert.strictEqual(fs.readFileSync(marker(), "utf8"), before);
        }
    });

    it("fails on a data directory that is a file, or a link to a directory of the operating system", () => {
        fs.writeFileSync(p.dataDir, "x");
        assert.match(run(claimDataDirScript(p)).stderr, /exists and is not a directory/);
        fs.rmSync(p.dataDir);
        fs.symlinkSync("/proc/self", p.dataDir);
        const r = run(claimDataDirScript(p));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /is \/proc\/\d+, a directory of the operating system/);
        const purge = run(purgeDataDirScript(p));
        assert.strictEqual(purge.status, 0, purge.stderr);
        assert.strictEqual(purge.stdout, "kept\n");
    });

    it("purges IoTDB's subdirectories and the marker, keeping another file and so the directory", () => {
        assert.strictEqual(run(claimDataDirScript(p)).stdout, "claimed\n");
        fillLikeIotdb();
        fs.writeFileSync(path.join(p.dataDir, "notes.txt"), "not IoTDB's");
        const r = run(purgeDataDirScript(p));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "purged\n");
        assert.deepStrictEqual(entries(p.dataDir), ["notes.txt"]);
        assert.strictEqual(fs.readFileSync(path.join(p.dataDir, "notes.txt"), "utf8"), "not IoTDB's");
        assert.match(journal(), /^\S+ data purged \S+\/data$/m);
    });

    it("removes the data directory too when nothing else is left in it; a second run finds nothing to do", () => {
        run(claimDataDirScript(p));
        fillLikeIotdb();
        assert.strictEqual(run(purgeDataDirScript(p)).stdout, "purged\n");
        assert.ok(!fs.existsSync(p.dataDir));
        const again = run(purgeDataDirScript(p));
        assert.strictEqual(again.status, 0, again.stderr);
        assert.strictEqual(again.stdout, "absent\n");
    });

    it("keeps everything where the marker is missing, foreign or not exactly as written: warns and exits 0", () => {
        fillLikeIotdb();
        const cases: [string | undefined, RegExp][] = [
            [undefined, /no \S+\.iotdb-dual-active-owner: this stack never claimed it \(it held other files then, or predates the marker\)/],
            [`owner=iotdb-dual-active/other\nhostname=iotdb-1\ndataDir=${p.dataDir}\n`, /\S+\.iotdb-dual-active-owner does not name this stack and machine: another owner/],
            [`owner=iotdb-dual-active/unit\nhostname=iotdb-2\ndataDir=${p.dataDir}\n`, /\S+\.iotdb-dual-active-owner does not name this stack and machine: another owner/],
            [`owner=iotdb-dual-active/unit\nhostname=iotdb-1\ndataDir=/elsewhere\n`, /\S+\.iotdb-dual-active-owner does not name this stack and machine: another owner/],
            [`owner=iotdb-dual-active/unit\nhostname=iotdb-1\ndataDir=${p.dataDir}\nextra\n`, /\S+\.iotdb-dual-active-owner does not name this stack and machine: another owner/],
        ];
        for (const [content, why] of cases) {
            if (content === undefined) fs.rmSync(marker(), { force: true }); else fs.writeFileSync(marker(), content);
            const r = run(purgeDataDirScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "kept\n");
            assert.match(r.stderr, new RegExp(`^warning: iotdb-data-purge: \\S+/data kept, not purged: ${why.source}`, "m"));
            assert.deepStrictEqual(entries(p.dataDir), content === undefined ? ["confignode", "datanode", "ext"] : [DATA_DIR_MARKER, "confignode", "datanode", "ext"].sort());
            assert.ok(fs.existsSync(path.join(p.dataDir, "datanode/data/sequence/1.tsfile")));
        }
        assert.match(journal(), /data kept \S+\/data: /);
    });

    it("removes a symbolic link in place of an IoTDB subdirectory, not what it points to", () => {
        run(claimDataDirScript(p));
        const elsewhere = path.join(root, "disk2", "datanode");
        fs.mkdirSync(elsewhere, { recursive: true });
        fs.writeFileSync(path.join(elsewhere, "1.tsfile"), "data");
        fs.symlinkSync(elsewhere, path.join(p.dataDir, "datanode"));
        const r = run(purgeDataDirScript(p));
        assert.strictEqual(r.stdout, "purged\n", r.stderr);
        assert.ok(!fs.existsSync(p.dataDir));
        assert.ok(fs.existsSync(path.join(elsewhere, "1.tsfile")));
    });

    /**
     * A claimed data directory holding IoTDB's files, and a process `bash -c <loop> <name> <wal file>`
     * running: `name` ($0) is one argument of it, as a JVM shows its main class.
     */
    const claimedWithProcess = async (loop: string, name: string, cwd?: string) => {
        run(claimDataDirScript(p));
        fillLikeIotdb();
        const wal = path.join(p.dataDir, "datanode/wal/node-1.wal");
        const child = spawn("bash", ["-c", loop, name, wal], { stdio: "ignore", cwd });
        children.push(child);
        await new Promise((r) => setTimeout(r, 300));
        return { wal, child };
    };
    const stillUsed = (pid: number | undefined) => new RegExp(`IoTDB still uses \\S+/data \\(pid ${pid}\\): stop it, then destroy again`);

    it("fails, removing nothing, while an IoTDB process has a file open in it; purges once it is gone", async () => {
        const { wal, child } = await claimedWithProcess('exec 3<"$1"; while :; do sleep 0.1; done', "org.apache.iotdb.db.service.DataNode");
        const r = run(purgeDataDirScript(p));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, stillUsed(child.pid));
        assert.ok(fs.existsSync(wal) && fs.existsSync(marker()));
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        const after = run(purgeDataDirScript(p));
        assert.strictEqual(after.stdout, "purged\n", after.stderr);
    });

    it("fails while a ConfigNode works in it (its working directory there)", async () => {
        const { child } = await claimedWithProcess("while :; do sleep 0.1; done", "org.apache.iotdb.confignode.service.ConfigNode", path.join(p.dataDir, "confignode"));
        const r = run(purgeDataDirScript(p));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, stillUsed(child.pid));
        assert.ok(fs.existsSync(marker()));
    });

    it("does not take another process for IoTDB because its script mentions IoTDB's classes", async () => {
        await claimedWithProcess('exec 3<"$1"; : org.apache.iotdb.db.service.DataNode; while :; do sleep 0.1; done', "tail");
        const r = run(purgeDataDirScript(p));
        assert.strictEqual(r.stdout, "purged\n", r.stderr);
    });

    it("keeps a hostile owner inert", () => {
        const hostile = { ...p, owner: "x'$(touch pwned)`touch pwned2`;rm -rf /" };
        const r = spawnSync("bash", ["-c", claimDataDirScript(hostile)], { cwd: root, encoding: "utf8" });
        assert.strictEqual(r.stdout, "claimed\n", r.stderr);
        assert.ok(!fs.existsSync(path.join(root, "pwned")) && !fs.existsSync(path.join(root, "pwned2")));
        assert.strictEqual(fs.readFileSync(marker(), "utf8").split("\n")[0], `owner=${hostile.owner}`);
        const purge = spawnSync("bash", ["-c", purgeDataDirScript(hostile)], { cwd: root, encoding: "utf8" });
        assert.strictEqual(purge.stdout, "purged\n", purge.stderr);
    });
});
