import * as assert from "assert";
import * as path from "path";

import { stopScript } from "../../lib/render/hostScripts";
import { alive, Fixture, fixturePerTest, run, waitFor } from "./hostScriptsFixture";

describe("host scripts: run for real against a fake IoTDB home", function () {
    this.timeout(120000);
    let fx: Fixture;
    fixturePerTest((f) => (fx = f));
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
});
