import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { startScript, stopScript } from "../../lib/render/hostScripts";
import { CN_CLASS, DN_CLASS, Fixture, fixturePerTest, pidsWithArgs, run, SECRET } from "./hostScriptsFixture";

describe("host scripts: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));
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
