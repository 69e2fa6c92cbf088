// `npm run verify`'s pure parts (lib/verify): its queries, the comparison, the narrowing against two
// in-memory sides that answer the generated SQL the way IoTDB 2.0.10 does, the output and the arguments.
import * as assert from "assert";
import { summarySql, bucketsSql, parseSchema, pathNodes, checkPattern, summaryOf, SeriesSchema, Precision, precisionOf } from "../../lib/verify/query";
import { seriesDifference, DEFAULT_LIMITS, exitCodeOf } from "../../lib/verify/compare";
import { verifyPair, AskSide } from "../../lib/verify/verify";
import { verifyText, verifyJson } from "../../lib/verify/report";
import { parseVerifyArgs, parseTime, defaultTo } from "../../lib/verify/args";
import { ResultSet } from "../../lib/status/resultSets";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { verifyQueryScript } from "../../lib/render/verifyScripts";

type Value = number | boolean | string;
/** A side: device -> measurement -> (type, time -> value). */
type Side = Map<string, Map<string, { type: string; rows: Map<number, Value> }>>;

function side(rows: [string, string, string, number, Value][]): Side {
    const s: Side = new Map();
    for (const [device, m, type, t, v] of rows) {
        const d = s.get(device) ?? new Map();
        const ser = d.get(m) ?? { type, rows: new Map() };
        ser.rows.set(t, v);
        d.set(m, ser);
        s.set(device, d);
    }
    return s;
}

/** Answers SHOW TIMESERIES, summarySql and bucketsSql as IoTDB would, and counts the statements. */
function fakeSide(data: Side, log: string[]): (statements: string[]) => ResultSet[] {
    const agg = (fn: string, rows: [number, Value][]): string => {
        if (fn === "count") return String(rows.length);
        if (rows.length === 0) return "";
        const sorted = [...rows].sort((x, y) => x[0] - y[0]);
        if (fn === "min_time") return String(sorted[0][0]);
        if (fn === "max_time") return String(sorted[sorted.length - 1][0]);
        if (fn === "first_value") return String(sorted[0][1]);
        if (fn === "last_value") return String(sorted[sorted.length - 1][1]);
        if (fn === "sum") return String(rows.reduce((n, [, v]) => n + Number(v), 0));
        throw new Error(fn);
    };
    const select = (device: string, list: string, from: number, to: number) => [...list.matchAll(/(\w+)\((?:cast\()?(\w+)/g)].map(([, fn, m]) =>
        agg(fn, [...(data.get(device)?.get(m)?.rows ?? new Map()).entries()].filter(([t]) => t >= from && t < to)));
    return (statements) => statements.map((sql) => {
        log.push(sql);
        let m = /^SHOW TIMESERIES root\.\*\*$/.exec(sql);
        if (m) {
            const rows = [...data].flatMap(([d, ms]) => [...ms].map(([name, s]) => [`${d}.${name}`, "", d.split(".").slice(0, 2).join("."), s.type, "", "", "", "", "", "", "BASE"]));
            return { header: ["Timeseries", "Alias", "Database", "DataType", "Encoding", "Compression", "Tags", "Attributes", "Deadband", "DeadbandParameters", "ViewType"], rows };
        }
        m = /^SELECT (.*) FROM (\S+) WHERE (?:time >= (-?\d+) AND )?time < (-?\d+)$/.exec(sql);
        if (m) return { header: ["h"], rows: [select(m[2], m[1], m[3] === undefined ? -Infinity : Number(m[3]), Number(m[4]))] };
        m = /^SELECT (.*) FROM (\S+) GROUP BY \(\[(-?\d+), (-?\d+)\), (\d+)(?:ms|us)\)$/.exec(sql);
        if (m) {
            const [from, to, w] = [Number(m[3]), Number(m[4]), Number(m[5])];
            const rows: string[][] = [];
            for (let t = from; t < to; t += w) rows.push([String(t), ...select(m[2], m[1], t, Math.min(t + w, to))]);
            return { header: ["Time"], rows };
        }
        throw new Error(`fake side: unexpected statement ${sql}`);
    });
}

async function run(a: Side, b: Side, limits = DEFAULT_LIMITS, precision: Precision = "ms") {
    const logA: string[] = [];
    const logB: string[] = [];
    const sides = { A: fakeSide(a, logA), B: fakeSide(b, logB) };
    const ask: AskSide = async (s, statements) => sides[s](statements);
    const progress: string[] = [];
    const result = await verifyPair(ask, { patterns: ["root.**"], from: null, to: 1_000_000, precision, limits, chunk: 2, progress: (l) => progress.push(l) });
    return { result, logA, logB, progress };
}

/** 1000 rows a device on two databases: numeric, boolean and text series. */
function base(): [string, string, string, number, Value][] {
    const rows: [string, string, string, number, Value][] = [];
    for (let t = 1000; t < 2000; t++) {
        rows.push(["root.db1.d1", "s", "DOUBLE", t, t * 0.5], ["root.db1.d1", "b", "BOOLEAN", t, t % 3 === 0], ["root.db2.d2", "txt", "TEXT", t, `v${t}`], ["root.db2.d3", "i", "INT64", t, t]);
    }
    return rows;
}

describe("verify: comparing the sides by aggregations", () => {
    it("asks per device the aggregations its types allow (sum on numbers, cast for BOOLEAN, none for TEXT)", () => {
        const series: SeriesSchema[] = [{ measurement: "s", dataType: "DOUBLE" }, { measurement: "b", dataType: "BOOLEAN" }, { measurement: "t", dataType: "TEXT" }];
        assert.strictEqual(summarySql("root.db.d1", series, { from: null, to: 50 }),
            "SELECT count(s), min_time(s), max_time(s), sum(s), first_value(s), last_value(s), count(b), min_time(b), max_time(b), sum(cast(b AS INT32)), first_value(b), last_value(b), " +
            "count(t), min_time(t), max_time(t), first_value(t), last_value(t) FROM root.db.d1 WHERE time < 50");
        assert.strictEqual(bucketsSql("root.db.d1", series.slice(2), { from: 0, to: 100 }, 16), "SELECT count(t), min_time(t), max_time(t), first_value(t), last_value(t) FROM root.db.d1 GROUP BY ([0, 100), 7ms)");
        const s = summaryOf(series.slice(1), ["2", "5", "9", "1.0", "true", "false", "0", "", "", "", ""]);
        assert.deepStrictEqual(s.get("b"), { count: 2, minTime: 5, maxTime: 9, sum: 1, first: "true", last: "false" });
        assert.deepStrictEqual(s.get("t"), { count: 0, minTime: null, maxTime: null, sum: null, first: null, last: null });
    });

    it("reads the schema: quoted nodes kept whole, views and IoTDB's own databases left out; refuses a bad pattern", () => {
        assert.deepStrictEqual(pathNodes("root.db.`a.b`.s"), ["root", "db", "`a.b`", "s"]);
        const schema = parseSchema([{ header: ["Timeseries", "Database", "DataType", "ViewType"], rows: [
            ["root.db.`a.b`.s", "root.db", "INT32", "BASE"], ["root.db.v.x", "root.db", "INT32", "VIEW"], ["root.__system.x.y", "root.__system", "TEXT", "BASE"]] }]);
        assert.deepStrictEqual([...schema], [["root.db.`a.b`", [{ measurement: "s", dataType: "INT32" }]]]);
        assert.throws(() => checkPattern("root.**; DELETE"), /--paths/);
        assert.throws(() => checkPattern("db.**"), /--paths/);
        assert.strictEqual(checkPattern("root.db.*.`x-y`"), "root.db.*.`x-y`");
    });

    it("floating sums within the tolerance agree; integer sums, counts, spans and ends must match exactly", () => {
        const s = (over = {}) => ({ count: 3, minTime: 1, maxTime: 3, sum: 0.6, first: "0.1", last: "0.3", ...over });
        assert.strictEqual(seriesDifference(s(), s({ sum: 0.6000000000000001 }), "DOUBLE"), undefined);
        assert.strictEqual(seriesDifference(s(), s({ sum: 0.61 }), "DOUBLE"), "sum");
        assert.strictEqual(seriesDifference(s({ sum: 6 }), s({ sum: 7 }), "INT64"), "sum");
        assert.strictEqual(seriesDifference(s(), s({ count: 2 }), "DOUBLE"), "count");
        assert.strictEqual(seriesDifference(s(), s({ maxTime: 4 }), "DOUBLE"), "time span");
        assert.strictEqual(seriesDifference(s(), s({ last: "x" }), "TEXT"), "first/last value");
        assert.strictEqual(seriesDifference(s(), undefined, "TEXT"), "count");
        assert.strictEqual(seriesDifference(undefined, undefined, "TEXT"), undefined);
    });

    it("equal sides: exit 0, one statement a device and side, no narrowing", async () => {
        const { result, logA, progress } = await run(side(base()), side(base()));
        assert.strictEqual(exitCodeOf(result), 0);
        assert.strictEqual(result.devices, 3);
        assert.strictEqual(logA.length, 1 + 3);
        assert.deepStrictEqual(progress, ["3 devices (A 3, B 3) under root.**", "compared 2/3 devices, 0 differ", "compared 3/3 devices, 0 differ"]);
    });

    it("a row deleted on one side: exit 1 naming the device, narrowed to that timestamp, within the statement bound", async () => {
        const b = side(base());
        b.get("root.db2.d3")!.get("i")!.rows.delete(1500);
        const { result, logB } = await run(side(base()), b);
        assert.strictEqual(exitCodeOf(result), 1);
        assert.deepStrictEqual(result.differing.map((v) => [v.device, v.differing]), [["root.db2.d3", ["i (count)"]]]);
        const [r] = result.differing[0].ranges;
        assert.deepStrictEqual(r.range, { from: 1500, to: 1501 });
        assert.strictEqual(r.a.get("i")!.count, 1);
        assert.strictEqual(r.b.get("i")!.count, 0);
        // schema + 3 whole-range rows + one GROUP BY a level (1000 ms / 16 buckets: 63, 4, 1 wide)
        assert.strictEqual(logB.length, 1 + 3 + 3);
    });

    it("different values at the same timestamps (count and span equal): found by the sum for numbers, BOOLEAN and first/last for TEXT", async () => {
        const b = side(base());
        b.get("root.db1.d1")!.get("s")!.rows.set(1200, 7);
        b.get("root.db1.d1")!.get("b")!.rows.set(1201, true);
        b.get("root.db2.d2")!.get("txt")!.rows.set(1999, "changed");
        const { result } = await run(side(base()), b);
        assert.deepStrictEqual(result.differing.map((v) => [v.device, v.differing]), [["root.db1.d1", ["s (sum)", "b (sum)"]], ["root.db2.d2", ["txt (first/last value)"]]]);
        assert.deepStrictEqual(result.differing[0].ranges.map((f) => [f.range, f.differing]), [[{ from: 1200, to: 1201 }, ["s (sum)"]], [{ from: 1201, to: 1202 }, ["b (sum)"]]]);
        const text = verifyText({ stack: "st", patterns: ["root.**"], from: null, to: 1_000_000, seconds: 1.5, precision: "ms" }, result);
        assert.match(text, /^verify st: root\.\*\*, the first row to before 1000000 .*: 3 devices compared in 1\.5 s, 2 differ/);
        assert.match(text, /root\.db2\.d2: differs in txt \(first\/last value\)\n {2}A: 1000 points, 1000\.\.1999; txt: 1000 first=v1000 last=v1999\n {2}B: .*last=changed/);
        assert.match(text, /at 1200 \(.*\): s \(sum\)\n {4}A: 2 points, 1200\.\.1200; s: 1 sum=600 first=600 last=600; b: 1 sum=1 .*\n {4}B: 2 points, 1200\.\.1200; s: 1 sum=7/);
        const doc = JSON.parse(verifyJson({ stack: "st", patterns: ["root.**"], from: null, to: 1_000_000, seconds: 1, precision: "ms" }, result));
        assert.strictEqual(doc.exitCode, 1);
        assert.deepStrictEqual(doc.differing[1].ranges[0].b.txt, { count: 1, minTime: 1999, maxTime: 1999, sum: null, first: "changed", last: "changed" });
    });

    it("a device or series on one side only, and the limits: devices past the bound reported whole, ranges cut", async () => {
        const b = side([...base(), ["root.db3.only_b", "x", "INT32", 5, 1]]);
        for (let t = 1000; t < 2000; t += 10) b.get("root.db2.d3")!.get("i")!.rows.delete(t);
        b.get("root.db1.d1")!.get("s")!.rows.delete(1000);
        const { result } = await run(side(base()), b, { ...DEFAULT_LIMITS, devices: 2, rangesPerDevice: 2 });
        assert.deepStrictEqual(result.differing.map((v) => [v.device, v.on]), [["root.db1.d1", "both"], ["root.db2.d3", "both"], ["root.db3.only_b", "B only"]]);
        assert.strictEqual(result.notNarrowed, 1);
        assert.deepStrictEqual(result.differing[2].ranges, []);
        const d3 = result.differing[1];
        assert.deepStrictEqual(d3.ranges.map((f) => f.range), [{ from: 1000, to: 1001 }, { from: 1010, to: 1011 }]);
        // Disjoint differing ranges dropped at each level (16 - 2 at the first): a lower bound on the places that differ.
        assert.ok(d3.moreRanges >= 14, String(d3.moreRanges));
        assert.match(verifyText({ stack: "st", patterns: ["root.**"], from: 0, to: 3000, seconds: 1, precision: "ms" }, result),
            new RegExp(`at least ${d3.moreRanges} more differing ranges not shown[^]*1 differing devices past the narrowing limit`));
    });

    it("microsecond pairs: buckets in us, dates read in us; nanoseconds refused naming the key", async () => {
        const b = side(base());
        b.get("root.db2.d3")!.get("i")!.rows.delete(1500);
        const { result, logB } = await run(side(base()), b, DEFAULT_LIMITS, "us");
        assert.deepStrictEqual(result.differing[0].ranges.map((f) => f.range), [{ from: 1500, to: 1501 }]);
        assert.ok(logB.some((l) => / GROUP BY \(\[1000, 2000\), 63us\)$/.test(l)), logB.join("\n"));
        assert.match(verifyText({ stack: "st", patterns: ["root.**"], from: null, to: 1_000_000, seconds: 1, precision: "us" }, result), /to before 1000000 \(1970-01-01T00:00:01\.000Z\)/);
        assert.strictEqual(precisionOf({}), "ms");
        assert.strictEqual(precisionOf({ timestamp_precision: "us" }), "us");
        assert.throws(() => precisionOf({ timestamp_precision: "ns" }), /systemProperties\.timestamp_precision is "ns": verify handles ms and us only/);
    });

    it("arguments: times as ms, ISO or now-N; default end leaves out the lag bound; bad input named", () => {
        const now = Date.parse("2026-12-02T10:00:00Z");
        assert.strictEqual(parseTime("--to", "now-2m", now), now - 120_000);
        assert.strictEqual(parseTime("--to", "2026-12-02T09:00:00Z", now), now - 3_600_000);
        assert.strictEqual(parseTime("--from", "-5", now), -5);
        assert.throws(() => parseTime("--from", "yesterday", now), /--from: "yesterday" is not a time/);
        assert.deepStrictEqual(parseVerifyArgs(["st", "--paths", "root.a.**,root.b.**", "--from", "0", "--json"], now),
            { stack: "st", patterns: ["root.a.**", "root.b.**"], from: 0, to: null, json: true });
        assert.throws(() => parseVerifyArgs(["--json"], now), /usage/);
        assert.throws(() => parseVerifyArgs(["st", "--from", "10", "--to", "5"], now), /--from must be before --to/);
        assert.strictEqual(defaultTo(now, 2), now - 7000);
    });

    it("the side's script: password and statements on the runner's stdin, never its argv; its exit code kept", () => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "verify-unit-"));
        try {
            fs.mkdirSync(path.join(home, "tools/iotdb-sql"), { recursive: true });
            // The fake runner prints its arguments, then its stdin; exits with the code the last line names.
            fs.writeFileSync(path.join(home, "tools/iotdb-sql/iotdb-sql"), "#!/usr/bin/env bash\necho \"args: $*\"\nin=$(cat)\nprintf '%s\\n' \"$in\"\nexit \"${in##*exit }\"\n", { mode: 0o755 });
            const script = verifyQueryScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, timeoutMs: 300_000 });
            const r = spawnSync("bash", ["-c", script], { input: "s3cret\nSELECT count(s) FROM root.db.d1 WHERE time < 5\nexit 1\n", encoding: "utf8" });
            assert.strictEqual(r.status, 1, r.stderr);
            assert.strictEqual(r.stdout, "args: --host iotdb-1 --port 6667 --user root --timeout-ms 300000 --separate\ns3cret\nSELECT count(s) FROM root.db.d1 WHERE time < 5\nexit 1\n");
            assert.ok(!script.includes("s3cret"));
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });
});
