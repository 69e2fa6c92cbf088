import * as assert from "assert";
import {
    flushIntervalMs, patternProblem, patternsOverlap, pipeAttributes, replicationProperties, reconnectMs,
    heapSplit, memoryMiB, memoryNeeds, regionsPerDataNode, smallestMemory, SINK_RETRY_INTERVAL_MS,
} from "../../lib/plan/replication";

describe("replication tuning (lib/plan/replication.ts)", () => {
    it("flushes every lag bound less the transfer allowance, never under 500 ms", () => {
        assert.strictEqual(flushIntervalMs(2), 1000);
        assert.strictEqual(flushIntervalMs(60), 59_000);
        assert.strictEqual(flushIntervalMs(1), 500);
    });

    it("takes prefixes and full paths, and names what is wrong with any other pattern", () => {
        assert.strictEqual(patternProblem("root.site_a.**"), undefined);
        assert.strictEqual(patternProblem("root.site_a.d1.s"), undefined);
        assert.match(String(patternProblem("root.**")), /every path/);
        assert.match(String(patternProblem("root.*.d1")), /not a prefix/);
        assert.match(String(patternProblem("root.a.**.s")), /not a prefix/);
        assert.match(String(patternProblem(3)), /not a string/);
    });

    it("finds overlapping patterns: equal, one under the other's prefix, never siblings sharing a name start", () => {
        assert.ok(patternsOverlap("root.a.**", "root.a.**"));
        assert.ok(patternsOverlap("root.a.**", "root.a.d1.s"));
        assert.ok(patternsOverlap("root.a.d1.**", "root.a.**"));
        assert.ok(!patternsOverlap("root.a.**", "root.ab.**"));
        assert.ok(!patternsOverlap("root.a.d1", "root.a.d1.s"), "a full path matches itself only");
        assert.ok(!patternsOverlap("root.load_a_1.**", "root.load_a_10.**"));
    });

    it("gives each pipe the owned patterns, data only, tablets, one sink; single rows towards a replicated peer", () => {
        const single = pipeAttributes(["root.a.**", "root.x.d.s"], 1);
        assert.strictEqual(single.source["source.pattern.inclusion"], "root.a.**,root.x.d.s");
        assert.strictEqual(single.source["source.inclusion"], "data");
        assert.strictEqual(single.sink["sink.format"], "tablet");
        assert.strictEqual(single.sink["sink.parallel.tasks"], "1");
        assert.ok(!("sink.batch.enable" in single.sink));
        assert.strictEqual(pipeAttributes(["root.a.**"], 2).sink["sink.batch.enable"], "false");
    });

    it("sets SYNC WAL and the sink retry interval its reconnect bound counts on", () => {
        const p = replicationProperties();
        assert.strictEqual(p.wal_mode, "SYNC");
        assert.strictEqual(p.pipe_sink_retry_interval_ms, String(SINK_RETRY_INTERVAL_MS));
        assert.strictEqual(reconnectMs(), 10_000 + 5 * SINK_RETRY_INTERVAL_MS);
    });

    it("splits MEMORY_SIZE into heap and off-heap as datanode-env.sh 2.0.10 does", () => {
        assert.strictEqual(memoryMiB("1G"), 1024);
        assert.strictEqual(memoryMiB("1536M"), 1536);
        assert.deepStrictEqual(heapSplit(1024), { heap: 768, offHeap: 256 });
        assert.deepStrictEqual(heapSplit(8192), { heap: 6552, offHeap: 1640 });
    });

    it("counts regions per DataNode and sizes the smallest DataNode that carries them", () => {
        assert.deepStrictEqual(regionsPerDataNode(16, 1, { schema: 1, data: 1 }), { schema: 16, data: 16 });
        assert.deepStrictEqual(regionsPerDataNode(16, 3, { schema: 3, data: 2 }), { schema: 16, data: 11 });
        const small = memoryNeeds(512, { schema: 16, data: 16 }, undefined);
        assert.ok(!small.fits, JSON.stringify(small));
        const needed = smallestMemory({ schema: 16, data: 16 }, undefined);
        assert.ok(memoryNeeds(memoryMiB(needed), { schema: 16, data: 16 }, undefined).fits);
        assert.ok(!memoryNeeds(memoryMiB(needed) - 256, { schema: 16, data: 16 }, undefined).fits, "the smallest, not just one that fits");
    });
});
