// The supervisor (lib/render/supervisorScripts.ts) run for real against a fake IoTDB home: the start
// step sets it up, a killed role comes back by itself, the stop step takes it away for good.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { startScript, stopScript } from "../../lib/render/hostScripts";
import { SupervisorHostPaths } from "../../lib/render/supervisorScripts";
import { startFlusherScript, stopFlusherScript } from "../../lib/render/flusherScripts";
import { DN_CLASS, Fixture, fixturePerTest, pidsWithArgs, run, waitFor } from "./hostScriptsFixture";

describe("supervisor: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));
    const hostPaths = (): SupervisorHostPaths => ({
        bootFile: path.join(fx.root, "rc.local"), unitDir: path.join(fx.root, "units"), systemdMarker: path.join(fx.root, "no-systemd"),
    });
    const start = (home: string, supervise: boolean) => run(startScript({
        home, rpcHost: "127.0.0.1", rpcPort: 6667, user: "root", timeoutSeconds: 30, roles: ["datanode"],
        ...(supervise ? { supervise: { dataDir: path.join(fx.root, "data") } } : {}), supervisorHostPaths: hostPaths(),
    }), "root\n");
    const stop = (home: string) => run(stopScript({ home, timeoutSeconds: 10, roles: ["datanode"], supervisorHostPaths: hostPaths() }));
    const script = () => path.join(fx.root, "supervisor", "iotdb-supervisor.sh");
    // The loops, not their passing subshells (same command line, a loop as parent).
    const loops = (role = "datanode") => {
        const all = pidsWithArgs(script(), "run", role);
        const parent = (pid: number) => { try { return Number(fs.readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1].split(" ")[1]); } catch { return 0; } };
        return all.filter((p) => !all.includes(parent(p)));
    };
    const nodes = (home: string) => pidsWithArgs(`-DIOTDB_HOME=${home}`, DN_CLASS);
    // The DataNode's system.properties: there while the node is a member of its cluster.
    const registered = () => {
        fs.mkdirSync(path.join(fx.root, "data", "datanode", "system"), { recursive: true });
        fs.writeFileSync(path.join(fx.root, "data", "datanode", "system", "system.properties"), "dn_node_id=1\n");
    };
    afterEach(() => {
        for (const pid of fs.existsSync(fx.root) ? [...loops(), ...loops("flusher")] : []) process.kill(pid, "SIGKILL");
    });

    it("starts a DataNode killed with SIGKILL again, and stays away once the stop step ran", async () => {
        const home = fx.makeHome("home");
        registered();
        let r = start(home, true);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stderr, /the datanode is supervised \(pid \d+/);
        assert.strictEqual(loops().length, 1);
        const boot = fs.readFileSync(hostPaths().bootFile!, "utf8");
        assert.match(boot, new RegExp(`^#!/bin/sh\n(.*\n)*/bin/bash ${script()} start datanode # iotdb-dual-active supervisor ${fx.root}/supervisor datanode\n$`));
        // Run again: the same single loop and boot line.
        r = start(home, true);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(loops().length, 1);
        assert.strictEqual(fs.readFileSync(hostPaths().bootFile!, "utf8"), boot);

        const [first] = nodes(home);
        process.kill(first, "SIGKILL");
        const log = () => fs.readFileSync(path.join(fx.root, "supervisor", "datanode.log"), "utf8");
        assert.ok(await waitFor(() => nodes(home).length === 1 && nodes(home)[0] !== first && /runs again/.test(log()), 15000), "the DataNode did not come back");
        assert.match(log(), /the datanode of .* is gone after \d+s: starting it again/);
        assert.match(log(), /the datanode runs again \(pid \d+\)/);

        r = stop(home);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stderr, /no longer starts the datanode's supervisor/);
        assert.strictEqual(loops().length, 0);
        assert.strictEqual(nodes(home).length, 0);
        assert.ok(!fs.readFileSync(hostPaths().bootFile!, "utf8").includes("iotdb-dual-active"));
        // Stopped for good: nothing starts it in the next seconds.
        await new Promise((res) => setTimeout(res, 5000));
        assert.strictEqual(nodes(home).length, 0);
    });

    it("a supervised flusher killed comes back with the password kept for it (owner-only); the stop step takes it away and forgets it", async () => {
        const home = fx.makeHome("home");
        const params = { home, rpcHost: "127.0.0.1", rpcPort: 6667, user: "dual_active_flusher", intervalMs: 1000, supervisorHostPaths: hostPaths() };
        const flushers = () => pidsWithArgs(`-Diotdb.flusher.home=${home}`, "IotdbFlusher");
        const secret = path.join(fx.root, "supervisor", "flusher.secret");
        let r = run(startFlusherScript({ ...params, supervise: { dataDir: path.join(fx.root, "data") } }), "Fl-pw-1\n");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout.trim(), "changed");
        assert.match(r.stderr, /the flusher is supervised \(pid \d+/);
        assert.strictEqual(flushers().length, 1);
        assert.strictEqual(fs.statSync(secret).mode & 0o777, 0o600, "the kept password is readable by its owner only");
        assert.strictEqual(fs.readFileSync(secret, "utf8"), "Fl-pw-1\n");
        assert.deepStrictEqual(fs.readFileSync(path.join(fx.root, "supervisor", "flusher.args"), "utf8").trim().split("\n"),
            ["--host", "127.0.0.1", "--port", "6667", "--user", "dual_active_flusher", "--interval-ms", "1000"]);
        assert.match(fs.readFileSync(hostPaths().bootFile!, "utf8"), new RegExp(`/bin/bash ${script()} start flusher # iotdb-dual-active supervisor ${fx.root}/supervisor flusher\n`));
        assert.ok(!r.stderr.includes("Fl-pw-1"), "no password in the output");

        const [first] = flushers();
        fs.rmSync(path.join(home, "flusher-password"));
        process.kill(first, "SIGKILL");
        assert.ok(await waitFor(() => flushers().length === 1 && flushers()[0] !== first, 15000), "the flusher did not come back");
        assert.ok(await waitFor(() => fs.existsSync(path.join(home, "flusher-password")), 5000));
        assert.strictEqual(fs.readFileSync(path.join(home, "flusher-password"), "utf8"), "Fl-pw-1\n", "started again with the kept password");
        const log = () => fs.readFileSync(path.join(fx.root, "supervisor", "flusher.log"), "utf8");
        assert.ok(await waitFor(() => /the flusher runs again \(pid \d+\)/.test(log()), 5000), log());

        // Run again with the same settings: the running flusher stays, one loop.
        r = run(startFlusherScript({ ...params, supervise: { dataDir: path.join(fx.root, "data") } }), "Fl-pw-1\n");
        assert.strictEqual(r.stdout.trim(), "unchanged", r.stderr);
        assert.strictEqual(loops("flusher").length, 1);

        r = run(stopFlusherScript(home, hostPaths()));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(flushers().length, 0);
        assert.ok(!fs.existsSync(secret), "the kept password is gone");
        assert.ok(!fs.readFileSync(hostPaths().bootFile!, "utf8").includes("iotdb-dual-active"));
        await new Promise((res) => setTimeout(res, 4000));
        assert.strictEqual(flushers().length, 0, "stopped for good");
        assert.strictEqual(loops("flusher").length, 0);
    });

    it("an unsupervised flusher keeps no password", () => {
        const home = fx.makeHome("home");
        const r = run(startFlusherScript({ home, rpcHost: "127.0.0.1", rpcPort: 6667, user: "dual_active_flusher", intervalMs: 1000, supervisorHostPaths: hostPaths() }), "Fl-pw-1\n");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(!fs.existsSync(path.join(fx.root, "supervisor", "flusher.secret")));
        assert.strictEqual(run(stopFlusherScript(home, hostPaths())).status, 0);
    });

    it("does not start a DataNode IoTDB removed from its cluster (its system.properties gone)", async () => {
        const home = fx.makeHome("home");
        registered();
        assert.strictEqual(start(home, true).status, 0);
        fs.rmSync(path.join(fx.root, "data", "datanode", "system", "system.properties"));
        process.kill(nodes(home)[0], "SIGKILL");
        assert.ok(await waitFor(() => loops().length === 0, 10000), "the supervisor did not exit");
        assert.strictEqual(nodes(home).length, 0);
        assert.match(fs.readFileSync(path.join(fx.root, "supervisor", "datanode.log"), "utf8"), /removed this DataNode from its cluster/);
        assert.ok(fs.existsSync(path.join(fx.root, "supervisor", "datanode.stopped")));
    });

    it("the boot line goes before a last `exit 0`; supervise off takes the supervisor away", () => {
        const home = fx.makeHome("home");
        registered();
        fs.writeFileSync(hostPaths().bootFile!, "#!/bin/sh -e\necho other\nexit 0\n\n", { mode: 0o755 });
        assert.strictEqual(start(home, true).status, 0);
        const lines = fs.readFileSync(hostPaths().bootFile!, "utf8").split("\n");
        assert.deepStrictEqual([lines[0], lines[1], lines[3], lines[4]], ["#!/bin/sh -e", "echo other", "exit 0", ""]);
        assert.match(lines[2], /iotdb-dual-active supervisor/);
        const r = start(home, false);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(loops().length, 0);
        assert.strictEqual(nodes(home).length, 1, "supervise off keeps the node running");
        assert.strictEqual(fs.readFileSync(hostPaths().bootFile!, "utf8"), "#!/bin/sh -e\necho other\nexit 0\n\n");
        assert.strictEqual(stop(home).status, 0);
    });

    it("under systemd: a unit that runs the loop, enabled and started; removed by the stop step", () => {
        const home = fx.makeHome("home");
        registered();
        const paths = hostPaths();
        fs.mkdirSync(paths.systemdMarker!, { recursive: true });
        fs.mkdirSync(paths.unitDir!, { recursive: true });
        // A fake systemctl on PATH: records its calls, starts the unit's loop the way systemd would.
        const bin = path.join(fx.root, "bin");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "systemctl"), [
            "#!/usr/bin/env bash",
            `echo "$*" >>'${fx.root}/systemctl.log'`,
            `if [[ $1 == restart ]]; then setsid -f /bin/bash '${script()}' run datanode </dev/null >/dev/null 2>&1; fi`,
            // This fixture's loop only: a bare pattern would reach every supervisor on the machine (the test hosts' too).
            `if [[ $1 == disable ]]; then pkill -TERM -f '^/bin/bash ${script()} run datanode' || true; fi`,
            "",
        ].join("\n"), { mode: 0o755 });
        const env = `PATH='${bin}':"$PATH"\n`;
        let r = run(env + startScript({
            home, rpcHost: "127.0.0.1", rpcPort: 6667, user: "root", timeoutSeconds: 30, roles: ["datanode"],
            supervise: { dataDir: path.join(fx.root, "data") }, supervisorHostPaths: paths,
        }), "root\n");
        assert.strictEqual(r.status, 0, r.stderr);
        const units = fs.readdirSync(paths.unitDir!);
        assert.strictEqual(units.length, 1);
        assert.match(units[0], /^iotdb-dual-active-datanode-[0-9a-f]{12}\.service$/);
        const unit = fs.readFileSync(path.join(paths.unitDir!, units[0]), "utf8");
        assert.match(unit, new RegExp(`^ExecStart=/bin/bash ${script()} run datanode$`, "m"));
        assert.match(unit, /^Restart=on-failure$/m);
        assert.match(unit, /^KillMode=process$/m);
        assert.match(unit, /^WantedBy=multi-user.target$/m);
        assert.strictEqual(loops().length, 1);
        assert.ok(!fs.existsSync(paths.bootFile!), "no rc.local line under systemd");
        r = run(env + stopScript({ home, timeoutSeconds: 10, roles: ["datanode"], supervisorHostPaths: paths }));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(fs.readdirSync(paths.unitDir!), []);
        assert.strictEqual(loops().length, 0);
        const calls = fs.readFileSync(path.join(fx.root, "systemctl.log"), "utf8").trim().split("\n");
        assert.deepStrictEqual(calls, ["daemon-reload", `enable ${units[0]}`, `restart ${units[0]}`, `disable --now ${units[0]}`, "daemon-reload"]);
    });
});
