// RemoteScript's diff (providers/remoteScript.ts): what replaces a resource, and what a neverReplace
// resource (a node's data directory) does instead.
import * as assert from "assert";
import { inputChanges, State } from "../../providers/remoteScript";

const base: State = {
    connection: { host: "10.0.0.1", port: 22, user: "root", dialTimeoutSeconds: 10, dialAttempts: 3 },
    step: "s", create: "echo create", delete: "echo delete", triggers: ["t1"],
};

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
});
