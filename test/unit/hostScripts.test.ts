import * as assert from "assert";
import { spawnSync } from "child_process";

import {
    configureScript,
    HostScriptError,
    installScript,
    iotdbHome,
    startScript,
    stopScript,
} from "../../lib/render/hostScripts";
import { SECRET } from "./hostScriptsFixture";

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
