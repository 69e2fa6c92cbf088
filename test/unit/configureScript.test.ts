import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { configureScript } from "../../lib/render/hostScripts";
import { Fixture, fixturePerTest, run } from "./hostScriptsFixture";

describe("host scripts: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));
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
});
