import * as assert from "assert";
import { fixedChanges, fixedKeyRefusal, FixedAtFirstStart } from "../../providers/fixedAtFirstStart";

const recorded: FixedAtFirstStart = {
    node: "iotdb-1",
    values: { cluster_name: "it-a", cn_internal_port: "10710", data_replication_factor: "2" },
    fields: { cluster_name: "sideA.clusterName", cn_internal_port: "ports.cnInternal", data_replication_factor: "sideA.replication.data" },
    rebuildField: "sideA.nodes[0].rebuild",
};
const now = (values: Record<string, string>, rebuild?: string): FixedAtFirstStart => ({ ...recorded, values: { ...recorded.values, ...values }, rebuild });

describe("changes IoTDB fixes at first start (providers/fixedAtFirstStart.ts)", () => {
    it("refuses a changed cluster name, naming the field, both values, the data at stake and the way to rebuild", () => {
        const [f, ...more] = fixedKeyRefusal(recorded, now({ cluster_name: "it-a-renamed" }));
        assert.deepStrictEqual(more, []);
        assert.strictEqual(f.property, "", "the whole resource, not one input (Pulumi would print the values)");
        assert.match(f.reason, /^iotdb-1: sideA\.clusterName \(`cluster_name`\) from "it-a" to "it-a-renamed" refused/);
        assert.match(f.reason, /Nothing was changed\. Put the old value back, or rebuild the node on purpose: set sideA\.nodes\[0\]\.rebuild to a new value/);
        assert.match(f.reason, /DELETES the node's IoTDB data/);
    });

    it("names every changed key, and a key set or unset as IoTDB's default", () => {
        const values = { ...recorded.values, schema_replication_factor: "3" } as Record<string, string>;
        delete values.data_replication_factor;
        assert.deepStrictEqual(fixedChanges(recorded, { ...recorded, values }), ["data_replication_factor", "schema_replication_factor"]);
        const [f] = fixedKeyRefusal(recorded, { ...recorded, values });
        assert.match(f.reason, /sideA\.replication\.data \(`data_replication_factor`\) from "2" to IoTDB's default, schema_replication_factor \(`schema_replication_factor`\) from IoTDB's default to "3"/);
    });

    it("lets the change through when the node's rebuild value is new, and only then", () => {
        assert.deepStrictEqual(fixedKeyRefusal(recorded, now({ cluster_name: "x" }, "2026-12-02")), []);
        const rebuilt = now({ cluster_name: "x" }, "2026-12-02");
        assert.strictEqual(fixedKeyRefusal(rebuilt, now({ cluster_name: "y" }, "2026-12-02")).length, 1, "the same rebuild value again is no new ask");
        assert.strictEqual(fixedKeyRefusal(rebuilt, now({ cluster_name: "y" })).length, 1, "a rebuild value taken away is no ask");
    });

    it("refuses nothing when nothing fixed changed, or there is nothing recorded to compare (a new node, or one recorded before)", () => {
        assert.deepStrictEqual(fixedKeyRefusal(recorded, now({})), []);
        assert.deepStrictEqual(fixedKeyRefusal(undefined, now({ cluster_name: "x" })), []);
        assert.deepStrictEqual(fixedKeyRefusal(recorded, undefined), []);
    });
});
