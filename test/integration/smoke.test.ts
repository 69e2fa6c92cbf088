// Smoke test of the host scripts on real IoTDB: build the distribution (scripts/iotdb-dist.sh), upload
// it to both test hosts, install, configure (own address, data under /var/lib/iotdb), start both at the
// same time (same ports, separate network namespaces), check `show cluster`, stop, check nothing is
// left running. Every wait is bounded. Needs the local test hosts (scripts/hosts.sh).
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { configureScript, installScript, iotdbHome, IOTDB_SQL_PATH, startScript, stopScript } from "../../lib/render/hostScripts";
import { renderSystemProperties } from "../../lib/render/properties";
import { shellQuote } from "../../lib/render/shell";
import { assertTestHostUp, sshConfigPath, testHost } from "./testhosts";
import { useFixture } from "./fixture";

const REPO = path.resolve(__dirname, "../..");
const HOSTS = [1, 2] as const;
const INSTALL_DIR = "/opt/iotdb";
const DATA_DIR = "/var/lib/iotdb/smoke";
// A throwaway password of this test; it only ever travels on stdin.
const PASSWORD = "Smoke-pw1";
const RPC_PORT = 6667;
const IOTDB_PORTS = [6667, 10710, 10720, 10730, 10740, 10750, 10760];
const START_TIMEOUT_S = 240;
const STOP_TIMEOUT_S = 90;

// Column headers as IoTDB 2.0.10 prints them (checked against the real server).
const SHOW_CLUSTER_COLUMNS = ["NodeID", "NodeType", "Status", "InternalAddress", "InternalPort", "Version", "BuildInfo"];
const SHOW_PIPES_COLUMNS = [
    "ID",
    "CreationTime",
    "State",
    "PipeSource",
    "PipeProcessor",
    "PipeSink",
    "ExceptionMessage",
    "RemainingEventCount",
    "EstimatedRemainingSeconds",
];

interface Result {
    code: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

/** Runs a process with stdin, bounded by timeoutMs (then TERM): never hangs the test. */
function runBounded(cmd: string, args: string[], input: string, timeoutMs: number): Promise<Result> {
    return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
        }, timeoutMs);
        child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            if (timedOut) stderr += `\n[smoke] killed after ${timeoutMs} ms`;
            resolve({ code, stdout, stderr, ms: Date.now() - t0 });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(input);
    });
}

/** A command on test host i over SSH (asynchronous, so both hosts can work at the same time). */
function ssh(i: number, command: string, input = "", timeoutMs = 60000): Promise<Result> {
    const h = assertTestHostUp(testHost(i).address);
    return runBounded("ssh", ["-F", sshConfigPath(), "-o", "BatchMode=yes", h.label, "--", command], input, timeoutMs);
}

/** One of the generated scripts on test host i, as `bash -c <script>`; secrets go on stdin. */
function remoteScript(i: number, script: string, input = "", timeoutMs = 60000): Promise<Result> {
    return ssh(i, `bash -c ${shellQuote(script)}`, input, timeoutMs);
}

function ok(r: Result, what: string): Result {
    assert.strictEqual(r.code, 0, `${what} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
    return r;
}

/** SQL through the installed runner; returns the result sets (header + rows) of the query statements. */
async function sql(i: number, host: string, statements: string[], password = PASSWORD): Promise<string[][][]> {
    const home = iotdbHome(INSTALL_DIR, version);
    const r = ok(
        await ssh(
            i,
            `${home}/${IOTDB_SQL_PATH} --host ${shellQuote(host)} --port ${RPC_PORT} --user root --separate`,
            [password, ...statements].join("\n") + "\n",
            60000,
        ),
        `iotdb-sql on host ${i}`,
    );
    const sets: string[][][] = [];
    for (const line of r.stdout.split("\n")) {
        if (line === "--") sets.push([]);
        else if (line !== "") sets[sets.length - 1].push(line.split("\t"));
    }
    return sets;
}

let tarball = "";
let tarballSha = "";
let version = "";
let remoteArchive = "";
const startMs: Record<number, number> = {};

describe("smoke: IoTDB on both test hosts (install, configure, start, show cluster, stop)", function () {
    this.timeout(30 * 60 * 1000);

    useFixture({ hosts: HOSTS.length });

    before(async function () {
        const t0 = Date.now();
        const dist = spawnSync("bash", [path.join(REPO, "scripts/iotdb-dist.sh")], {
            cwd: REPO,
            encoding: "utf8",
            timeout: 20 * 60 * 1000,
        });
        assert.strictEqual(dist.status, 0, `iotdb-dist.sh failed:\n${dist.stderr}`);
        tarball = dist.stdout.trim().split("\n").pop() as string;
        const m = /apache-iotdb-([^/]+)-bin\.tar\.gz$/.exec(tarball);
        assert.ok(m && fs.existsSync(tarball), `unexpected iotdb-dist.sh output: ${dist.stdout}`);
        version = m[1];
        tarballSha = fs.readFileSync(`${tarball}.sha256`, "utf8").split(/\s+/)[0];
        assert.match(tarballSha, /^[0-9a-f]{64}$/);
        remoteArchive = `/tmp/${path.basename(tarball)}`;
        console.log(`      [smoke] dist ${path.basename(tarball)} ready in ${Date.now() - t0} ms`);

        // Leftovers of an earlier run of this test: stop them, start from empty data.
        await Promise.all(
            HOSTS.map(async (i) => {
                ok(await remoteScript(i, stopScript({ home: iotdbHome(INSTALL_DIR, version), timeoutSeconds: STOP_TIMEOUT_S }), "", 4 * STOP_TIMEOUT_S * 1000 + 30000), `cleanup stop on host ${i}`);
                ok(await ssh(i, `rm -rf ${shellQuote(DATA_DIR)}`), `cleanup of ${DATA_DIR} on host ${i}`);
            }),
        );
        // The ports must be free, or IoTDB's start scripts silently give up.
        for (const i of HOSTS) {
            const r = ok(await ssh(i, "ss -Hltnp"), `ss on host ${i}`);
            const busy = r.stdout
                .split("\n")
                .filter((l) => IOTDB_PORTS.some((p) => new RegExp(`:${p}\\s`).test(l)));
            assert.deepStrictEqual(busy, [], `IoTDB ports already in use on host ${i}:\n${busy.join("\n")}`);
        }
    });

    after(async function () {
        // Leave no IoTDB running, whatever happened (and no data of this test).
        if (!version) return;
        await Promise.all(
            HOSTS.map(async (i) => {
                const r = await remoteScript(i, stopScript({ home: iotdbHome(INSTALL_DIR, version), timeoutSeconds: STOP_TIMEOUT_S }), "", 4 * STOP_TIMEOUT_S * 1000 + 30000);
                if (r.code !== 0) console.error(`      [smoke] final stop on host ${i} failed:\n${r.stderr}`);
                else await ssh(i, `rm -rf ${shellQuote(DATA_DIR)}`);
            }),
        );
    });

    it("uploads the tarball and installs it idempotently", async () => {
        await Promise.all(
            HOSTS.map(async (i) => {
                const have = await ssh(i, `sha256sum ${shellQuote(remoteArchive)} 2>/dev/null || true`);
                if (!have.stdout.startsWith(tarballSha)) {
                    const h = assertTestHostUp(testHost(i).address);
                    ok(await runBounded("scp", ["-q", "-F", sshConfigPath(), tarball, `${h.label}:${remoteArchive}`], "", 5 * 60000), `scp to host ${i}`);
                }
                const params = { archivePath: remoteArchive, archiveSha256: tarballSha, installDir: INSTALL_DIR, version };
                const first = ok(await remoteScript(i, installScript(params), "", 5 * 60000), `install on host ${i}`);
                assert.match(first.stdout, /^(changed|unchanged)\n$/);
                const second = ok(await remoteScript(i, installScript(params), "", 5 * 60000), `second install on host ${i}`);
                assert.strictEqual(second.stdout, "unchanged\n");
            }),
        );
    });

    it("configures each host with its own address, data under /var/lib/iotdb", async () => {
        await Promise.all(
            HOSTS.map(async (i) => {
                const address = testHost(i).address;
                const props = renderSystemProperties({
                    clusterName: `smoke-${i}`,
                    internalAddress: address,
                    rpcAddress: address,
                    dataDir: DATA_DIR,
                });
                const params = {
                    home: iotdbHome(INSTALL_DIR, version),
                    systemProperties: props,
                    confignodeMemory: "512M",
                    datanodeMemory: "1G",
                };
                ok(await remoteScript(i, configureScript(params)), `configure on host ${i}`);
                const again = ok(await remoteScript(i, configureScript(params)), `second configure on host ${i}`);
                assert.strictEqual(again.stdout, "unchanged\n");
                const onHost = ok(await ssh(i, `cat ${iotdbHome(INSTALL_DIR, version)}/conf/iotdb-system.properties`), "cat");
                assert.strictEqual(onHost.stdout, props);
            }),
        );
    });

    it("starts both hosts at the same time and waits until every node is Running", async () => {
        const results = await Promise.all(
            HOSTS.map(async (i) => {
                const params = {
                    home: iotdbHome(INSTALL_DIR, version),
                    rpcHost: testHost(i).address,
                    rpcPort: RPC_PORT,
                    user: "root",
                    timeoutSeconds: START_TIMEOUT_S,
                };
                // Fresh data: the given password is not set yet, the script falls back to the default.
                const r = ok(await remoteScript(i, startScript(params), `${PASSWORD}\n`, (START_TIMEOUT_S + 120) * 1000), `start on host ${i}`);
                startMs[i] = r.ms;
                return r;
            }),
        );
        for (const [k, r] of results.entries()) {
            assert.match(r.stdout, /^auth=default\npids=confignode:\d+ datanode:\d+ \n$/, `host ${HOSTS[k]}: ${r.stderr}`);
            assert.ok(!r.stderr.includes(PASSWORD));
            console.log(`      [smoke] host ${HOSTS[k]}: start to Running in ${r.ms} ms (${/Running after (\d+)s/.exec(r.stderr)?.[1]}s inside the script)`);
        }
    });

    it("show cluster on each host: its ConfigNode and DataNode Running on its own address, same ports", async () => {
        for (const i of HOSTS) {
            const address = testHost(i).address;
            const [cluster, pipes] = await sql(i, address, ["show cluster", "show pipes"], "root");
            assert.deepStrictEqual(cluster[0], SHOW_CLUSTER_COLUMNS);
            const rows = cluster.slice(1);
            assert.deepStrictEqual(rows.map((r) => r[1]).sort(), ["ConfigNode", "DataNode"]);
            for (const r of rows) {
                assert.strictEqual(r[2], "Running", r.join(" "));
                assert.strictEqual(r[3], address, r.join(" "));
                assert.strictEqual(r[5], version, r.join(" "));
            }
            assert.deepStrictEqual(rows.map((r) => r[4]).sort(), ["10710", "10730"]);
            assert.deepStrictEqual(pipes, [SHOW_PIPES_COLUMNS]);
            // Every IoTDB port bound to the host's address only.
            const ss = ok(await ssh(i, "ss -Hltn"), "ss").stdout;
            for (const p of IOTDB_PORTS) {
                const lines = ss.split("\n").filter((l) => new RegExp(`:${p}\\s`).test(l));
                assert.ok(lines.length === 1 && lines[0].includes(address), `port ${p} on host ${i}: ${lines.join(" | ")}`);
            }
        }
    });

    it("each side's DataNode answers the other host (what a pipe sink needs)", async () => {
        const [cluster] = await sql(1, testHost(2).address, ["show cluster"], "root");
        assert.ok(cluster.slice(1).every((r) => r[3] === testHost(2).address), JSON.stringify(cluster));
        const [cluster1] = await sql(2, testHost(1).address, ["show cluster"], "root");
        assert.ok(cluster1.slice(1).every((r) => r[3] === testHost(1).address), JSON.stringify(cluster1));
    });

    it("start again is a no-op, and logs in with the given password once it is set", async () => {
        for (const i of HOSTS) {
            const address = testHost(i).address;
            await sql(i, address, [`ALTER USER root SET PASSWORD '${PASSWORD}'`], "root");
            const r = ok(
                await remoteScript(
                    i,
                    startScript({ home: iotdbHome(INSTALL_DIR, version), rpcHost: address, rpcPort: RPC_PORT, user: "root", timeoutSeconds: 60 }),
                    `${PASSWORD}\n`,
                    120000,
                ),
                `second start on host ${i}`,
            );
            assert.match(r.stdout, /^auth=given\npids=confignode:\d+ datanode:\d+ \n$/);
            assert.match(r.stderr, /confignode already running/);
            assert.match(r.stderr, /datanode already running/);
            // A wrong password is reported as such by the runner (exit 2, IoTDB's 801), without echoing it.
            const bad = await ssh(
                i,
                `${iotdbHome(INSTALL_DIR, version)}/${IOTDB_SQL_PATH} --host ${address} --port ${RPC_PORT} --user root`,
                "Wrong-pw1\nshow cluster\n",
            );
            assert.strictEqual(bad.code, 2, bad.stderr);
            assert.match(bad.stderr, /^iotdb-sql: cannot connect to [0-9.]+:6667 as root: 801: /);
            assert.ok(!bad.stderr.includes("Wrong-pw1"));
        }
    });

    it("stops both hosts; no IoTDB process and no IoTDB port is left", async () => {
        const stops = await Promise.all(
            HOSTS.map((i) => remoteScript(i, stopScript({ home: iotdbHome(INSTALL_DIR, version), timeoutSeconds: STOP_TIMEOUT_S }), "", 4 * STOP_TIMEOUT_S * 1000 + 30000)),
        );
        for (const [k, r] of stops.entries()) {
            ok(r, `stop on host ${HOSTS[k]}`);
            console.log(`      [smoke] host ${HOSTS[k]}: stopped in ${r.ms} ms`);
        }
        for (const i of HOSTS) {
            const ps = ok(await ssh(i, "pgrep -af 'org[.]apache[.]iotdb[.]' || true"), "pgrep").stdout.trim();
            assert.strictEqual(ps, "", `IoTDB still running on host ${i}: ${ps}`);
            const ss = ok(await ssh(i, "ss -Hltn"), "ss").stdout;
            for (const p of IOTDB_PORTS) assert.ok(!new RegExp(`:${p}\\s`).test(ss), `port ${p} still open on host ${i}`);
            const again = ok(await remoteScript(i, stopScript({ home: iotdbHome(INSTALL_DIR, version), timeoutSeconds: 5 })), "second stop");
            assert.match(again.stderr, /datanode not running/);
        }
    });
});
