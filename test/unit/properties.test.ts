import * as assert from "assert";

import {
    changedFixedKeys,
    DEFAULT_PORTS,
    DIRECTORY_KEYS,
    FIXED_AT_FIRST_START_KEYS,
    parseSystemProperties,
    PropertiesError,
    renderSystemProperties,
    SystemPropertiesSettings,
} from "../../lib/render/properties";

const base: SystemPropertiesSettings = {
    clusterName: "sideA",
    internalAddress: "10.213.7.11",
    rpcAddress: "10.213.7.11",
    dataDir: "/var/lib/iotdb",
};

describe("renderSystemProperties", () => {
    it("renders every node address, port and seed with IoTDB's defaults", () => {
        const p = parseSystemProperties(renderSystemProperties(base));
        assert.strictEqual(p.get("cluster_name"), "sideA");
        assert.strictEqual(p.get("cn_seed_config_node"), "10.213.7.11:10710");
        assert.strictEqual(p.get("dn_seed_config_node"), "10.213.7.11:10710");
        assert.strictEqual(p.get("cn_internal_address"), "10.213.7.11");
        assert.strictEqual(p.get("dn_internal_address"), "10.213.7.11");
        assert.strictEqual(p.get("dn_rpc_address"), "10.213.7.11");
        assert.strictEqual(p.get("cn_internal_port"), "10710");
        assert.strictEqual(p.get("cn_consensus_port"), "10720");
        assert.strictEqual(p.get("dn_rpc_port"), "6667");
        assert.strictEqual(p.get("dn_internal_port"), "10730");
        assert.strictEqual(p.get("dn_mpp_data_exchange_port"), "10740");
        assert.strictEqual(p.get("dn_schema_region_consensus_port"), "10750");
        assert.strictEqual(p.get("dn_data_region_consensus_port"), "10760");
        assert.deepStrictEqual(DEFAULT_PORTS, {
            cnInternal: 10710,
            cnConsensus: 10720,
            dnRpc: 6667,
            dnInternal: 10730,
            dnMpp: 10740,
            dnSchemaConsensus: 10750,
            dnDataConsensus: 10760,
        });
    });

    it("puts every directory key of both nodes under dataDir", () => {
        const p = parseSystemProperties(renderSystemProperties({ ...base, dataDir: "/data/iotdb/" }));
        const expected = [
            "cn_system_dir",
            "cn_consensus_dir",
            "cn_pipe_receiver_file_dir",
            "dn_system_dir",
            "dn_data_dirs",
            "dn_consensus_dir",
            "dn_wal_dirs",
            "dn_tracing_dir",
            "dn_sync_dir",
            "sort_tmp_dir",
            "dn_pipe_receiver_file_dirs",
            "iot_consensus_v2_receiver_file_dirs",
            "iot_consensus_v2_deletion_file_dir",
            "udf_lib_dir",
            "trigger_lib_dir",
            "pipe_lib_dir",
            "load_active_listening_dirs",
            "load_active_listening_fail_dir",
        ];
        assert.deepStrictEqual(DIRECTORY_KEYS.map(([k]) => k), expected);
        for (const k of expected) {
            const v = p.get(k);
            assert.ok(v && v.startsWith("/data/iotdb/") && !v.includes("//"), `${k}=${v}`);
        }
        assert.strictEqual(p.get("dn_data_dirs"), "/data/iotdb/datanode/data");
        assert.strictEqual(p.get("cn_consensus_dir"), "/data/iotdb/confignode/consensus");
        // No key ending in _dir/_dirs outside dataDir.
        for (const [k, v] of p) {
            if (/_dirs?$/.test(k)) assert.ok(v.startsWith("/data/iotdb/"), `${k}=${v}`);
        }
    });

    it("honours port overrides and an explicit seed", () => {
        const p = parseSystemProperties(
            renderSystemProperties({
                ...base,
                seedConfigNode: "cn.example:20710",
                ports: { dnRpc: 16667, cnInternal: 20710 },
            }),
        );
        assert.strictEqual(p.get("dn_rpc_port"), "16667");
        assert.strictEqual(p.get("cn_internal_port"), "20710");
        assert.strictEqual(p.get("cn_consensus_port"), "10720");
        assert.strictEqual(p.get("cn_seed_config_node"), "cn.example:20710");
    });

    it("is deterministic and appends extra keys last, in key order", () => {
        const a = renderSystemProperties({ ...base, extra: { z_key: "1", a_key: "2", "pipe.x-y": "3" } });
        const b = renderSystemProperties({ ...base, extra: { "pipe.x-y": "3", a_key: "2", z_key: "1" } });
        assert.strictEqual(a, b);
        assert.ok(a.endsWith("a_key=2\npipe.x-y=3\nz_key=1\n"), a.slice(-80));
        assert.ok(a.indexOf("a_key=2") > a.indexOf("load_active_listening_fail_dir="));
        // Comments and groups, no duplicate keys.
        assert.ok(a.includes("### Directories"));
        const keys = a.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("=")[0]);
        assert.strictEqual(new Set(keys).size, keys.length);
    });

    const badValues = ["a\nb", "a\rb", "a\tb", "a\\b", " lead", "trail ", "nul\0", "ünï"];
    for (const bad of badValues) {
        it(`rejects the extra value ${JSON.stringify(bad)}`, () => {
            assert.throws(() => renderSystemProperties({ ...base, extra: { some_key: bad } }), PropertiesError);
        });
    }

    it("rejects invalid keys, hosts, ports, paths and repeated keys", () => {
        const bad: Array<Partial<SystemPropertiesSettings>> = [
            { extra: { "bad key": "1" } },
            { extra: { "a=b": "1" } },
            { extra: { "": "1" } },
            { extra: { dn_rpc_port: "1" } },
            { extra: { dn_data_dirs: "/elsewhere" } },
            { clusterName: "bad name" },
            { clusterName: "x\ny" },
            { clusterName: "" },
            { internalAddress: "10.0.0.1\ncn_internal_port=1" },
            { internalAddress: "host;rm" },
            { internalAddress: "" },
            { rpcAddress: "a b" },
            { seedConfigNode: "nohost" },
            { seedConfigNode: "h:99999" },
            { seedConfigNode: "h:1\nx=y" },
            { ports: { dnRpc: 0 } },
            { ports: { dnRpc: 70000 } },
            { ports: { dnRpc: 1.5 } },
            { ports: { dnRpc: 10710 } },
            { ports: { bogus: 1 } as never },
            { dataDir: "relative/dir" },
            { dataDir: "/" },
            { dataDir: "/a b" },
            { dataDir: "/a,b" },
            { dataDir: "/a/../b" },
            { dataDir: "/a\nb" },
            { dataDir: "/a'b" },
        ];
        for (const b of bad) {
            assert.throws(
                () => renderSystemProperties({ ...base, ...b }),
                PropertiesError,
                `should reject ${JSON.stringify(b)}`,
            );
        }
    });

    it("every rendered line is a comment, blank or key=value", () => {
        const text = renderSystemProperties({ ...base, extra: { timestamp_precision: "ms" } });
        for (const line of text.split("\n")) {
            assert.ok(line === "" || line.startsWith("#") || /^[A-Za-z0-9_.-]+=[\x20-\x7e]*$/.test(line), line);
        }
    });
});

describe("FIXED_AT_FIRST_START_KEYS", () => {
    it("lists the seeds, internal addresses/ports, consensus, replication and partition keys", () => {
        for (const k of [
            "cn_seed_config_node",
            "dn_seed_config_node",
            "cn_internal_address",
            "cn_internal_port",
            "cn_consensus_port",
            "dn_internal_address",
            "dn_internal_port",
            "dn_mpp_data_exchange_port",
            "dn_schema_region_consensus_port",
            "dn_data_region_consensus_port",
            "config_node_consensus_protocol_class",
            "schema_region_consensus_protocol_class",
            "data_region_consensus_protocol_class",
            "schema_replication_factor",
            "data_replication_factor",
            "series_slot_num",
            "time_partition_interval",
            "timestamp_precision",
            "schema_engine_mode",
        ]) {
            assert.ok(FIXED_AT_FIRST_START_KEYS.includes(k), k);
        }
        assert.ok(!FIXED_AT_FIRST_START_KEYS.includes("dn_rpc_port"));
        assert.ok(!FIXED_AT_FIRST_START_KEYS.includes("cluster_name"));
        assert.ok(Object.isFrozen(FIXED_AT_FIRST_START_KEYS));
    });

    it("changedFixedKeys reports a changed internal address but not a changed rpc port", () => {
        const a = renderSystemProperties(base);
        assert.deepStrictEqual(changedFixedKeys(a, renderSystemProperties({ ...base, ports: { dnRpc: 6668 } })), []);
        assert.deepStrictEqual(
            changedFixedKeys(a, renderSystemProperties({ ...base, internalAddress: "10.213.7.12" })).sort(),
            [
                "cn_internal_address",
                "cn_seed_config_node",
                "dn_internal_address",
                "dn_seed_config_node",
            ],
        );
    });
});
