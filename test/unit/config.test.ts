import * as assert from "assert";
import { parsePairConfig, ConfigError, ConfigContext } from "../../lib/config";

const ctx: ConfigContext = { namespace: "iotdb-dual-active", isSecret: () => false };

function valid(): Record<string, any> {
    return {
        sideA: { clusterName: "dual-a", nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }] },
        sideB: { clusterName: "dual-b", nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }] },
        ssh: { user: "root", privateKeyPath: "/keys/id" },
    };
}

function problems(raw: Record<string, any>, c: ConfigContext = ctx): string[] {
    try {
        parsePairConfig(raw, c);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return (e as ConfigError).problems;
    }
    return [];
}

function expectProblem(raw: Record<string, any>, field: string, fix: RegExp, c?: ConfigContext) {
    const found = problems(raw, c);
    const match = found.find((p) => p.startsWith(`iotdb-dual-active:${field}:`));
    assert.ok(match, `no problem reported for ${field}; got:\n${found.join("\n")}`);
    assert.match(match!, fix);
}

describe("stack configuration", () => {
    it("accepts a valid pair and fills in the defaults", () => {
        const c = parsePairConfig(valid(), ctx);
        assert.strictEqual(c.iotdbVersion, "2.0.10");
        assert.strictEqual(c.ports.dnRpc, 6667);
        assert.strictEqual(c.pipes.ab.name, "AB");
        assert.strictEqual(c.pipes.ba.name, "BA");
        assert.strictEqual(c.purgeDataOnDestroy, false);
        assert.strictEqual(c.installDir, "/opt/iotdb");
    });

    it("rejects the same hostname on both sides", () => {
        const raw = valid();
        raw.sideB.nodes[0].hostname = "iotdb-1";
        expectProblem(raw, "sideB.nodes[0].hostname", /also used by sideA.nodes\[0\].hostname/);
    });

    it("rejects the same address on both sides", () => {
        const raw = valid();
        raw.sideB.nodes[0].address = "10.213.7.11";
        expectProblem(raw, "sideB.nodes[0].address", /every machine needs its own address/);
    });

    it("rejects the same cluster name on both sides", () => {
        const raw = valid();
        raw.sideB.clusterName = "dual-a";
        expectProblem(raw, "sideB.clusterName", /must differ/);
    });

    for (const bad of ["iotdb_1", "-x", "a b", "10.0.0.1", "x;reboot", "$(id)"]) {
        it(`rejects the hostname ${JSON.stringify(bad)}`, () => {
            const raw = valid();
            raw.sideA.nodes[0].hostname = bad;
            expectProblem(raw, "sideA.nodes[0].hostname", /not a valid hostname/);
        });
    }

    for (const bad of ["300.1.1.1", "10.0.0", "a;b", "`id`", "1.2.3.4\nx"]) {
        it(`rejects the address ${JSON.stringify(bad)}`, () => {
            const raw = valid();
            raw.sideA.nodes[0].address = bad;
            expectProblem(raw, "sideA.nodes[0].address", /not a valid IPv4 address/);
        });
    }

    for (const bad of [0, 65536, 6667.5, "6667"]) {
        it(`rejects the port ${JSON.stringify(bad)}`, () => {
            const raw = valid();
            raw.ports = { dnRpc: bad };
            expectProblem(raw, "ports.dnRpc", /not a port number/);
        });
    }

    for (const bad of ["1AB", "A-B", "A B", "__AB", "A;DROP", ""]) {
        it(`rejects the pipe name ${JSON.stringify(bad)}`, () => {
            const raw = valid();
            raw.pipes = { ab: { name: bad } };
            expectProblem(raw, "pipes.ab.name", /not a valid pipe name/);
        });
    }

    it("rejects forwarding-pipe-requests spelled out as false too (IoTDB 2.x refuses it)", () => {
        const raw = valid();
        raw.pipes = { ba: { source: { "source.forwarding-pipe-requests": "false" } } };
        expectProblem(raw, "pipes.ba.source.forwarding-pipe-requests", /double-living mode makes it false/);
    });

    it("rejects forwarding-pipe-requests true", () => {
        const raw = valid();
        raw.pipes = { ab: { source: { "forwarding-pipe-requests": "true" } } };
        expectProblem(raw, "pipes.ab.source.forwarding-pipe-requests", /must be false/);
    });

    it("rejects a password kept in plain config", () => {
        const raw = valid();
        raw.adminPassword = "hunter22";
        expectProblem(raw, "adminPassword", /pulumi config set --secret adminPassword/);
        assert.ok(!problems(raw).join("\n").includes("hunter22"), "the message repeats the password");
        assert.deepStrictEqual(problems(raw, { ...ctx, isSecret: (k) => k === "adminPassword" }), []);
    });

    it("rejects a missing SSH key file", () => {
        expectProblem(valid(), "ssh.privateKeyPath", /does not exist/, { ...ctx, fileExists: () => false });
        const raw = valid();
        delete raw.ssh.privateKeyPath;
        expectProblem(raw, "ssh.privateKeyPath", /is missing/);
    });

    it("rejects an IoTDB version the project does not support", () => {
        const raw = valid();
        raw.iotdbVersion = "1.2.0";
        expectProblem(raw, "iotdbVersion", /not supported; use one of 2.0.10/);
    });

    it("names unfilled placeholders of the example stacks", () => {
        const raw = valid();
        raw.sideA.nodes[0].address = "<address of machine A>";
        expectProblem(raw, "sideA.nodes[0].address", /still the placeholder "<address of machine A>"; fill it in/);
    });

    it("reports every problem at once", () => {
        const raw = valid();
        raw.sideA.nodes[0].hostname = "bad_name";
        raw.ports = { dnRpc: 0 };
        raw.iotdbVersion = "0.1";
        assert.strictEqual(problems(raw).length, 3);
    });

    it("rejects injection through pipe attributes and system properties", () => {
        const raw = valid();
        raw.pipes = { ab: { sink: { "batch.max-delay-seconds": "1'); DROP PIPE BA; --" } } };
        raw.systemProperties = { "dn_rpc_port": "6667\ncn_internal_port=1" };
        const found = problems(raw).join("\n");
        assert.match(found, /pipes.ab.sink.batch.max-delay-seconds: value must not contain quotes/);
        assert.match(found, /systemProperties.dn_rpc_port: value must not contain quotes or line breaks/);
    });
});
