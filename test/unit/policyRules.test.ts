// The policy pack's rules (policy/rules.ts) as plain functions of the components' facts.
import * as assert from "assert";
import { NodeFacts, PipeFacts } from "../../components/support/policyFacts";
import * as rules from "../../policy/rules";

const node = (hostname: string, address: string, clusterName: string, edit: Partial<NodeFacts> = {}): rules.Subject<NodeFacts> => ({
    name: `node-${hostname}-${clusterName}`, urn: `urn:${clusterName}:${hostname}`,
    facts: { hostname, address, clusterName, version: "2.0.10", rpcPort: 6667, secretInputs: { adminPassword: true }, ...edit },
});
const pipe = (name: string, from: [string, string], sink: Record<string, string>, source: Record<string, string> = { "source.mode.double-living": "true" }): PipeFacts => ({
    name, from: { hostname: from[0], address: from[1], rpcPort: 6667 }, source,
    sink: { "sink": "iotdb-thrift-sink", "sink.username": "dualsync", ...sink }, secretInputs: { adminPassword: true, syncPassword: true },
});
const ab = pipe("AB", ["iotdb-1", "10.213.7.11"], { "sink.node-urls": "iotdb-2:6667" });
const ba = pipe("BA", ["iotdb-2", "10.213.7.12"], { "sink.node-urls": "iotdb-1:6667" });
const pair = [node("iotdb-1", "10.213.7.11", "a"), node("iotdb-2", "10.213.7.12", "b")];
const subject = (facts: PipeFacts): rules.Subject<PipeFacts> => ({ name: `pipe-${facts.name}`, urn: `urn:pipe:${facts.name}`, facts });

describe("policy rules", () => {
    describe("pipes never forward pipe requests", () => {
        it("accepts double-living mode, the project's way", () => {
            assert.deepStrictEqual(rules.forwardingViolations(ab), []);
        });
        it("accepts forwarding-pipe-requests spelled out false (not forwarding, whatever IoTDB 2.0.10 thinks of it)", () => {
            assert.deepStrictEqual(rules.forwardingViolations(pipe("AB", ["iotdb-1", "x"], {}, { "source.forwarding-pipe-requests": "false" })), []);
        });
        for (const [what, source] of [
            ["forwarding-pipe-requests true", { "source.mode.double-living": "true", "source.forwarding-pipe-requests": "true" }],
            ["its older name extractor.forwarding-pipe-requests true", { "source.mode.double-living": "true", "extractor.forwarding-pipe-requests": "TRUE" }],
        ] as const) {
            it(`rejects ${what}, naming the attribute and the fix`, () => {
                const [m] = rules.forwardingViolations(pipe("AB", ["iotdb-1", "x"], {}, source));
                assert.match(m, /^pipe AB \(on iotdb-1\) sets '(source|extractor)\.forwarding-pipe-requests'='(true|TRUE)': it would forward pipe requests/);
                assert.match(m, /'source.mode.double-living'='true' makes it false/);
            });
        }
        it("rejects a pipe without double-living mode (IoTDB's default forwards)", () => {
            const [m] = rules.forwardingViolations(pipe("AB", ["iotdb-1", "x"], {}, {}));
            assert.match(m, /has no 'source.mode.double-living', so it forwards pipe requests \(IoTDB's default\)/);
        });
        it("rejects double-living mode switched off", () => {
            const [m] = rules.forwardingViolations(pipe("AB", ["iotdb-1", "x"], {}, { "source.mode.double-living": "false" }));
            assert.match(m, /sets 'source.mode.double-living'='false', so it forwards pipe requests/);
        });
    });

    describe("sinks keep the loop closed", () => {
        it("accepts the project's sink (tablets, rows marked as a pipe's)", () => {
            assert.deepStrictEqual(rules.sinkLoopViolations(pipe("AB", ["iotdb-1", "x"], { "sink.format": "tablet" })), []);
            assert.deepStrictEqual(rules.sinkLoopViolations(ab), []);
        });
        for (const [k, v, why] of [["sink.mark-as-pipe-request", "false", /take its rows for its clients'/], ["connector.mark-as-general-write-request", "true", /take its rows for its clients'/],
            ["sink.format", "tsfile", /TsFiles loaded on the peer are sent back/], ["sink.format", "hybrid", /Use 'tablet'/]] as const) {
            it(`rejects '${k}'='${v}', naming the pipe and the attribute`, () => {
                const [m] = rules.sinkLoopViolations(pipe("BA", ["iotdb-2", "x"], { [k]: v }));
                assert.match(m, new RegExp(`^pipe BA \\(on iotdb-2\\) sets '${k}'='${v}'`));
                assert.match(m, why);
            });
        }
    });

    describe("sink targets", () => {
        it("reads node-urls, ip/host with port, and the older connector.* names", () => {
            assert.deepStrictEqual(rules.sinkTargets({ "sink.node-urls": "iotdb-2:6667, 10.0.0.5:6668,[::1]:6667" }),
                [{ host: "iotdb-2", port: 6667 }, { host: "10.0.0.5", port: 6668 }, { host: "::1", port: 6667 }]);
            assert.deepStrictEqual(rules.sinkTargets({ "sink.ip": "10.0.0.5", "sink.port": "6667" }), [{ host: "10.0.0.5", port: 6667 }]);
            assert.deepStrictEqual(rules.sinkTargets({ "connector.host": "iotdb-2" }), [{ host: "iotdb-2", port: undefined }]);
            assert.deepStrictEqual(rules.sinkTargets({}), []);
        });
    });

    describe("a pipe never points at its own side", () => {
        it("accepts a pipe to the other node", () => {
            assert.deepStrictEqual(rules.ownSideViolations(ab), []);
        });
        for (const [what, sink] of [
            ["its own hostname", { "sink.node-urls": "IOTDB-1:6667" }],
            ["its own address", { "sink.ip": "10.213.7.11", "sink.port": "6667" }],
            ["loopback", { "sink.node-urls": "iotdb-2:6667,127.0.0.1:6667" }],
        ] as const) {
            it(`rejects ${what}`, () => {
                const [m, ...more] = rules.ownSideViolations(pipe("AB", ["iotdb-1", "10.213.7.11"], sink));
                assert.match(m, /^pipe AB on iotdb-1 \(10\.213\.7\.11\) points at \S+, its own side: a dual-active pipe must point at the other side's nodes/);
                assert.deepStrictEqual(more, []);
            });
        }
        it("rejects a pipe with no target at all", () => {
            assert.match(rules.ownSideViolations(pipe("AB", ["iotdb-1", "x"], {}))[0], /names no sink target/);
        });
    });

    describe("each pipe points at the other side", () => {
        it("accepts the pair's two pipes", () => {
            assert.deepStrictEqual(rules.otherSideViolations([subject(ab), subject(ba)], pair), []);
        });
        it("rejects a pipe to a node of its own side (a side of two machines)", () => {
            const nodes = [...pair, node("iotdb-3", "10.213.7.13", "a")];
            const v = rules.otherSideViolations([subject(pipe("AB", ["iotdb-1", "10.213.7.11"], { "sink.node-urls": "iotdb-3:6667" }))], nodes);
            assert.deepStrictEqual(v.map((x) => x.urn), ["urn:pipe:AB"]);
            assert.match(v[0].message, /^pipe AB \(side a\) points at iotdb-3:6667, a node of its own side: it must point at the other side \(iotdb-2:6667\)/);
        });
        it("rejects a pipe to a host that is no node, and one to the wrong port", () => {
            const v = rules.otherSideViolations([subject(pipe("AB", ["iotdb-1", "10.213.7.11"], { "sink.node-urls": "iotdb-9:6667,10.213.7.12:6668" }))], pair);
            assert.match(v[0].message, /points at iotdb-9:6667, which is no node of the other side \(iotdb-2:6667\)/);
            assert.match(v[1].message, /points at 10.213.7.12:6668, but iotdb-2 serves RPC on port 6667/);
        });
        it("rejects a pipe that runs on no node of the stack", () => {
            const v = rules.otherSideViolations([subject(pipe("AB", ["elsewhere", "10.9.9.9"], { "sink.node-urls": "iotdb-2:6667" }))], pair);
            assert.match(v[0].message, /runs on elsewhere \(10.9.9.9\), which is no IotdbNode of this stack/);
        });
        it("names the sending node by hostname first (an address shared by mistake does not move the pipe to the other side)", () => {
            const shared = [node("iotdb-1", "10.213.7.11", "a"), node("iotdb-2", "10.213.7.11", "b")];
            const baShared = pipe("BA", ["iotdb-2", "10.213.7.11"], { "sink.node-urls": "iotdb-1:6667" });
            assert.deepStrictEqual(rules.otherSideViolations([subject(baShared)], shared), []);
        });
        it("has nothing to check in a stack without nodes", () => {
            assert.deepStrictEqual(rules.otherSideViolations([subject(ab)], []), []);
        });
    });

    describe("the two sides have distinct hostnames and addresses", () => {
        it("accepts distinct ones", () => {
            assert.deepStrictEqual(rules.sharedIdentityViolations(pair), []);
        });
        it("rejects a hostname used twice (case-insensitive), on the second node", () => {
            const v = rules.sharedIdentityViolations([node("iotdb-1", "10.213.7.11", "a"), node("IOTDB-1", "10.213.7.12", "b")]);
            assert.strictEqual(v.length, 1);
            assert.strictEqual(v[0].urn, "urn:b:IOTDB-1");
            assert.match(v[0].message, /^hostname IOTDB-1 is used by both node-iotdb-1-a \(side a\) and node-IOTDB-1-b \(side b\): the two sides need distinct hostnames and addresses/);
        });
        it("rejects an address used twice, on the later node by name whatever the order", () => {
            const v = rules.sharedIdentityViolations([node("iotdb-2", "10.213.7.11", "b"), node("iotdb-1", "10.213.7.11", "a")]);
            assert.strictEqual(v[0].urn, "urn:b:iotdb-2");
            assert.match(v[0].message, /^address 10.213.7.11 is used by both node-iotdb-1-a \(side a\) and node-iotdb-2-b \(side b\)/);
        });
    });

    describe("passwords are secrets", () => {
        it("accepts secret inputs and plain attributes without passwords", () => {
            assert.deepStrictEqual(rules.plaintextPasswordViolations("Pipe p", ab), []);
        });
        it("rejects each input that arrived as plain text, naming it (never its value)", () => {
            const v = rules.plaintextPasswordViolations("Pipe p", { secretInputs: { adminPassword: false, syncPassword: true, "connection.privateKey": false } });
            assert.strictEqual(v.length, 2);
            assert.match(v[0], /^Pipe p: adminPassword is plain text; pass it as a Pulumi secret/);
            assert.match(v[1], /^Pipe p: connection.privateKey is plain text/);
        });
        it("rejects a password among a pipe's plain attributes", () => {
            const v = rules.plaintextPasswordViolations("Pipe p", { ...ab, sink: { ...ab.sink, "sink.password": "[redacted]" } });
            assert.match(v[0], /^Pipe p: attribute sink.password puts a password among the pipe's plain attributes/);
        });
    });

    describe("IoTDB version (advisory)", () => {
        it("compares dotted versions numerically", () => {
            assert.strictEqual(rules.compareVersions("2.0.10", "2.0.9"), 1);
            assert.strictEqual(rules.compareVersions("1.3.7", "2.0.10"), -1);
            assert.strictEqual(rules.compareVersions("2.0.10", "2.0.10"), 0);
            assert.strictEqual(rules.compareVersions("2.0", "2.0.0"), 0);
        });
        it("advises on a version below every tested one, and only then", () => {
            assert.deepStrictEqual(rules.versionAdvice(node("iotdb-1", "x", "a").facts, ["2.0.10"]), []);
            assert.deepStrictEqual(rules.versionAdvice(node("iotdb-1", "x", "a", { version: "2.1.0" }).facts, ["2.0.10"]), []);
            const [m] = rules.versionAdvice(node("iotdb-1", "x", "a", { version: "1.3.7" }).facts, ["2.0.10", "2.0.9"]);
            assert.match(m, /^IoTDB 1.3.7 on iotdb-1 is older than the versions this project tests \(2.0.10, 2.0.9\)/);
        });
    });
});
