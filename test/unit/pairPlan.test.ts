// The plan of a pair (lib/plan/): plain data in, plain data out, no Pulumi.
import * as assert from "assert";
import { planPair } from "../../lib/plan/pairPlan";
import { sideProperties, CONSENSUS_CLASSES } from "../../lib/plan/sides";
import { NODE_DEFAULTS, finalNodeProperties, withNodeDefaults } from "../../lib/plan/tuning";
import { replicationProperties } from "../../lib/plan/replication";
import { pipeSinkDefaultsText, pipeSourceDefaultsText, systemPropertiesDefaultsText } from "../../lib/plan/defaultsText";
import { pairConfig } from "../fixtures/pairConfig";

describe("the plan of a pair (lib/plan/)", () => {
    describe("node properties: project defaults, then the user's, then the side's", () => {
        it("gives every node the replication tuning and the side's factors and consensus", () => {
            const plan = planPair(pairConfig());
            assert.deepStrictEqual(plan.sides.a.properties, {
                ...replicationProperties(), data_replication_factor: "2", data_region_consensus_protocol_class: CONSENSUS_CLASSES.IoTConsensusV2,
            });
            assert.deepStrictEqual(plan.sides.b.properties, replicationProperties(), "a factor of 1 is IoTDB's default: left out");
        });

        it("lets the stack's systemProperties win over the project's tuning and node defaults", () => {
            const c = pairConfig({ systemProperties: { wal_mode: "ASYNC", pipe_auto_split_full_enabled: "true", extra_key: "1" } });
            const final = finalNodeProperties(c, c.sideB);
            assert.strictEqual(final.wal_mode, "ASYNC");
            assert.strictEqual(final.pipe_auto_split_full_enabled, "true");
            assert.strictEqual(final.extra_key, "1");
            assert.strictEqual(final.pipe_sink_retry_interval_ms, replicationProperties().pipe_sink_retry_interval_ms);
        });

        it("puts the node defaults under everything else", () => {
            assert.deepStrictEqual(withNodeDefaults({}), { ...NODE_DEFAULTS });
            assert.strictEqual(finalNodeProperties(pairConfig(), pairConfig().sideA).pipe_auto_split_full_enabled, "false");
        });

        it("renders each consensus protocol by its class, and factors above 1 only", () => {
            assert.deepStrictEqual(sideProperties({ clusterName: "x", nodes: [], owns: [], replication: { schema: 3, data: 1 }, consensus: { schemaRegion: "RatisConsensus" } }), {
                schema_replication_factor: "3", schema_region_consensus_protocol_class: "org.apache.iotdb.consensus.ratis.RatisConsensus",
            });
        });
    });

    describe("pipes: the project's attributes, then what the peer needs, then the stack's", () => {
        it("carries what the sending side owns, as tablets, to every DataNode of the peer that stays", () => {
            const { ab, ba } = planPair(pairConfig()).pipes;
            assert.deepStrictEqual([ab.from, ab.to, ba.from, ba.to], ["a", "b", "b", "a"]);
            // Each pipe also carries its side's canary heartbeat, and only that side's (lib/plan/canary.ts).
            assert.strictEqual(ab.spec.source["source.pattern.inclusion"], "root.site_a.**,root.__dual_active_canary.a.**");
            assert.strictEqual(ba.spec.source["source.pattern.inclusion"], "root.site_b.**,root.shared.d1.s,root.__dual_active_canary.b.**");
            assert.strictEqual(ab.spec.sink["sink.format"], "tablet");
            assert.deepStrictEqual(ab.spec.peerNodeUrls, ["iotdb-2:6667"]);
            assert.deepStrictEqual(ba.spec.peerNodeUrls, ["iotdb-1:6667", "iotdb-3:6667", "iotdb-7:6667"], "not the ConfigNode-only machine nor the one being taken out");
            assert.deepStrictEqual([ab.spec.name, ab.spec.syncUser], ["AB", "dualsync"]);
        });

        it("sends one tablet at a time towards a side that keeps each row on several DataNodes", () => {
            const { ab, ba } = planPair(pairConfig()).pipes;
            assert.strictEqual(ba.spec.sink["sink.batch.enable"], "false");
            assert.ok(!("sink.batch.enable" in ab.spec.sink));
        });

        it("lets the stack's own attributes win", () => {
            const c = pairConfig({ pipes: { ab: { name: "P1", source: { "source.history.enable": "false" }, sink: {} }, ba: { name: "P2", source: {}, sink: { "sink.batch.enable": "true", "sink.parallel.tasks": "2" } } } });
            const { ab, ba } = planPair(c).pipes;
            assert.strictEqual(ab.spec.source["source.history.enable"], "false");
            assert.strictEqual(ab.spec.source["source.inclusion"], "data");
            assert.strictEqual(ba.spec.sink["sink.batch.enable"], "true");
            assert.strictEqual(ba.spec.sink["sink.parallel.tasks"], "2");
            assert.strictEqual(ba.spec.name, "P2");
        });
    });

    describe("start order", () => {
        const a = planPair(pairConfig()).sides.a;
        const after = (hostname: string) => a.nodes.find((n) => n.node.hostname === hostname)!.startAfter;
        const names = (refs: { hostname: string; role: string }[]) => refs.map((r) => `${r.hostname}/${r.role}`);

        it("starts the seed ConfigNode first, then the other ConfigNodes one by one", () => {
            assert.strictEqual(a.seedConfigNode, "iotdb-1:10710");
            assert.deepStrictEqual(after("iotdb-1").confignode, []);
            assert.deepStrictEqual(names(after("iotdb-5").confignode), ["iotdb-1/confignode"]);
        });

        it("starts each DataNode after every ConfigNode of the side, those declared later too, and the DataNodes before it", () => {
            assert.deepStrictEqual(names(after("iotdb-1").datanode), ["iotdb-1/confignode", "iotdb-5/confignode"]);
            assert.deepStrictEqual(names(after("iotdb-3").datanode), ["iotdb-1/confignode", "iotdb-5/confignode", "iotdb-1/datanode"]);
            assert.deepStrictEqual(names(after("iotdb-7").datanode), ["iotdb-1/confignode", "iotdb-5/confignode", "iotdb-1/datanode", "iotdb-3/datanode"]);
        });

        it("runs the side's SQL on its first DataNode and removes the DataNodes being taken out through it", () => {
            assert.strictEqual(a.sqlNode.hostname, "iotdb-1");
            assert.deepStrictEqual(a.nodes.map((n) => n.node.hostname), ["iotdb-1", "iotdb-3", "iotdb-5", "iotdb-7"]);
            assert.deepStrictEqual(a.decommissioned.map((n) => n.hostname), ["iotdb-9"]);
            const b = planPair(pairConfig()).sides.b;
            assert.deepStrictEqual([b.sqlNode.hostname, b.seedConfigNode, b.decommissioned.length], ["iotdb-2", "iotdb-2:10710", 0]);
        });

        it("keeps every machine, those being taken out too, in every machine's /etc/hosts; flush and removal bounds from the config", () => {
            const plan = planPair(pairConfig({ startTimeoutSeconds: 60 }));
            assert.deepStrictEqual(plan.hosts.map((h) => h.hostname), ["iotdb-1", "iotdb-3", "iotdb-5", "iotdb-7", "iotdb-9", "iotdb-2"]);
            assert.strictEqual(plan.flushIntervalMs, 1000);
            assert.strictEqual(plan.removalTimeoutSeconds, 240);
        });
    });
});

describe("the plan's defaults in words (lib/plan/defaultsText.ts), for the config reference", () => {
    it("names the pipes' source and sink defaults and the properties' sizes as the plan sets them", () => {
        assert.strictEqual(pipeSourceDefaultsText(), "`source.pattern.inclusion` from the side's `owns` and its canary device (`root.__dual_active_canary.<a|b>.**`), `source.inclusion=data`, `source.realtime.mode=file` (lib/plan/replication.ts)");
        assert.strictEqual(pipeSinkDefaultsText(), "`sink.format=tablet`, `sink.parallel.tasks=1` (towards a side with `replication.data` above 1, also `sink.batch.enable=false`)");
        assert.strictEqual(systemPropertiesDefaultsText(), "the pipe and region sizes of `replicationProperties()` in lib/plan/replication.ts: WAL and Ratis buffers of 4 MiB, one data region a database, pipe rings of 16, 1 MiB tablets and chunks, floating pipe memory 0.1 (README, \"Memory\")");
    });
});
