// hostToolsScript run for real: the project's host tools archive installed into an IoTDB home,
// idempotently, checked by its SHA-256, again after IoTDB's own tools/ was replaced.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { HOST_TOOLS_MARKER, hostToolsScript } from "../../lib/render/hostToolsScript";
import { IOTDB_SQL_PATH } from "../../lib/render/hostScripts";
import { IOTDB_FLUSHER_PATH } from "../../lib/render/flusherScripts";
import { Fixture, fixturePerTest, run, sha256, writeExec } from "./hostScriptsFixture";

describe("hostToolsScript (run for real on a temporary IoTDB home)", function () {
    this.timeout(60000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));

    /** A host tools archive as scripts/host-tools-dist.sh packs it (one folder iotdb-sql/), `tag` in the runner. */
    const toolsArchive = (tag: string, files = ["iotdb-sql", "iotdb-flusher", "IotdbSql.class", "IotdbFlusher.class"]) => {
        const stage = path.join(fx.root, `tools-${tag}`);
        for (const f of files) writeExec(path.join(stage, "iotdb-sql", f), `#!/bin/sh\necho ${tag}\n`);
        const archive = path.join(fx.root, `tools-${tag}.tar.gz`);
        const r = spawnSync("tar", ["-czf", archive, "-C", stage, "iotdb-sql"], { encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        return archive;
    };
    const iotdbHome = () => {
        const home = path.join(fx.root, "opt", "apache-iotdb-9.9.9");
        writeExec(path.join(home, "sbin/start-datanode.sh"), "#!/bin/sh\n");
        fs.mkdirSync(path.join(home, "lib"), { recursive: true });
        return home;
    };

    it("installs the runner and the flusher where every script looks for them; idempotent; a new archive replaces them", () => {
        const home = iotdbHome();
        const one = toolsArchive("one");
        const p = { archivePath: one, archiveSha256: sha256(one), home };
        let r = run(hostToolsScript(p));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "changed\n");
        for (const rel of [IOTDB_SQL_PATH, IOTDB_FLUSHER_PATH]) assert.ok(fs.statSync(path.join(home, rel)).mode & 0o100, rel);
        assert.strictEqual(fs.readFileSync(path.join(home, "tools/iotdb-sql", HOST_TOOLS_MARKER), "utf8"), `${sha256(one)}\n`);
        assert.strictEqual(run(hostToolsScript(p)).stdout, "unchanged\n");

        // IoTDB installed again replaces tools/: the step (triggered by the install) puts them back.
        fs.rmSync(path.join(home, "tools"), { recursive: true });
        r = run(hostToolsScript(p));
        assert.strictEqual(r.stdout, "changed\n", r.stderr);

        const two = toolsArchive("two");
        r = run(hostToolsScript({ ...p, archivePath: two, archiveSha256: sha256(two) }));
        assert.strictEqual(r.stdout, "changed\n", r.stderr);
        assert.strictEqual(spawnSync(path.join(home, IOTDB_SQL_PATH), { encoding: "utf8" }).stdout, "two\n");
        assert.deepStrictEqual(fs.readdirSync(path.join(home, "tools")), ["iotdb-sql"]);
    });

    it("refuses a wrong checksum, an incomplete archive and a home without IoTDB, and changes nothing", () => {
        const home = iotdbHome();
        const one = toolsArchive("one");
        let r = run(hostToolsScript({ archivePath: one, archiveSha256: "0".repeat(64), home }));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /sha256 mismatch/);
        const partial = toolsArchive("partial", ["iotdb-sql", "IotdbSql.class"]);
        r = run(hostToolsScript({ archivePath: partial, archiveSha256: sha256(partial), home }));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /does not hold iotdb-sql\/ with iotdb-sql, iotdb-flusher/);
        assert.ok(!fs.existsSync(path.join(home, "tools/iotdb-sql")));
        r = run(hostToolsScript({ archivePath: one, archiveSha256: sha256(one), home: path.join(fx.root, "nowhere") }));
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /no IoTDB installed at/);
        assert.throws(() => hostToolsScript({ archivePath: one, archiveSha256: "x", home }), /64 lowercase hex/);
    });
});
