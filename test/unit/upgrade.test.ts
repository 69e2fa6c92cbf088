// Which iotdbVersion changes `up` makes in place (lib/plan/upgrade.ts), refused through RemoteScript's
// provider check (providers/remoteScript.ts) before any machine is touched; the versions the config refuses.
import * as assert from "assert";
import { InstalledVersion, nextLine, parseVersion, upgradeRefusal, versionChangeRefusal } from "../../lib/plan/upgrade";
import { checkFailures, inputChanges, State } from "../../providers/remoteScript";
import { parseIotdbVersion } from "../../lib/config/sections/settings";
import { SUPPORTED_IOTDB_VERSIONS } from "../../lib/config/defaults";

const at = (version: string): InstalledVersion => ({ node: "iotdb-1", version });

describe("iotdbVersion changes (lib/plan/upgrade.ts)", () => {
    it("reads major.minor.patch, a release suffix ignored, and nothing else", () => {
        assert.deepStrictEqual(parseVersion("2.0.10"), [2, 0, 10]);
        assert.deepStrictEqual(parseVersion("1.3.4-1"), [1, 3, 4]);
        for (const bad of ["2.0", "v2.0.10", "2.0.10 ", "latest", ""]) assert.strictEqual(parseVersion(bad), undefined, bad);
    });

    it("allows no change, a newer patch of the same line and the next line (1.3 -> 2.0 included)", () => {
        for (const [from, to] of [["2.0.10", "2.0.10"], ["2.0.2", "2.0.10"], ["1.3.3", "1.3.7"], ["1.3.3", "2.0.10"], ["1.2.2", "1.3.3"], ["2.0.10", "2.1.0"]]) {
            assert.strictEqual(upgradeRefusal(from, to), undefined, `${from} -> ${to}`);
        }
        assert.strictEqual(nextLine([1, 3, 3]), "2.0");
        assert.strictEqual(nextLine([1, 1, 0]), "1.2");
    });

    it("refuses a downgrade, by patch, line or major", () => {
        for (const [from, to] of [["2.0.10", "2.0.2"], ["2.0.10", "1.3.3"], ["1.3.7", "1.3.3"]]) {
            assert.match(upgradeRefusal(from, to) ?? "", /is a downgrade: every start writes the running version/, `${from} -> ${to}`);
        }
    });

    it("refuses a skipped release line, naming the line to go to first", () => {
        assert.match(upgradeRefusal("1.2.2", "2.0.10") ?? "", /skips a release line.*go to a 1\.3 release first/);
        assert.match(upgradeRefusal("1.1.0", "1.3.3") ?? "", /go to a 1\.2 release first/);
        assert.match(upgradeRefusal("2.0.10", "2.2.0") ?? "", /go to a 2\.1 release first/);
    });

    it("refuses 0.x data and versions it cannot compare", () => {
        assert.match(upgradeRefusal("0.13.4", "1.0.0") ?? "", /0\.x release/);
        assert.match(upgradeRefusal("2.0.10", "snapshot") ?? "", /cannot tell/);
    });

    it("a refusal names the node, iotdbVersion, both values and the fix; nothing recorded refuses nothing", () => {
        const [f, ...rest] = versionChangeRefusal(at("2.0.10"), at("2.0.2"));
        assert.strictEqual(rest.length, 0);
        assert.strictEqual(f.reason, 'iotdb-1: iotdbVersion from "2.0.10" to "2.0.2" refused: 2.0.10 -> 2.0.2 is a downgrade: every start '
            + "writes the running version into the data directory and IoTDB offers no way back to an older release. Nothing was changed. "
            + 'Set iotdbVersion back to "2.0.10" (docs/runbook.md, "Upgrade IoTDB").');
        assert.deepStrictEqual(versionChangeRefusal(undefined, at("2.0.2")), []);
        assert.deepStrictEqual(versionChangeRefusal(at("2.0.2"), at("2.0.10")), []);
    });

    it("refuses any version change of a node of a side of several (up would roll the cluster one node at a time)", () => {
        const several = (version: string): InstalledVersion => ({ ...at(version), sideOfSeveral: true });
        const [f] = versionChangeRefusal(at("2.0.2"), several("2.0.10"));
        assert.match(f.reason, /^iotdb-1: iotdbVersion from "2\.0\.2" to "2\.0\.10" refused: a version change of a side of several nodes is not automated: .*apache\/iotdb#16350\)\. Nothing was changed\./);
        assert.deepStrictEqual(versionChangeRefusal(several("2.0.10"), several("2.0.10")), []);
        assert.match(versionChangeRefusal(several("2.0.10"), several("2.0.2"))[0].reason, /is a downgrade/);
    });
});

describe("RemoteScript's check refuses a version change IoTDB cannot make (providers/remoteScript.ts)", () => {
    const step = (v?: InstalledVersion): Partial<State> => ({ step: "install IoTDB (dual-a-iotdb-1)", create: "true", ...(v ? { installedVersion: v } : {}) });

    it("fails the check of a downgrade, before anything runs", () => {
        const failures = checkFailures(step(at("2.0.10")), step(at("1.3.3")));
        assert.strictEqual(failures.length, 1);
        assert.match(failures[0].reason, /iotdb-1: iotdbVersion from "2\.0\.10" to "1\.3\.3" refused: .*downgrade/);
    });

    it("passes an upgrade, an unchanged version, a create and a step that records no version", () => {
        assert.deepStrictEqual(checkFailures(step(at("2.0.2")), step(at("2.0.10"))), []);
        assert.deepStrictEqual(checkFailures(step(at("2.0.10")), step(at("2.0.10"))), []);
        assert.deepStrictEqual(checkFailures(undefined, step(at("2.0.10"))), []);
        assert.deepStrictEqual(checkFailures(step(), step()), []);
    });

    it("the recorded version is no change of the step by itself (a stack from before it records it: nothing runs again)", () => {
        assert.deepStrictEqual(inputChanges(step(), step(at("2.0.10"))), { replaces: [], changed: [] });
    });
});

describe("iotdbVersion in the config (lib/config/sections/settings.ts)", () => {
    it("accepts the supported versions, each one a version the upgrade rule can compare", () => {
        for (const v of SUPPORTED_IOTDB_VERSIONS) {
            assert.deepStrictEqual(parseIotdbVersion({ iotdbVersion: v }, "ns").problems, []);
            assert.ok(parseVersion(v), v);
        }
    });

    it("refuses 2.0.2 and 1.3.3 (no ConfigNode on Maven Central) and 2.0.1-beta (what the pair needs) saying why, and others plainly", () => {
        for (const v of ["2.0.2", "1.3.3"]) {
            const [p] = parseIotdbVersion({ iotdbVersion: v }, "ns").problems;
            assert.match(String(p), new RegExp(`iotdbVersion.*"${v.replace(/\./g, "\\.")}" is not supported \\(Maven Central serves its iotdb-server zip but no ConfigNode of ${v.replace(/\./g, "\\.")}, so no distribution can be built here; nor has ${v.replace(/\./g, "\\.")} the SYSTEM privilege.*\\); use one of 2\\.0\\.10`));
        }
        const [b] = parseIotdbVersion({ iotdbVersion: "2.0.1-beta" }, "ns").problems;
        assert.match(String(b), /iotdbVersion.*"2\.0\.1-beta" is not supported \(its distribution builds, but 2\.0\.1-beta has no pipe source mode\.double-living, no pipe carrying several path patterns .*, no SYSTEM privilege, and lets only root run FLUSH .*\); use one of 2\.0\.10/);
        const [p] = parseIotdbVersion({ iotdbVersion: "1.2.0" }, "ns").problems;
        assert.match(String(p), /"1\.2\.0" is not supported; use one of 2\.0\.10/);
        const [q] = parseIotdbVersion({ iotdbVersion: "constructor" }, "ns").problems;
        assert.match(String(q), /"constructor" is not supported; use one of/);
    });
});
