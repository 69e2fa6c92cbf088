import * as assert from "assert";
import * as crypto from "crypto";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { INSTALL_MARKER, installScript } from "../../lib/render/hostScripts";
import { alive, Fixture, fixturePerTest, run, sha256, waitFor, writeExec } from "./hostScriptsFixture";

describe("host scripts: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));
    describe("installScript", () => {
        function makeTarball(name: string, version: string, extra: Record<string, string> = {}, topLevel = 1): string {
            const stage = path.join(fx.root, `stage-${name}`);
            const top = path.join(stage, `apache-iotdb-${version}`);
            const files: Record<string, string> = {
                "sbin/start-confignode.sh": "#!/bin/sh\n",
                "sbin/start-datanode.sh": "#!/bin/sh\n",
                "conf/iotdb-system.properties": "cluster_name=defaultCluster\n",
                "conf/confignode-env.sh": "MEMORY_SIZE=\n",
                "conf/datanode-env.sh": "MEMORY_SIZE=\n",
                "tools/iotdb-sql/iotdb-sql": "#!/bin/sh\n",
                ...extra,
            };
            for (const [rel, content] of Object.entries(files)) {
                writeExec(path.join(top, rel), content);
            }
            if (topLevel > 1) fs.mkdirSync(path.join(stage, "second-top"), { recursive: true });
            const tarball = path.join(fx.root, `${name}.tar.gz`);
            const r = spawnSync("tar", ["-czf", tarball, "-C", stage, "."], { encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stderr);
            return tarball;
        }

        it("installs, is idempotent, upgrades in place keeping data/logs/ext", () => {
            const installDir = path.join(fx.root, "opt");
            const t1 = makeTarball("one", "9.9.9", { "lib/a.jar": "A" });
            const p = { archivePath: t1, archiveSha256: sha256(t1), installDir, version: "9.9.9" };
            let r = run(installScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "changed\n");
            const home = path.join(installDir, "apache-iotdb-9.9.9");
            assert.strictEqual(fs.readFileSync(path.join(home, INSTALL_MARKER), "utf8"), `${p.archiveSha256}\n`);
            assert.ok(fs.existsSync(path.join(home, "lib/a.jar")));
            r = run(installScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "unchanged\n");

            for (const d of ["data", "logs", "ext"]) {
                fs.mkdirSync(path.join(home, d), { recursive: true });
                fs.writeFileSync(path.join(home, d, "keep"), d);
            }
            fs.writeFileSync(path.join(home, "conf/iotdb-system.properties"), "configured=1\n");
            const t2 = makeTarball("two", "9.9.9", { "lib/b.jar": "B" });
            const p2 = { ...p, archivePath: t2, archiveSha256: sha256(t2) };
            r = run(installScript(p2));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "changed\n");
            assert.ok(fs.existsSync(path.join(home, "lib/b.jar")));
            assert.ok(!fs.existsSync(path.join(home, "lib/a.jar")));
            for (const d of ["data", "logs", "ext"]) {
                assert.strictEqual(fs.readFileSync(path.join(home, d, "keep"), "utf8"), d);
            }
            assert.strictEqual(fs.readFileSync(path.join(home, "conf/iotdb-system.properties"), "utf8"), "cluster_name=defaultCluster\n");
            assert.deepStrictEqual(fs.readdirSync(home).filter((f) => f.includes("old-install")), []);
            assert.deepStrictEqual(fs.readdirSync(installDir).filter((f) => f.startsWith(".")), []);
        });

        it("installs Apache's release: a .zip whose top folder is apache-iotdb-<v>-all-bin, checked by SHA-512, without the project's tools", () => {
            const installDir = path.join(fx.root, "opt");
            const stage = path.join(fx.root, "stage-zip");
            const files = ["sbin/start-confignode.sh", "sbin/start-datanode.sh", "conf/iotdb-system.properties", "conf/confignode-env.sh", "conf/datanode-env.sh", "tools/import-data.sh"];
            for (const rel of files) writeExec(path.join(stage, "apache-iotdb-9.9.9-all-bin", rel), "#!/bin/sh\n");
            // Apache's zip keeps the modes; a zip that lost them must still give executable sbin scripts.
            fs.chmodSync(path.join(stage, "apache-iotdb-9.9.9-all-bin/sbin/start-datanode.sh"), 0o644);
            const zip = path.join(fx.root, "apache-iotdb-9.9.9-all-bin.zip");
            const z = spawnSync("zip", ["-q", "-r", zip, "apache-iotdb-9.9.9-all-bin"], { cwd: stage, encoding: "utf8" });
            assert.strictEqual(z.status, 0, z.stderr);
            const sha512 = crypto.createHash("sha512").update(fs.readFileSync(zip)).digest("hex");
            const p = { archivePath: zip, archiveSha512: sha512, format: "zip" as const, installDir, version: "9.9.9" };
            let r = run(installScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "changed\n");
            const home = path.join(installDir, "apache-iotdb-9.9.9");
            assert.strictEqual(fs.readFileSync(path.join(home, INSTALL_MARKER), "utf8"), `${sha512}\n`);
            assert.ok(fs.existsSync(path.join(home, "tools/import-data.sh")));
            assert.ok(fs.statSync(path.join(home, "sbin/start-datanode.sh")).mode & 0o111);
            assert.deepStrictEqual(fs.readdirSync(installDir), ["apache-iotdb-9.9.9"]);
            r = run(installScript(p));
            assert.strictEqual(r.stdout, "unchanged\n", r.stderr);
            r = run(installScript({ ...p, archiveSha512: "0".repeat(128) }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /sha512sum mismatch/);
            assert.throws(() => installScript({ ...p, archiveSha256: "a".repeat(64) }), /not both/);
        });

        it("refuses a wrong sha256 and installs nothing", () => {
            const installDir = path.join(fx.root, "opt");
            const t = makeTarball("one", "9.9.9");
            const r = run(installScript({ archivePath: t, archiveSha256: "0".repeat(64), installDir, version: "9.9.9" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /sha256sum mismatch/);
            assert.ok(!fs.existsSync(path.join(installDir, "apache-iotdb-9.9.9")));
        });

        it("refuses an archive with a second top-level entry or the wrong version", () => {
            const installDir = path.join(fx.root, "opt");
            const t = makeTarball("two-tops", "9.9.9", {}, 2);
            let r = run(installScript({ archivePath: t, archiveSha256: sha256(t), installDir, version: "9.9.9" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /exactly one top-level/);
            const t2 = makeTarball("other-version", "1.0.0");
            r = run(installScript({ archivePath: t2, archiveSha256: sha256(t2), installDir, version: "9.9.9" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /top folder apache-iotdb-1\.0\.0\/ is not apache-iotdb-9\.9\.9\//);
        });

        it("refuses to replace an installation whose node is running", async () => {
            const installDir = path.join(fx.root, "opt");
            const t1 = makeTarball("one", "9.9.9", { "lib/a.jar": "A" });
            assert.strictEqual(run(installScript({ archivePath: t1, archiveSha256: sha256(t1), installDir, version: "9.9.9" })).status, 0);
            const home = path.join(installDir, "apache-iotdb-9.9.9");
            const pid = fx.spawnNode("datanode", home);
            assert.ok(await waitFor(() => alive(pid), 2000));
            const t2 = makeTarball("two", "9.9.9", { "lib/b.jar": "B" });
            const r = run(installScript({ archivePath: t2, archiveSha256: sha256(t2), installDir, version: "9.9.9" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /datanode of .* is running/);
            assert.ok(fs.existsSync(path.join(home, "lib/a.jar")));
        });

        it("keeps a hostile archive path inert", () => {
            const installDir = path.join(fx.root, "opt");
            const hostile = `/nonexistent/$(touch PWNED)\`touch PWNED\`'; touch PWNED; '"; rm -rf /x"`;
            const r = run(installScript({ archivePath: hostile, archiveSha256: "a".repeat(64), installDir, version: "9.9.9" }), "", fx.root);
            assert.strictEqual(r.status, 1);
            assert.ok(r.stderr.includes(`archive not found: ${hostile}`), r.stderr);
            assert.ok(!fs.existsSync(path.join(fx.root, "PWNED")));
        });
    });
});
