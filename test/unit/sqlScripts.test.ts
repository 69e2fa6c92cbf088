import * as assert from "assert";
import { spawnSync } from "child_process";
import { removeDataNodeScript, SqlTarget } from "../../lib/render/sqlScripts";

const target: SqlTarget = { home: "/opt/iotdb/apache-iotdb-2.0.10", rpcHost: "iotdb-1", rpcPort: 6667, journalFile: "/opt/iotdb/journal.log" };

describe("host scripts that talk SQL", () => {
    it("removeDataNodeScript: valid bash that removes the node by the id show cluster gives it, and waits until it is gone", () => {
        const script = removeDataNodeScript(target, "iotdb-5", 600);
        assert.strictEqual(spawnSync("bash", ["-n", "-c", script]).status, 0, "not valid bash");
        assert.match(script, /REMOVE DATANODE \$id/);
        assert.match(script, /\$t == "DataNode" && \$a == h/);
        assert.match(script, /deadline=\$\(\( SECONDS \+ 600 \)\)/);
        assert.doesNotMatch(script, /\$\(\s*cat/, "no password read from a file");
    });

    it("removeDataNodeScript refuses a hostname that is not one", () => {
        assert.throws(() => removeDataNodeScript(target, "iotdb-5'; reboot", 60), /is not a hostname/);
    });
});
