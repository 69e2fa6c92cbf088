import * as assert from "assert";
import { sqlString, createPipeSql, pipeSinkAttributes, pipeSourceAttributes, sqlIdentifier, PipeSpec, alterPasswordSql } from "../../lib/render/sql";

const spec: PipeSpec = { name: "AB", peerNodeUrls: ["iotdb-2:6667"], syncUser: "dualsync", source: {}, sink: {} };

describe("SQL statements", () => {
    it("quotes strings by doubling single quotes and refuses line breaks", () => {
        assert.strictEqual(sqlString("it's"), "'it''s'");
        assert.throws(() => sqlString("a\nb"), /line breaks/);
    });

    it("refuses identifiers that are not plain names", () => {
        for (const bad of ["AB;", "A B", "1A", "__x"]) assert.throws(() => sqlIdentifier(bad));
    });

    it("creates a dual-active pipe as the source document does, never forwarding pipe writes", () => {
        const sql = createPipeSql(spec, "s3cret-pw");
        assert.strictEqual(sql,
            "CREATE PIPE IF NOT EXISTS AB WITH SOURCE ('source.mode.double-living'='true') " +
            "WITH SINK ('sink'='iotdb-thrift-sink', 'sink.node-urls'='iotdb-2:6667', 'sink.username'='dualsync', 'sink.password'='s3cret-pw')");
    });

    it("never sends forwarding-pipe-requests (double-living mode makes it false), whatever the extra attributes say", () => {
        const attrs = pipeSourceAttributes({ ...spec, source: { "source.forwarding-pipe-requests": "true" } });
        assert.deepStrictEqual(attrs, { "source.mode.double-living": "true" });
    });

    it("leaves the password out of the attributes shown in plans", () => {
        assert.ok(!JSON.stringify(pipeSinkAttributes(spec)).includes("password"));
    });

    it("sets passwords with a quoted literal", () => {
        assert.strictEqual(alterPasswordSql("root", "a'b"), "ALTER USER root SET PASSWORD 'a''b'");
    });
});
