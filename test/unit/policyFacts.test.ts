// The facts a pipe records for the policy pack (lib/policyFacts.ts): what IoTDB is sent, no password.
import * as assert from "assert";
import { isPasswordKey, pipeFacts, redactPasswordValues, REDACTED } from "../../components/support/policyFacts";

const target = { home: "/opt/iotdb/apache-iotdb-2.0.10", rpcHost: "iotdb-1", rpcPort: 6667, journalFile: "/opt/iotdb/journal.log" };
const spec = { name: "AB", peerNodeUrls: ["iotdb-2:6667"], syncUser: "dualsync", source: {}, sink: {} };

describe("policy facts", () => {
    it("records a pipe's source and sink attributes as it is created with them", () => {
        const f = pipeFacts({ address: "10.213.7.11", target, spec, secretInputs: { adminPassword: true, syncPassword: true } });
        assert.deepStrictEqual(f, {
            name: "AB",
            from: { address: "10.213.7.11", hostname: "iotdb-1", rpcPort: 6667 },
            source: { "source.mode.double-living": "true" },
            sink: { "sink": "iotdb-thrift-sink", "sink.node-urls": "iotdb-2:6667", "sink.username": "dualsync" },
            secretInputs: { adminPassword: true, syncPassword: true },
        });
    });

    it("keeps an extra attribute's override (what the pipe really gets), and never a password value", () => {
        const f = pipeFacts({
            address: "10.213.7.11", target, secretInputs: {},
            spec: { ...spec, source: { "source.mode.double-living": "false" }, sink: { "sink.password": "Leaked-Pw-1", "sink.node-urls": "iotdb-1:6667" } },
        });
        assert.strictEqual(f.source["source.mode.double-living"], "false");
        assert.strictEqual(f.sink["sink.node-urls"], "iotdb-1:6667");
        assert.strictEqual(f.sink["sink.password"], REDACTED);
        assert.ok(!JSON.stringify(f).includes("Leaked-Pw-1"));
    });

    it("knows password-ish names, and leaves others alone", () => {
        for (const k of ["sink.password", "syncPassword", "passwd", "sink.pwd", "clientSecret", "privateKey", "connection.private-key", "api.token"]) {
            assert.ok(isPasswordKey(k), k);
        }
        for (const k of ["sink.node-urls", "sink.username", "source.mode.double-living", "sink.batch.enable", "bypass"]) {
            assert.ok(!isPasswordKey(k), k);
        }
        assert.deepStrictEqual(redactPasswordValues({ "sink.password": "x", "sink.port": "6667" }), { "sink.password": REDACTED, "sink.port": "6667" });
    });
});
