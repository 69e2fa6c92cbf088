import * as assert from "assert";
import { parsePairConfig, ConfigError, ConfigContext, sideProperties, dataNodes, decommissionedNodes } from "../../lib/config/pairConfig";
import { pipeAttributes } from "../../lib/plan/replication";

const ctx: ConfigContext = { namespace: "iotdb-dual-active", stack: "dev", isSecret: (k) => /Password(B)?$/.test(k) };

function valid(): Record<string, any> {
    return {
        sideA: { clusterName: "dual-a", nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }], owns: ["root.site_a.**"] },
        sideB: { clusterName: "dual-b", nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }], owns: ["root.site_b.**"] },
        ssh: { user: "root", privateKeyPath: "/keys/id" },
        adminPassword: "Adm1n-pass_word",
        adminPasswordB: "Adm1n-pass_wordB",
        syncPassword: "Sync-pass_word9",
        syncPasswordB: "Sync-pass_wordB",
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

    it("takes the pipe attributes of its allow-list (history, batching, rate, compression, retries)", () => {
        const raw = valid();
        raw.pipes = { ab: { source: { "history.enable": "false" }, sink: { "batch.max-delay-seconds": "2", "sink.compressor": "zstd", "rate-limit-bytes-per-second": "1048576" } } };
        const c = parsePairConfig(raw, ctx);
        assert.deepStrictEqual(c.pipes.ab.sink, { "sink.batch.max-delay-seconds": "2", "sink.compressor": "zstd", "sink.rate-limit-bytes-per-second": "1048576" });
        assert.deepStrictEqual(c.pipes.ab.source, { "source.history.enable": "false" });
    });

    it("refuses any other pipe attribute, naming it and what is allowed: nothing may reopen the loop", () => {
        for (const [kind, k] of [["sink", "mark-as-pipe-request"], ["sink", "format"], ["source", "inclusion"], ["sink", "realtime-first"], ["source", "extractor.forwarding-pipe-requests"]]) {
            const raw = valid();
            raw.pipes = { ba: { [kind]: { [k]: "false" } } };
            expectProblem(raw, `pipes.ba.${kind}.${k}`, new RegExp(`is not an attribute a stack may set.*allowed ${kind} attributes: .*${kind === "sink" ? "batch.enable" : "history.enable"}`));
        }
    });

    it("keeps its own message for an attribute the project sets, without a second one", () => {
        const raw = valid();
        raw.pipes = { ab: { sink: { "node-urls": "x:1" } } };
        const found = problems(raw).filter((p) => p.includes("pipes.ab.sink.node-urls"));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /is set by the project/);
    });

    it("rejects a password kept in plain config", () => {
        const raw = valid();
        raw.adminPassword = "hunter22";
        const plain = { ...ctx, isSecret: (k: string) => /Password/.test(k) && k !== "adminPassword" };
        expectProblem(raw, "adminPassword", /stored in plain text; store it as a secret: pulumi config set --secret adminPassword/, plain);
        assert.ok(!problems(raw, plain).join("\n").includes("hunter22"), "the message repeats the password");
        assert.deepStrictEqual(problems(raw), []);
    });

    it("requires every password, each side's, and says how to generate them", () => {
        for (const k of ["adminPassword", "syncPassword", "adminPasswordB", "syncPasswordB"]) {
            const raw = valid();
            delete raw[k];
            expectProblem(raw, k, new RegExp(`is not set; generate one .*: npm run passwords -- dev; or set your own: pulumi config set --secret ${k}$`));
        }
    });

    it("rejects a password IoTDB would refuse, or root's default, without repeating it", () => {
        for (const bad of ["abc", "x".repeat(33), "has space1", "quote'd-pw", "new\nline-pw"]) {
            const raw = valid();
            raw.syncPassword = bad;
            expectProblem(raw, "syncPassword", /not a password IoTDB accepts; use 4 to 32/);
            assert.ok(!problems(raw).join("\n").includes(bad), "the message repeats the password");
        }
        const raw = valid();
        raw.adminPassword = "root";
        expectProblem(raw, "adminPassword", /IoTDB's default; choose another/);
        raw.adminPassword = valid().adminPassword;
        raw.adminPasswordB = "root";
        expectProblem(raw, "adminPasswordB", /IoTDB's default; choose another/);
    });

    it("refuses side B's password when it is side A's (one side's compromise would open the other), naming the fix", () => {
        for (const [a, b] of [["adminPassword", "adminPasswordB"], ["syncPassword", "syncPasswordB"]]) {
            const raw = valid();
            raw[b] = raw[a];
            expectProblem(raw, b, new RegExp(`is the same as ${a}; each side needs its own.*pulumi config rm ${b}, then npm run passwords -- dev generates a new one`));
            assert.ok(!problems(raw).join("\n").includes(raw[a]), "the message repeats the password");
        }
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

    it("accepts a cluster side: roles, replication and consensus, the first ConfigNode as seed", () => {
        const raw = valid();
        raw.sideA.nodes = [
            { hostname: "iotdb-1", address: "10.0.0.1" },
            { hostname: "iotdb-3", address: "10.0.0.3", roles: ["datanode"] },
        ];
        raw.sideA.replication = { data: 2 };
        raw.sideA.consensus = { dataRegion: "IoTConsensus" };
        const c = parsePairConfig(raw, ctx);
        assert.deepStrictEqual(c.sideA.nodes.map((n) => n.roles), [["confignode", "datanode"], ["datanode"]]);
        assert.deepStrictEqual(c.sideA.replication, { schema: 1, data: 2 });
        assert.deepStrictEqual(sideProperties(c.sideA), {
            data_replication_factor: "2", data_region_consensus_protocol_class: "org.apache.iotdb.consensus.iot.IoTConsensus",
        });
        assert.deepStrictEqual(sideProperties(c.sideB), {}, "a standalone side renders IoTDB's defaults by leaving them out");
        const carried = { "source.pattern.inclusion": "root.site_b.**", "source.inclusion": "data", "source.realtime.mode": "file" };
        assert.deepStrictEqual(pipeAttributes(c.sideB.owns, c.sideA.replication.data), {
            source: carried, sink: { "sink.format": "tablet", "sink.parallel.tasks": "1", "sink.batch.enable": "false" },
        }, "towards a replicated peer, one tablet at a time (a DataNode of it may be down)");
        assert.deepStrictEqual(pipeAttributes(c.sideB.owns, c.sideB.replication.data).sink, { "sink.format": "tablet", "sink.parallel.tasks": "1" },
            "towards a standalone side too, tablets only: a loaded TsFile went back and forth");
    });

    it("rejects cluster sides IoTDB could not form", () => {
        const dnOnly = valid();
        dnOnly.sideA.nodes[0].roles = ["datanode"];
        expectProblem(dnOnly, "sideA.nodes", /has no ConfigNode; give the first machine the role confignode/);
        const cnOnly = valid();
        cnOnly.sideA.nodes[0].roles = ["confignode"];
        expectProblem(cnOnly, "sideA.nodes", /has no DataNode/);
        const badRole = valid();
        badRole.sideA.nodes[0].roles = ["worker"];
        expectProblem(badRole, "sideA.nodes[0].roles", /not a list of roles/);
        const tooMany = valid();
        tooMany.sideA.replication = { data: 2 };
        expectProblem(tooMany, "sideA.replication.data", /more than the side's 1 DataNode\(s\); add DataNodes or lower it/);
        const simple = valid();
        simple.sideA.nodes.push({ hostname: "iotdb-3", address: "10.0.0.3", roles: ["datanode"] });
        simple.sideA.replication = { data: 2 };
        simple.sideA.consensus = { dataRegion: "SimpleConsensus" };
        expectProblem(simple, "sideA.consensus.dataRegion", /SimpleConsensus keeps one replica/);
        const unknown = valid();
        unknown.sideA.consensus = { schemaRegion: "Paxos" };
        expectProblem(unknown, "sideA.consensus.schemaRegion", /not one of IoTConsensus, IoTConsensusV2, RatisConsensus, SimpleConsensus/);
        const none = valid();
        none.sideA.nodes = [];
        expectProblem(none, "sideA.nodes", /must list at least one machine/);
        const both = valid();
        both.systemProperties = { data_replication_factor: "2" };
        expectProblem(both, "systemProperties.data_replication_factor", /is set per side; use sideA.replication.data/);
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

describe("the example stacks", () => {
    it("stacks/Pulumi.clusters.yaml, once filled in, is two valid 3C3D clusters", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const yaml = require("js-yaml");
        const file = require("path").join(__dirname, "../../stacks/Pulumi.clusters.yaml");
        const config = yaml.load(require("fs").readFileSync(file, "utf8")).config as Record<string, any>;
        let n = 0;
        const fill = (v: any, key = ""): any => {
            if (typeof v === "string" && /^<.*>$/.test(v)) return key === "hostname" ? `iotdb-x${++n}` : key === "address" ? `10.9.0.${++n}` : "/keys/id";
            if (Array.isArray(v)) return v.map((x) => fill(x));
            if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, k)]));
            return v;
        };
        const raw: Record<string, any> = { adminPassword: "Adm1n-pass_word", syncPassword: "Sync-pass_word9", adminPasswordB: "Adm1n-pass_wordB", syncPasswordB: "Sync-pass_wordB" };
        for (const [k, v] of Object.entries(config)) raw[k.replace(/^iotdb-dual-active:/, "")] = fill(v);
        const c = parsePairConfig(raw, { namespace: "iotdb-dual-active", isSecret: () => true });
        for (const s of [c.sideA, c.sideB]) {
            assert.strictEqual(s.nodes.filter((x) => x.roles.includes("confignode")).length, 3);
            assert.strictEqual(s.nodes.filter((x) => x.roles.includes("datanode")).length, 3);
        }
    });
});

describe("taking a DataNode out of a side (decommission)", () => {
    const cluster = () => {
        const raw = valid();
        raw.sideA.nodes = [
            { hostname: "iotdb-1", address: "10.0.0.1" },
            { hostname: "iotdb-3", address: "10.0.0.3", roles: ["datanode"] },
            { hostname: "iotdb-5", address: "10.0.0.5", roles: ["datanode"], decommission: true },
        ];
        return raw;
    };

    it("keeps the node listed but out of the DataNodes that pipes and SQL use", () => {
        const c = parsePairConfig(cluster(), ctx);
        assert.deepStrictEqual(dataNodes(c.sideA).map((n) => n.hostname), ["iotdb-1", "iotdb-3"]);
        assert.deepStrictEqual(decommissionedNodes(c.sideA).map((n) => n.hostname), ["iotdb-5"]);
        assert.deepStrictEqual(decommissionedNodes(c.sideB), []);
    });

    it("refuses to take out a ConfigNode, or more DataNodes than the replication leaves room for", () => {
        const seed = cluster();
        seed.sideA.nodes[0].decommission = true;
        expectProblem(seed, "sideA.nodes[0].decommission", /only a machine with roles \[datanode\]/);
        const tooFew = cluster();
        tooFew.sideA.replication = { data: 3 };
        expectProblem(tooFew, "sideA.replication.data", /more than the side's 2 DataNode\(s\)/);
        const notBool = cluster();
        notBool.sideA.nodes[2].decommission = "yes";
        expectProblem(notBool, "sideA.nodes[2].decommission", /must be true or false/);
    });
});

describe("stack configuration: what each side owns, and what a DataNode carries", () => {
    it("requires each side's owned path patterns, naming the field and an example", () => {
        const raw = valid();
        delete raw.sideB.owns;
        expectProblem(raw, "sideB.owns", /is missing; list the path patterns side B's clients write, e.g. \[root.site_b.\*\*\]/);
    });

    it("refuses patterns IoTDB or the project would not take", () => {
        for (const [p, why] of [["site_a.**", /is not a prefix like root.site_a.\*\*/], ["root.**", /is every path/], ["root.a.**.b", /is not a prefix/], ["root.a-b", /nodes hold letters/], ["root.a*.**", /takes no other pattern on a pipe that carries deletions/]] as const) {
            const raw = valid();
            raw.sideA.owns = [p];
            expectProblem(raw, "sideA.owns[0]", why);
        }
    });

    it("refuses owned patterns that overlap (a path carried both ways loops for good on IoTDB 2.0.10)", () => {
        for (const [a, b] of [["root.site.**", "root.site.b.**"], ["root.site.**", "root.site.d1.s"], ["root.x.d1.s", "root.x.**"], ["root.x.d1.s", "root.x.d1.s"]]) {
            const raw = valid();
            raw.sideA.owns = [a];
            raw.sideB.owns = ["root.other.**", b];
            expectProblem(raw, "sideB.owns[1]", /overlaps sideA.owns\[0\].*owned by one side only/);
        }
        for (const [a, b] of [["root.site_a.**", "root.site_b.**"], ["root.site.**", "root.site_b.**"], ["root.x.a", "root.x.a.b"], ["root.x.a.**", "root.x.b.**"]]) {
            const raw = valid();
            raw.sideA.owns = [a];
            raw.sideB.owns = [b];
            assert.deepStrictEqual(problems(raw), [], `${a} and ${b} are disjoint`);
        }
    });

    it("refuses an owned pattern that reaches into the canary's database (the project's own)", () => {
        for (const p of ["root.__dual_active_canary.**", "root.__dual_active_canary.a.beat"]) {
            const raw = valid();
            raw.sideA.owns = ["root.site_a.**", p];
            expectProblem(raw, "sideA.owns[1]", /reaches into root\.__dual_active_canary, the project's own database.*own paths outside it/);
        }
    });

    it("refuses a DataNode heap too small for the databases the pair carries, naming the smallest that works", () => {
        const raw = valid();
        raw.memory = { datanode: "1G" };
        raw.replication = { databases: 40 };
        expectProblem(raw, "memory.datanode", /1G cannot carry 40 databases and the canary.s on sideA \(41 schema and 41 data regions a DataNode: direct buffers 328 of 205 MiB, pipe memory 66 of 62 MiB\); use at least 1792M, or lower replication.databases/);
        raw.replication = { databases: 16 };
        assert.deepStrictEqual(problems(raw), []);
    });

    it("refuses path attributes on a pipe: what it carries comes from owns", () => {
        const raw = valid();
        raw.pipes = { ab: { source: { path: "root.**" } } };
        expectProblem(raw, "pipes.ab.source.path", /is set by the project from sideA.owns/);
    });
});
