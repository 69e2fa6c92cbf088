// The explicit rebuild of a node (lib/render/rebuildScript.ts), run for real on a directory of this
// machine: it purges IoTDB's part of a directory this stack claimed and claims it again, and refuses
// (leaving everything) a directory the stack never claimed.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rebuildNodeScript } from "../../lib/render/rebuildScript";
import { claimDataDirScript } from "../../lib/render/dataDirScripts";

describe("rebuildNodeScript (run for real on a temporary directory)", function () {
    this.timeout(60_000);
    let root = "";
    let p: { dataDir: string; installDir: string; owner: string; hostname: string };
    const bash = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 50_000 });
    const rebuild = () => bash(rebuildNodeScript({ ...p, home: `${p.installDir}/apache-iotdb-2.0.10`, roles: ["confignode", "datanode"], stopTimeoutSeconds: 5 }));
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "rebuild-"));
        p = { dataDir: `${root}/data`, installDir: `${root}/inst`, owner: "iotdb-dual-active/test", hostname: "iotdb-9" };
        fs.mkdirSync(p.installDir);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("purges IoTDB's subdirectories of a claimed directory, claims it again, journals it", () => {
        assert.strictEqual(bash(claimDataDirScript(p)).status, 0);
        fs.mkdirSync(`${p.dataDir}/datanode/data`, { recursive: true });
        fs.writeFileSync(`${p.dataDir}/datanode/data/1.tsfile`, "rows");
        const r = rebuild();
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "rebuilt\n");
        assert.ok(!fs.existsSync(`${p.dataDir}/datanode`), "the DataNode's data is still there");
        assert.ok(fs.existsSync(`${p.dataDir}/.iotdb-dual-active-owner`), "the directory is not claimed again");
        assert.match(fs.readFileSync(`${p.installDir}/journal.log`, "utf8"), /rebuilt: .*\/data purged\n$/);
    });

    it("refuses a directory this stack never claimed, and leaves its files", () => {
        fs.mkdirSync(`${p.dataDir}/datanode`, { recursive: true });
        fs.writeFileSync(`${p.dataDir}/datanode/keep`, "someone's");
        const r = rebuild();
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /iotdb-9 not rebuilt: .*\/data was not purged \(kept; see the warning above\)/);
        assert.ok(fs.existsSync(`${p.dataDir}/datanode/keep`));
    });
});
