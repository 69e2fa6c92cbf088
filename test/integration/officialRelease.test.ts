// Issue 17, "Official IoTDB releases": a stack whose distribution.url points at an IoTDB release shaped
// like Apache's (apache-iotdb-2.0.10-all-bin.zip, one top folder apache-iotdb-2.0.10-all-bin, no
// project tools in it, checked by its SHA-512), served over HTTP from this machine's address on the test
// hosts' bridge, comes up with the project's SQL runner and flusher from their own archive, and its pipes
// replicate: rows in two databases a side written on both sides at once, no FLUSH. Real engine, real IoTDB.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, quiet, pairHooks, hosts } from "./pairFixture";
import { runSql, rootPasswords } from "./iotdbClient";
import { sshExec, BRIDGE, BRIDGE_ADDRESS } from "./testhosts";
import { bothSidesRows } from "./pairRows";
import { locateDistribution, locateHostTools } from "../../lib/config/distribution";
import { INSTALL_MARKER } from "../../lib/render/hostScripts";
import { HOST_TOOLS_MARKER } from "../../lib/render/hostToolsScript";

const VERSION = "2.0.10";
const TOP = `apache-iotdb-${VERSION}-all-bin`;
const URL_PATH = `/dist/iotdb/${VERSION}/${TOP}.zip`;
const run = newRun("rel");
const { home } = run;

const sh = (cmd: string, args: string[], cwd?: string) => {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
    assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
};

/** The release as Apache shapes it, from the IoTDB files `npm run setup` merged, without the project's tools; its SHA-512. */
function apacheShapedZip(dir: string): { file: string; sha512: string } {
    const stage = path.join(dir, "stage");
    fs.mkdirSync(stage);
    sh("tar", ["-xzf", locateDistribution(VERSION).localPath, "-C", stage]);
    fs.renameSync(path.join(stage, `apache-iotdb-${VERSION}`), path.join(stage, TOP));
    fs.rmSync(path.join(stage, TOP, "tools", "iotdb-sql"), { recursive: true, force: true });
    assert.strictEqual(sh("find", [stage, "-name", "Iotdb*.class"]), "", "the project's tools are still in the release");
    const file = path.join(dir, `${TOP}.zip`);
    sh("zip", ["-q", "-r", "-1", "-X", file, TOP], stage);
    fs.rmSync(stage, { recursive: true });
    return { file, sha512: crypto.createHash("sha512").update(fs.readFileSync(file)).digest("hex") };
}

describe("an official IoTDB release at distribution.url (real engine, real IoTDB, two hosts)", function () {
    this.timeout(20 * 60 * 1000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iotdb-release-"));
    let zip: { file: string; sha512: string };
    let server: http.Server;
    let url = "";
    /** Who fetched what: `<address> <path> <status>`. */
    const requests: string[] = [];
    let stack: Stack;
    let root: Record<number, string> = {};
    const rows = bothSidesRows((i, statements) => runSql(i, home, root[i], statements),
        { 1: ["root.dual.rel", "root.load_a_2.rel"], 2: ["root.dual_b.rel", "root.load_b_2.rel"] });

    before(async () => {
        // Served on this machine's address on the hosts' bridge only, to the test hosts only.
        const bridge = sh("ip", ["-4", "-o", "addr", "show", "dev", BRIDGE]);
        assert.ok(bridge.includes(` ${BRIDGE_ADDRESS}/`), `${BRIDGE} does not hold ${BRIDGE_ADDRESS}: ${bridge}`);
        zip = apacheShapedZip(dir);
        const allowed = new Set(hosts.map((h) => h.address));
        server = http.createServer((req, res) => {
            const from = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
            const ok = allowed.has(from) && req.method === "GET" && req.url === URL_PATH;
            requests.push(`${from} ${req.url} ${ok ? 200 : 404}`);
            if (!ok) { res.statusCode = 404; res.end(); return; }
            res.setHeader("Content-Length", fs.statSync(zip.file).size);
            fs.createReadStream(zip.file).pipe(res);
        });
        await new Promise<void>((resolve) => server.listen(0, BRIDGE_ADDRESS, resolve));
        url = `http://${BRIDGE_ADDRESS}:${(server.address() as AddressInfo).port}${URL_PATH}`;
        console.log(`      serving ${path.basename(zip.file)} (${(fs.statSync(zip.file).size / 1e6).toFixed(1)} MB, sha512 ${zip.sha512.slice(0, 16)}...) at ${url}`);
    });
    after(async () => {
        if (server) await new Promise((resolve) => server.close(resolve));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    pairHooks("release", run, "rel", () => stackConfig(run, { distribution: { url, sha512: zip.sha512 } }), (_w, s) => { stack = s; });

    it("up: each host downloads the zip, checks its SHA-512, installs it as apache-iotdb-2.0.10 with the project's tools beside", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        root = rootPasswords(up.outputs);
        const fetched = requests.filter((r) => r.endsWith(" 200")).map((r) => r.split(" ")[0]).sort();
        assert.deepStrictEqual([...new Set(fetched)], hosts.map((h) => h.address), `requests: ${requests.join(", ")}`);
        const tools = locateHostTools(VERSION);
        for (const i of [1, 2]) {
            const seen = sshExec(i, `cat ${home}/${INSTALL_MARKER} ${home}/tools/iotdb-sql/${HOST_TOOLS_MARKER}; ls ${run.installDir}/dist`).stdout.trim().split("\n");
            assert.deepStrictEqual(seen, [zip.sha512, tools.sha256, `apache-iotdb-${VERSION}-bin.zip`, `iotdb-dual-active-host-tools-${VERSION}.tar.gz`], `host ${i}`);
        }
        console.log(`      requests: ${requests.join(", ")}`);
    });

    it("rows written on both sides into two databases each, no FLUSH, converge; both pipes RUNNING without an exception", async () => {
        rows.write(300);
        const agreed = await rows.converged("the rows written on both sides");
        console.log(`      converged: ${JSON.stringify(agreed)}`);
        await rows.pipesHealthy();
    });
});
