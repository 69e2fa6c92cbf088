import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
    configureScript,
    HostScriptError,
    INSTALL_MARKER,
    installScript,
    iotdbHome,
    startScript,
    stopScript,
} from "../../lib/render/hostScripts";

/**
 * The host scripts run here for real, against a fake IoTDB home: fake sbin start scripts launch a
 * fake "java" (a bash loop whose command line carries the role's main class and -D..._HOME=<home>),
 * and a fake tools/iotdb-sql/iotdb-sql answers `show cluster` from files.
 */

interface RunResult {
    stdout: string;
    stderr: string;
    status: number | null;
    ms: number;
}

function run(script: string, stdin = "", cwd?: string, timeoutMs = 60000): RunResult {
    const t0 = Date.now();
    const r = spawnSync("bash", ["-c", script], { input: stdin, encoding: "utf8", cwd, timeout: timeoutMs });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: Date.now() - t0 };
}

const CN_CLASS = "org.apache.iotdb.confignode.service.ConfigNode";
const DN_CLASS = "org.apache.iotdb.db.service.DataNode";
const SECRET = "S3cret-Pw!x";

function sha256(file: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function writeExec(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: 0o755 });
}

/** Pids whose /proc/<pid>/cmdline holds every one of the given arguments. */
function pidsWithArgs(...args: string[]): number[] {
    const out: number[] = [];
    for (const d of fs.readdirSync("/proc")) {
        if (!/^[0-9]+$/.test(d)) continue;
        let argv: string[];
        try {
            argv = fs.readFileSync(`/proc/${d}/cmdline`, "latin1").split("\0");
        } catch {
            continue;
        }
        if (args.every((a) => argv.includes(a))) out.push(Number(d));
    }
    return out;
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        const state = fs.readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]?.[0];
        return state !== "Z";
    } catch {
        return false;
    }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
        if (cond()) return true;
        await new Promise((r) => setTimeout(r, 100));
    }
    return cond();
}

class Fixture {
    readonly root: string;
    readonly fakeJava: string;
    readonly stubbornJava: string;
    private readonly children: ChildProcess[] = [];

    constructor() {
        this.root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hostscripts-")));
        this.fakeJava = path.join(this.root, "fake-java");
        this.stubbornJava = path.join(this.root, "stubborn-java");
        writeExec(this.fakeJava, "#!/usr/bin/env bash\ntrap 'exit 0' TERM\nwhile :; do sleep 0.1; done\n");
        writeExec(this.stubbornJava, "#!/usr/bin/env bash\ntrap '' TERM\nwhile :; do sleep 0.1; done\n");
    }

    /** A fake IoTDB home: fake sbin start scripts, fake SQL runner, conf files with MEMORY_SIZE=. */
    makeHome(name: string): string {
        const home = path.join(this.root, name);
        const calls = path.join(home, "calls.log");
        for (const [role, cls, prop] of [
            ["confignode", CN_CLASS, "CONFIGNODE_HOME"],
            ["datanode", DN_CLASS, "IOTDB_HOME"],
        ]) {
            writeExec(
                path.join(home, "sbin", `start-${role}.sh`),
                [
                    "#!/usr/bin/env bash",
                    `echo "${role} $*" >>'${calls}'`,
                    '[[ $1 == -d ]] || exit 9',
                    'echo "Checking whether the ports are already occupied..."',
                    `if [[ -f '${home}/fake-occupied-${role}' ]]; then echo "The dn_rpc_port 6667 is already occupied, PID: 1"; echo "Exit because there are occupied ports."; exit 0; fi`,
                    `nohup bash '${this.fakeJava}' "-D${prop}=$${prop}" -cp lib ${cls} >/dev/null 2>&1 &`,
                    "exit 0",
                    "",
                ].join("\n"),
            );
        }
        writeExec(
            path.join(home, "tools", "iotdb-sql", "iotdb-sql"),
            [
                "#!/usr/bin/env bash",
                'state=$(cd "$(dirname "$0")/../.." && pwd)',
                'printf "%s\\n" "$*" >>"$state/sql-args.log"',
                "IFS= read -r pw",
                'stmts=$(cat)',
                'printf "%s\\n" "$stmts" >>"$state/sql-stmts.log"',
                'mode=$(cat "$state/fake-mode")',
                'if [[ $mode == down ]]; then echo "iotdb-sql: cannot connect to x:1 as root: Fail to reconnect to server." >&2; exit 2; fi',
                'if [[ $pw != "$(cat "$state/fake-password")" ]]; then echo "iotdb-sql: cannot connect to x:1 as root: 801: Authentication failed." >&2; exit 2; fi',
                "printf 'NodeID\\tNodeType\\tStatus\\tInternalAddress\\tInternalPort\\tVersion\\tBuildInfo\\n'",
                "printf '0\\tConfigNode\\tRunning\\t127.0.0.1\\t10710\\t2.0.10\\tx\\n'",
                "printf '1\\tDataNode\\t%s\\t127.0.0.1\\t10730\\t2.0.10\\tx\\n' \"$mode\"",
                "",
            ].join("\n"),
        );
        fs.mkdirSync(path.join(home, "conf"), { recursive: true });
        fs.mkdirSync(path.join(home, "lib"), { recursive: true });
        fs.writeFileSync(path.join(home, "conf", "confignode-env.sh"), "# env\nMEMORY_SIZE=\nOTHER=1\n");
        fs.writeFileSync(path.join(home, "conf", "datanode-env.sh"), "# env\nMEMORY_SIZE=\nif [ -n \"$MEMORY_SIZE\" ]; then :; fi\n");
        fs.mkdirSync(path.join(home, "logs"), { recursive: true });
        fs.writeFileSync(
            path.join(home, "logs", "log_datanode_all.log"),
            Array.from({ length: 100 }, (_, i) => `LOGLINE-${i}`).join("\n") + "\n",
        );
        this.setMode(home, "Running");
        this.setPassword(home, "root");
        return home;
    }

    setMode(home: string, mode: string): void {
        fs.writeFileSync(path.join(home, "fake-mode"), mode);
    }

    setPassword(home: string, pw: string): void {
        fs.writeFileSync(path.join(home, "fake-password"), pw);
    }

    /** Starts a fake node process directly (not through a start script). */
    spawnNode(role: "confignode" | "datanode", homeArg: string, opts: { cwd?: string; stubborn?: boolean } = {}): number {
        const cls = role === "confignode" ? CN_CLASS : DN_CLASS;
        const prop = role === "confignode" ? "CONFIGNODE_HOME" : "IOTDB_HOME";
        const child = spawn("bash", [opts.stubborn ? this.stubbornJava : this.fakeJava, `-D${prop}=${homeArg}`, "-cp", "lib", cls], {
            cwd: opts.cwd ?? this.root,
            stdio: "ignore",
            detached: true,
        });
        child.unref();
        this.children.push(child);
        return child.pid as number;
    }

    cleanup(): void {
        // Everything whose command line mentions a fake java of this fixture, SIGKILL: test processes only.
        for (const exe of [this.fakeJava, this.stubbornJava]) {
            for (const pid of pidsWithArgs(exe)) {
                try {
                    process.kill(pid, "SIGKILL");
                } catch {
                    /* gone */
                }
            }
        }
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

describe("host scripts: generation", () => {
    const home = "/opt/iotdb/apache-iotdb-2.0.10";
    const all = (): Array<[string, string]> => [
        [
            "install",
            installScript({
                archivePath: "/tmp/apache-iotdb-2.0.10-bin.tar.gz",
                archiveSha256: "a".repeat(64),
                installDir: "/opt/iotdb",
                version: "2.0.10",
            }),
        ],
        [
            "configure",
            configureScript({ home, systemProperties: "cluster_name=a\n", confignodeMemory: "512M", datanodeMemory: "1G" }),
        ],
        ["start", startScript({ home, rpcHost: "10.213.7.11", rpcPort: 6667, user: "root", timeoutSeconds: 120 })],
        ["start-dn", startScript({ home, rpcHost: "127.0.0.1", rpcPort: 6667, user: "root", timeoutSeconds: 5, roles: ["datanode"] })],
        ["stop", stopScript({ home, timeoutSeconds: 60 })],
    ];

    for (const [name, text] of all()) {
        it(`${name}: starts with set -euo pipefail and passes bash -n`, () => {
            assert.ok(text.startsWith("set -euo pipefail\n"), text.slice(0, 40));
            const r = spawnSync("bash", ["-n"], { input: text, encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stderr);
            assert.ok(!/set -x|xtrace/.test(text), "no tracing (it would print secrets)");
        });
    }

    it("is deterministic", () => {
        assert.deepStrictEqual(all(), all());
    });

    it("start: reads the password from stdin and carries no password but IoTDB's default", () => {
        const text = startScript({ home, rpcHost: "10.213.7.11", rpcPort: 6667, user: "root", timeoutSeconds: 120 });
        assert.ok(text.includes("IFS= read -r password"));
        const literals = text.match(/[A-Za-z_]*password='[^']*'/g) ?? [];
        assert.deepStrictEqual(literals, ["default_password='root'"]);
        assert.ok(!text.includes(SECRET));
    });

    it("iotdbHome", () => {
        assert.strictEqual(iotdbHome("/opt/iotdb/", "2.0.10"), "/opt/iotdb/apache-iotdb-2.0.10");
        assert.throws(() => iotdbHome("/opt/iotdb", "../x"), HostScriptError);
    });

    it("rejects parameters IoTDB's scripts or the generated ones cannot handle", () => {
        const ok = { home, rpcHost: "h", rpcPort: 6667, user: "root", timeoutSeconds: 10 };
        const bad: Array<() => unknown> = [
            () => startScript({ ...ok, home: "/opt/a b" }),
            () => startScript({ ...ok, home: "/opt/$(id)" }),
            () => startScript({ ...ok, home: "/opt/`id`" }),
            () => startScript({ ...ok, home: "/opt/x;rm -rf /" }),
            () => startScript({ ...ok, home: "relative" }),
            () => startScript({ ...ok, home: "/" }),
            () => startScript({ ...ok, home: "/opt/../etc" }),
            () => startScript({ ...ok, rpcHost: "h;id" }),
            () => startScript({ ...ok, rpcPort: 0 }),
            () => startScript({ ...ok, user: "a\nb" }),
            () => startScript({ ...ok, user: "" }),
            () => startScript({ ...ok, timeoutSeconds: 0 }),
            () => startScript({ ...ok, timeoutSeconds: 1.5 }),
            () => startScript({ ...ok, roles: [] }),
            () => startScript({ ...ok, roles: ["ainode" as never] }),
            () => stopScript({ home: "/opt/'x'", timeoutSeconds: 5 }),
            () => configureScript({ home, systemProperties: "x", confignodeMemory: "1G; id", datanodeMemory: "1G" }),
            () => configureScript({ home, systemProperties: "x", confignodeMemory: "1G", datanodeMemory: "1T" }),
            () => configureScript({ home, systemProperties: "x\0y", confignodeMemory: "1G", datanodeMemory: "1G" }),
            () => installScript({ archivePath: "/a", archiveSha256: "xyz", installDir: "/opt", version: "1" }),
            () => installScript({ archivePath: "rel", archiveSha256: "a".repeat(64), installDir: "/opt", version: "1" }),
            () => installScript({ archivePath: "/a\nb", archiveSha256: "a".repeat(64), installDir: "/opt", version: "1" }),
            () => installScript({ archivePath: "/a", archiveSha256: "a".repeat(64), installDir: "/opt", version: "1;id" }),
        ];
        for (const f of bad) assert.throws(f, HostScriptError, f.toString());
    });
});

describe("host scripts: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    beforeEach(() => {
        fx = new Fixture();
    });
    afterEach(() => {
        fx.cleanup();
    });

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

        it("refuses a wrong sha256 and installs nothing", () => {
            const installDir = path.join(fx.root, "opt");
            const t = makeTarball("one", "9.9.9");
            const r = run(installScript({ archivePath: t, archiveSha256: "0".repeat(64), installDir, version: "9.9.9" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /sha256 mismatch/);
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
            assert.match(r.stderr, /archive lacks apache-iotdb-9\.9\.9/);
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

    describe("configureScript", () => {
        it("writes the properties and MEMORY_SIZE, idempotently", () => {
            const home = fx.makeHome("home");
            const props = "cluster_name=x\ndn_rpc_port=6667\n";
            const p = { home, systemProperties: props, confignodeMemory: "512M", datanodeMemory: "2G" };
            let r = run(configureScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "changed\n");
            assert.strictEqual(fs.readFileSync(path.join(home, "conf/iotdb-system.properties"), "utf8"), props);
            assert.strictEqual(fs.readFileSync(path.join(home, "conf/confignode-env.sh"), "utf8"), "# env\nMEMORY_SIZE=512M\nOTHER=1\n");
            assert.match(fs.readFileSync(path.join(home, "conf/datanode-env.sh"), "utf8"), /^MEMORY_SIZE=2G$/m);
            assert.match(fs.readFileSync(path.join(home, "conf/datanode-env.sh"), "utf8"), /\$MEMORY_SIZE/);
            r = run(configureScript(p));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "unchanged\n");
            r = run(configureScript({ ...p, datanodeMemory: "3G" }));
            assert.strictEqual(r.stdout, "changed\n");
            assert.match(fs.readFileSync(path.join(home, "conf/datanode-env.sh"), "utf8"), /^MEMORY_SIZE=3G$/m);
            assert.deepStrictEqual(fs.readdirSync(path.join(home, "conf")).sort(), [
                "confignode-env.sh",
                "datanode-env.sh",
                "iotdb-system.properties",
            ]);
        });

        it("writes hostile content byte for byte and runs none of it", () => {
            const home = fx.makeHome("home");
            const props = "a=$(touch PWNED)\nb=`touch PWNED`\nc='\"; touch PWNED; \"'\n\\\n\n\n";
            const r = run(configureScript({ home, systemProperties: props, confignodeMemory: "1G", datanodeMemory: "1G" }), "", fx.root);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(fs.readFileSync(path.join(home, "conf/iotdb-system.properties"), "utf8"), props);
            assert.ok(!fs.existsSync(path.join(fx.root, "PWNED")));
            assert.ok(!fs.existsSync(path.join(home, "PWNED")));
        });

        it("fails when an env file does not set MEMORY_SIZE exactly once", () => {
            const home = fx.makeHome("home");
            fs.writeFileSync(path.join(home, "conf/datanode-env.sh"), "MEMORY_SIZE=\nMEMORY_SIZE=1G\n");
            const r = run(configureScript({ home, systemProperties: "x=1\n", confignodeMemory: "1G", datanodeMemory: "1G" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /exactly one line starting with MEMORY_SIZE=, found 2/);
        });

        it("fails without a conf directory", () => {
            const r = run(configureScript({ home: path.join(fx.root, "nothing"), systemProperties: "", confignodeMemory: "1G", datanodeMemory: "1G" }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /no conf directory/);
        });
    });

    describe("stopScript", () => {
        it("TERMs exactly this home's nodes (absolute or relative home), datanode first; idempotent", async () => {
            const home = fx.makeHome("home");
            const other = fx.makeHome("other");
            const cn = fx.spawnNode("confignode", home);
            const dn = fx.spawnNode("datanode", "sbin/..", { cwd: home });
            const otherDn = fx.spawnNode("datanode", other);
            assert.ok(await waitFor(() => [cn, dn, otherDn].every(alive), 3000));
            let r = run(stopScript({ home, timeoutSeconds: 10 }));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.ok(!alive(cn) && !alive(dn), "own nodes gone");
            assert.ok(alive(otherDn), "the other home's node is untouched");
            assert.ok(r.stderr.indexOf("stopping datanode") < r.stderr.indexOf("stopping confignode"), r.stderr);
            r = run(stopScript({ home, timeoutSeconds: 10 }));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stderr, /datanode not running/);
            assert.match(r.stderr, /confignode not running/);
            assert.strictEqual(run(stopScript({ home: path.join(fx.root, "missing"), timeoutSeconds: 1 })).status, 0);
        });

        it("fails after TERM twice and timeouts, without SIGKILL", async () => {
            const home = fx.makeHome("home");
            const dn = fx.spawnNode("datanode", home, { stubborn: true });
            assert.ok(await waitFor(() => alive(dn), 3000));
            const r = run(stopScript({ home, timeoutSeconds: 1 }));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /TERM again/);
            assert.match(r.stderr, /still running after TERM .*not sending SIGKILL/);
            assert.ok(r.ms < 10000, `took ${r.ms} ms`);
            assert.ok(alive(dn), "no SIGKILL");
        });
    });

    describe("startScript", () => {
        const params = (home: string, timeoutSeconds = 30) => ({
            home,
            rpcHost: "127.0.0.1",
            rpcPort: 6667,
            user: "root",
            timeoutSeconds,
        });

        it("starts both roles once, falls back to the default password, then uses the given one", () => {
            const home = fx.makeHome("home");
            let r = run(startScript(params(home)), `${SECRET}\n`);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /^auth=default\npids=confignode:\d+ datanode:\d+ \n$/);
            assert.match(r.stderr, /with the default password/);
            assert.strictEqual(pidsWithArgs(`-DCONFIGNODE_HOME=${home}`, CN_CLASS).length, 1);
            assert.strictEqual(pidsWithArgs(`-DIOTDB_HOME=${home}`, DN_CLASS).length, 1);
            assert.deepStrictEqual(fs.readFileSync(path.join(home, "calls.log"), "utf8").trim().split("\n"), [
                "confignode -d",
                "datanode -d",
            ]);
            // Already running: nothing started again; the given password works now.
            fx.setPassword(home, SECRET);
            r = run(startScript(params(home)), `${SECRET}\n`);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /^auth=given\npids=confignode:\d+ datanode:\d+ \n$/);
            assert.match(r.stderr, /confignode already running/);
            assert.strictEqual(fs.readFileSync(path.join(home, "calls.log"), "utf8").trim().split("\n").length, 2);
            // The password never reaches a command line or the output.
            assert.ok(!fs.readFileSync(path.join(home, "sql-args.log"), "utf8").includes(SECRET));
            assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET));
            assert.match(fs.readFileSync(path.join(home, "sql-stmts.log"), "utf8"), /^show cluster$/m);
            assert.strictEqual(run(stopScript({ home, timeoutSeconds: 10 })).status, 0);
        });

        it("starts only the requested role", () => {
            const home = fx.makeHome("home");
            const r = run(startScript({ ...params(home), roles: ["datanode"] }), "root\n");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(pidsWithArgs(`-DCONFIGNODE_HOME=${home}`, CN_CLASS).length, 0);
            assert.strictEqual(pidsWithArgs(`-DIOTDB_HOME=${home}`, DN_CLASS).length, 1);
        });

        it("fails fast when both passwords are rejected", () => {
            const home = fx.makeHome("home");
            fx.setPassword(home, "another-one");
            const r = run(startScript(params(home)), `${SECRET}\n`);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /rejected the password of root/);
            assert.ok(r.ms < 15000, `took ${r.ms} ms`);
            assert.ok(!r.stderr.includes(SECRET) && !r.stderr.includes("another-one"));
        });

        it("times out with the last show cluster and the log tails", () => {
            const home = fx.makeHome("home");
            fx.setMode(home, "Unknown");
            const r = run(startScript(params(home, 3)), "root\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /not every node is Running after 3s/);
            assert.match(r.stderr, /1\tDataNode\tUnknown/);
            assert.match(r.stderr, /LOGLINE-99/);
            assert.ok(!r.stderr.includes("LOGLINE-59\n"), "only the last 40 lines");
            assert.ok(r.ms < 15000, `took ${r.ms} ms`);
        });

        it("keeps waiting while the server is not reachable, bounded", () => {
            const home = fx.makeHome("home");
            fx.setMode(home, "down");
            const r = run(startScript(params(home, 2)), "root\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /not every node is Running/);
            assert.match(r.stderr, /Fail to reconnect/);
        });

        it("fails fast when IoTDB's start script gives up on an occupied port (and exits 0)", () => {
            const home = fx.makeHome("home");
            fs.writeFileSync(path.join(home, "fake-occupied-datanode"), "");
            const r = run(startScript(params(home)), "root\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /The dn_rpc_port 6667 is already occupied/);
            assert.match(r.stderr, /datanode not started: a port it needs is already in use/);
            assert.ok(r.ms < 10000, `took ${r.ms} ms`);
            assert.strictEqual(run(stopScript({ home, timeoutSeconds: 10 })).status, 0);
        });

        it("fails when no password arrives on stdin", () => {
            const home = fx.makeHome("home");
            const r = run(startScript(params(home)), "");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /no password on stdin/);
            assert.ok(!fs.existsSync(path.join(home, "calls.log")), "nothing started");
        });

        it("keeps a hostile user name inert", () => {
            const home = fx.makeHome("home");
            fx.setMode(home, "down");
            const user = `$(touch PWNED)\`touch PWNED\`'"; touch PWNED`;
            const r = run(startScript({ ...params(home, 1), user }), "root\n", fx.root);
            assert.strictEqual(r.status, 1);
            assert.ok(fs.readFileSync(path.join(home, "sql-args.log"), "utf8").includes(`--user ${user} `));
            assert.ok(!fs.existsSync(path.join(fx.root, "PWNED")));
            assert.ok(!fs.existsSync(path.join(home, "PWNED")));
        });
    });
});
