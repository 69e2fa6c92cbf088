// RemoteScript's diff (providers/remoteScript.ts): what replaces a resource, and what a neverReplace
// resource (a node's data directory) does instead.
import * as assert from "assert";
import { spawnSync } from "child_process";
import { inputChanges, updateStdin, withoutLegacyPurge, State } from "../../providers/remoteScript";
import { journalFile, withJournal } from "../../lib/plan/layout";
import { stopScript } from "../../lib/render/hostScripts";
import { purgeDataDirScript } from "../../lib/render/dataDirScripts";

const base: State = {
    connection: { host: "10.0.0.1", port: 22, user: "root", dialTimeoutSeconds: 10, dialAttempts: 3 },
    step: "s", create: "echo create", delete: "echo delete", triggers: ["t1"],
};

describe("RemoteScript update stdin", () => {
    it("the new stdin, then the last run's when asked; the new one alone otherwise", () => {
        assert.strictEqual(updateStdin({ stdin: "old\n" }, { stdin: "new\n", previousStdinOnUpdate: true }), "new\nold\n");
        assert.strictEqual(updateStdin({ stdin: "old\n" }, { stdin: "new", previousStdinOnUpdate: true }), "new\nold\n");
        assert.strictEqual(updateStdin({ stdin: "old\n" }, { stdin: "new\n" }), "new\n");
        assert.strictEqual(updateStdin({}, { stdin: "new\n", previousStdinOnUpdate: true }), "new\n");
    });
    it("a change of previousStdinOnUpdate alone is no change", () => {
        assert.deepStrictEqual(inputChanges(base, { ...base, previousStdinOnUpdate: true }), { replaces: [], changed: [] });
    });
});

describe("RemoteScript diff", () => {
    it("no change, no step", () => {
        assert.deepStrictEqual(inputChanges(base, { ...base }), { replaces: [], changed: [] });
    });

    it("a new host or trigger replaces; a script change updates in place", () => {
        assert.deepStrictEqual(inputChanges(base, { ...base, connection: { ...base.connection, host: "10.0.0.2" } }), { replaces: ["connection"], changed: ["connection"] });
        assert.deepStrictEqual(inputChanges(base, { ...base, triggers: ["t2"] }), { replaces: ["triggers"], changed: [] });
        assert.deepStrictEqual(inputChanges(base, { ...base, delete: "echo other" }), { replaces: [], changed: ["delete"] });
    });

    it("neverReplace: a new host or trigger is an update in place, so delete runs only on a real delete", () => {
        const olds = { ...base, neverReplace: true };
        assert.deepStrictEqual(inputChanges(olds, { ...olds, connection: { ...base.connection, host: "10.0.0.2" } }), { replaces: [], changed: ["connection"] });
        assert.deepStrictEqual(inputChanges(olds, { ...olds, triggers: ["t2"] }), { replaces: [], changed: ["triggers"] });
        assert.deepStrictEqual(inputChanges(olds, { ...olds, create: "echo new", delete: "" }), { replaces: [], changed: ["create", "delete"] });
    });

    it("runs a service's delete recorded by an older version without its purge of the whole data directory", () => {
        const stop = stopScript({ home: "/opt/iotdb/apache-iotdb-2.0.10", timeoutSeconds: 120, roles: ["confignode"] });
        // What the older code recorded with purgeDataOnDestroy: the stop script, then `rm -rf -- '<dataDir>'`.
        const recorded = withJournal(journalFile("/opt/iotdb"), "confignode stopped", stop + "\n" + "rm -rf -- '/var/lib/iotdb'");
        const current = withJournal(journalFile("/opt/iotdb"), "confignode stopped", stop);
        const { script, kept } = withoutLegacyPurge(recorded);
        assert.strictEqual(kept, "/var/lib/iotdb");
        assert.strictEqual(script, current, "what is left is the delete the service records now");
        assert.strictEqual(spawnSync("bash", ["-n", "-c", script]).status, 0);
        assert.deepStrictEqual(withoutLegacyPurge(current), { script: current });
        const purge = purgeDataDirScript({ dataDir: "/var/lib/iotdb", installDir: "/opt/iotdb", owner: "p/s", hostname: "iotdb-1" });
        assert.deepStrictEqual(withoutLegacyPurge(purge), { script: purge });
    });
});
