// IotdbNode takes its roles as plain strings (programs in other languages pass no TypeScript union):
// the component checks them itself.
import * as assert from "assert";
import { rolesOf } from "../../components/iotdbNode";

describe("IotdbNode roles", () => {
    it("defaults to both roles and keeps the ones asked for", () => {
        assert.deepStrictEqual(rolesOf("n", undefined), ["confignode", "datanode"]);
        assert.deepStrictEqual(rolesOf("n", ["datanode"]), ["datanode"]);
    });

    it("refuses a role IoTDB does not have, naming the node", () => {
        assert.throws(() => rolesOf("dual-a-iotdb-1", ["datanode", "broker"]), /^Error: dual-a-iotdb-1: roles \["broker"\] are not roles; use confignode, datanode or both$/);
    });
});
