// The program's resource graph, with Pulumi's mocks (no engine, no host): what depends on what, and
// where secrets travel. The real engine runs the same program in test/integration/pair.test.ts.
import * as assert from "assert";
import { writeFakeCache } from "../fixtures/fakeCache";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

interface Registered {
    type: string;
    name: string;
    urn: string;
    inputs: any;
    dependencies: string[];
}

const ADMIN = "Adm1n-secret-value-xyz";
const SYNC = "Sync-secret-value-xyz";
const ADMIN_B = "Adm1n-secret-value-bbb";
const SYNC_B = "Sync-secret-value-bbb";
const KEY_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "iotdb-da-key-"));
const KEY_PATH = path.join(KEY_DIR, "id_test");

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotdb-da-unit-"));

describe("program (mocked engine)", function () {
    this.timeout(60000);
    const registered: Registered[] = [];
    const byName = (n: string) => {
        const r = registered.find((x) => x.name === n);
        assert.ok(r, `no resource ${n}; have ${registered.map((x) => x.name).join(", ")}`);
        return r!;
    };
    // Every resource a resource depends on, directly or through the resources it depends on.
    const closure = (r: Registered): Set<string> => {
        const seen = new Set<string>();
        const walk = (urns: string[]) => {
            for (const u of urns) {
                if (seen.has(u)) continue;
                seen.add(u);
                const next = registered.find((x) => x.urn === u);
                if (next) walk(next.dependencies);
            }
        };
        walk(r.dependencies);
        return seen;
    };

    before(async () => {
        const cache = cacheDir;
        writeFakeCache(cache);
        const savedCache = process.env.IOTDB_DA_CACHE;
        process.env.IOTDB_DA_CACHE = cache;

        await pulumi.runtime.setMocks({
            newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, stdout: "RUNNING\n" } }),
            call: (args) => args.inputs,
        }, "iotdb-dual-active", "unit", false);
        // Record each registration with the dependencies the SDK sends the engine.
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, callback: any) => original(req, (err: any, res: any) => {
            if (res) {
                registered.push({
                    type: req.getType(), name: req.getName(), urn: res.getUrn(),
                    inputs: req.getObject()?.toJavaScript() ?? {}, dependencies: req.getDependenciesList(),
                });
            }
            callback(err, res);
        });
        const ns = "iotdb-dual-active";
        pulumi.runtime.setAllConfig({
            // Side A is a cluster (a seed with both roles, a second ConfigNode, a DataNode alone), side B a standalone node.
            [`${ns}:sideA`]: JSON.stringify({ clusterName: "a", owns: ["root.site_a.**"], replication: { data: 2 }, nodes: [
                { hostname: "iotdb-1", address: "10.213.7.11" },
                { hostname: "iotdb-5", address: "10.213.7.15", roles: ["confignode"] },
                { hostname: "iotdb-3", address: "10.213.7.13", roles: ["datanode"] },
            ] }),
            [`${ns}:sideB`]: JSON.stringify({ clusterName: "b", owns: ["root.site_b.**"], nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }] }),
            [`${ns}:ssh`]: JSON.stringify({ user: "root", privateKeyPath: KEY_PATH }),
            [`${ns}:purgeDataOnDestroy`]: "true",
            [`${ns}:rollingRestarts`]: "true",
            [`${ns}:adminPassword`]: ADMIN,
            [`${ns}:syncPassword`]: SYNC,
            [`${ns}:adminPasswordB`]: ADMIN_B,
            [`${ns}:syncPasswordB`]: SYNC_B,
        }, [`${ns}:adminPassword`, `${ns}:syncPassword`, `${ns}:adminPasswordB`, `${ns}:syncPasswordB`]);

        fs.writeFileSync(KEY_PATH, "a key file the program must only name, never read\n", { mode: 0o600 });
        try {
            await import("../../index");
        } finally {
            // The program read it at import; the integration tests in this process need the real one.
            if (savedCache === undefined) delete process.env.IOTDB_DA_CACHE; else process.env.IOTDB_DA_CACHE = savedCache;
        }
        // Let the registrations the program started finish.
        for (let i = 0; i < 50 && registered.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 1500));
    });

    after(() => {
        fs.rmSync(KEY_DIR, { recursive: true, force: true });
        fs.rmSync(cacheDir, { recursive: true, force: true });
    });

    it("registers the components the pair is made of", () => {
        const types = new Set(registered.map((r) => r.type));
        for (const t of ["iotdb:index:DualActivePair", "iotdb:index:IotdbNode", "iotdb:index:HostsEntry", "iotdb:index:Pipe", "iotdb:index:SideCredentials"]) {
            assert.ok(types.has(t), `no ${t}`);
        }
        assert.strictEqual(registered.filter((r) => r.type === "iotdb:index:HostsEntry").length, 4);
    });

    it("makes each pipe depend on both sides being up", () => {
        for (const pipe of ["dual-pipe-ab-pipe", "dual-pipe-ba-pipe"]) {
            const deps = closure(byName(pipe));
            for (const side of ["dual-a-credentials-users", "dual-b-credentials-users", "dual-a-iotdb-1-datanode", "dual-a-iotdb-3-datanode", "dual-b-iotdb-2-datanode"]) {
                assert.ok(deps.has(byName(side).urn), `${pipe} does not depend on ${side}`);
            }
        }
    });

    it("resumes each pipe after its creation whenever a DataNode of either side started (its triggers)", () => {
        for (const pipe of ["dual-pipe-ab", "dual-pipe-ba"]) {
            const resume = byName(`${pipe}-resume`);
            assert.ok(closure(resume).has(byName(`${pipe}-pipe`).urn), `${pipe}-resume does not follow the pipe`);
            assert.match(String(resume.inputs.create), /START PIPE/);
            assert.strictEqual((resume.inputs.triggers as unknown[]).length, 3, "one trigger per DataNode of both sides (2 on A, 1 on B)");
        }
    });

    it("provisions the two sides independently of each other", () => {
        const urnsOf = (prefix: string) => new Set(registered.filter((r) => r.name.startsWith(prefix)).map((r) => r.urn));
        const a = urnsOf("dual-a-");
        const b = urnsOf("dual-b-");
        for (const r of registered) {
            const deps = closure(r);
            if (a.has(r.urn)) assert.ok(![...deps].some((u) => b.has(u)), `${r.name} (side A) depends on side B`);
            if (b.has(r.urn)) assert.ok(![...deps].some((u) => a.has(u)), `${r.name} (side B) depends on side A`);
        }
    });

    it("rolls restarts: every service of side B waits behind dual-rollout, no service of side A does; A's last DataNode records A's ticket", () => {
        const gate = byName("dual-rollout");
        assert.match(String(gate.inputs.ticket), /^[0-9a-f]{16}$/);
        assert.match(String(gate.inputs.aCheck), /^TAG='iotdb-rollout-gate-a'$/m);
        assert.match(String(gate.inputs.aCheck), new RegExp(`^ticket='${gate.inputs.ticket}'$`, "m"));
        assert.strictEqual(gate.inputs.aConnection.host, "10.213.7.13", "A's look runs where A's ticket is journaled");
        assert.match(String(gate.inputs.bCheck), /^TAG='iotdb-rollout-gate-b'$/m);
        assert.match(String(gate.inputs.bCheck), /^sql_host='iotdb-2'$/m);
        assert.strictEqual(gate.inputs.bConnection.host, "10.213.7.12", "B's look runs on B");
        assert.deepStrictEqual((gate.inputs.watch as { host: string; connection: { host: string } }[]).map((w) => [w.host, w.connection.host]),
            [["iotdb-1", "10.213.7.11"], ["iotdb-5", "10.213.7.15"], ["iotdb-3", "10.213.7.13"]], "every machine A keeps is watched");
        for (const r of registered.filter((x) => /^dual-[ab]-.*-(confignode|datanode)$/.test(x.name))) {
            assert.strictEqual(closure(r).has(gate.urn), r.name.startsWith("dual-b-"), `${r.name} and the gate`);
        }
        const recorders = registered.filter((r) => /-(confignode|datanode)$/.test(r.name) && String(r.inputs.create).includes(`rollout ${gate.inputs.ticket}`));
        assert.deepStrictEqual(recorders.map((r) => r.name), ["dual-a-iotdb-3-datanode"]);
    });

    it("records each node's installed version, and whether it is one of several on its side (a version change of those is refused)", () => {
        const recorded = (n: string) => byName(`${n}-install`).inputs.installedVersion;
        assert.deepStrictEqual(recorded("dual-b-iotdb-2"), { node: "iotdb-2", version: "2.0.10", sideOfSeveral: false });
        // Side A's seed cannot tell it is one of several; its other nodes can (lib/plan/upgrade.ts).
        assert.deepStrictEqual(recorded("dual-a-iotdb-1"), { node: "iotdb-1", version: "2.0.10", sideOfSeveral: false });
        for (const n of ["iotdb-5", "iotdb-3"]) assert.deepStrictEqual(recorded(`dual-a-${n}`), { node: n, version: "2.0.10", sideOfSeveral: true });
    });

    it("installs the host tools from their own archive after IoTDB on every machine, before its services; again whenever IoTDB is", () => {
        for (const m of ["a-iotdb-1", "a-iotdb-5", "a-iotdb-3", "b-iotdb-2"]) {
            const tools = byName(`dual-${m}-host-tools`);
            const deps = closure(tools);
            assert.ok(deps.has(byName(`dual-${m}-install`).urn) && deps.has(byName(`dual-${m}-host-tools-archive`).urn), m);
            assert.match(byName(`dual-${m}-host-tools-archive`).inputs.remotePath, /^\/opt\/iotdb\/dist\/iotdb-dual-active-host-tools-2\.0\.10\.tar\.gz$/);
            assert.strictEqual(byName(`dual-${m}-host-tools-archive`).inputs.sha256, "b".repeat(64));
            assert.strictEqual(tools.inputs.triggers.length, 1, "the install script's digest");
            for (const svc of registered.filter((r) => r.name === `dual-${m}-confignode` || r.name === `dual-${m}-datanode`)) {
                assert.ok(closure(svc).has(tools.urn), `${svc.name} does not wait for the host tools`);
            }
        }
    });

    it("starts a node only after its machine's hosts entry", () => {
        assert.ok(closure(byName("dual-a-iotdb-1-confignode")).has(byName("dual-hosts-iotdb-1-hosts").urn));
        assert.ok(closure(byName("dual-a-iotdb-3-datanode")).has(byName("dual-hosts-iotdb-3-hosts").urn));
    });

    it("claims each machine's data directory before its services start (so destroy deletes it after them)", () => {
        for (const m of ["a-iotdb-1", "a-iotdb-5", "a-iotdb-3", "b-iotdb-2"]) {
            const data = byName(`dual-${m}-data`);
            const services = registered.filter((r) => r.name === `dual-${m}-confignode` || r.name === `dual-${m}-datanode`);
            assert.ok(services.length > 0);
            for (const svc of services) assert.ok(closure(svc).has(data.urn), `${svc.name} does not wait for ${data.name}`);
            assert.strictEqual(data.inputs.neverReplace, true);
            assert.match(data.inputs.create, new RegExp(`^want='owner=iotdb-dual-active/unit\nhostname=${m.slice(2)}\ndataDir=/var/lib/iotdb'$`, "m"));
        }
    });

    it("purges only through the data directory's resource, whose inputs hold nothing a replacement of the node changes", () => {
        for (const r of registered.filter((x) => /-(confignode|datanode)$/.test(x.name))) {
            assert.doesNotMatch(String(r.inputs.delete), /rm -rf|iotdb-data-purge/, `${r.name} deletes data`);
        }
        const data = byName("dual-b-iotdb-2-data");
        assert.match(data.inputs.delete, /^TAG='iotdb-data-purge'$/m);
        // Memory, properties, version and ports are not among its inputs: changing them never deletes it.
        const { __provider: _code, ...inputs } = data.inputs;
        const text = JSON.stringify(inputs);
        for (const absent of ["MEMORY_SIZE", "2.0.10", "6667", "10710", "cluster_name", "triggers"]) {
            assert.ok(!text.includes(absent), `the data resource's inputs mention ${absent}`);
        }
    });

    it("starts a cluster side as IoTDB's tooling does: seed ConfigNode, other ConfigNodes, then DataNodes one by one", () => {
        const dependsOn = (r: string, on: string) => closure(byName(r)).has(byName(on).urn);
        assert.ok(dependsOn("dual-a-iotdb-5-confignode", "dual-a-iotdb-1-confignode"), "second ConfigNode before the seed");
        assert.ok(dependsOn("dual-a-iotdb-1-datanode", "dual-a-iotdb-5-confignode"), "a DataNode before every ConfigNode");
        assert.ok(dependsOn("dual-a-iotdb-3-datanode", "dual-a-iotdb-1-datanode"), "DataNodes not one by one");
        assert.ok(!dependsOn("dual-a-iotdb-1-confignode", "dual-a-iotdb-5-confignode"), "the seed waits for another ConfigNode");
        assert.ok(!registered.some((r) => r.name === "dual-a-iotdb-5-datanode" || r.name === "dual-a-iotdb-3-confignode"), "a role nobody asked for");
        // Destroy runs the graph backwards: pipes, then DataNodes, then ConfigNodes.
        assert.ok(dependsOn("dual-pipe-ba-pipe", "dual-a-iotdb-3-datanode"));
    });

    it("renders the side's replication factor, with the seed ConfigNode of the side on every machine", () => {
        for (const m of ["iotdb-1", "iotdb-5", "iotdb-3"]) {
            const create = String(byName(`dual-a-${m}-configure`).inputs.create);
            assert.match(create, /data_replication_factor=2/);
            assert.match(create, /dn_seed_config_node=iotdb-1:10710/);
        }
        assert.doesNotMatch(String(byName("dual-b-iotdb-2-configure").inputs.create), /replication_factor/);
        for (const m of ["dual-b-iotdb-2", "dual-a-iotdb-1"]) {
            const create = String(byName(`${m}-configure`).inputs.create);
            assert.match(create, /pipe_max_reader_chunk_size=1048576/, "every side parses the TsFiles it sends into tablets");
            assert.match(create, /wal_buffer_size_in_byte=4194304/, "regions' direct buffers sized for replication.databases");
        }
    });

    it("sends pipe BA to every DataNode of the cluster side, and runs side A's SQL on a DataNode", () => {
        assert.match(JSON.stringify(byName("dual-pipe-ba-pipe").inputs.stdin), /'sink.node-urls'='iotdb-1:6667,iotdb-3:6667'/);
        assert.match(JSON.stringify(byName("dual-pipe-ba-pipe").inputs.stdin), /'sink.batch.enable'='false'/, "towards a replicated side, one tablet at a time");
        assert.match(JSON.stringify(byName("dual-pipe-ba-pipe").inputs.stdin), /'source.pattern.inclusion'='root.site_b.\*\*,root.__dual_active_canary.b.\*\*'/, "BA carries what side B owns and B's canary");
        assert.match(JSON.stringify(byName("dual-pipe-ba-pipe").inputs.stdin), /'sink.format'='tablet'/, "history as tablets too");
        assert.doesNotMatch(JSON.stringify(byName("dual-pipe-ab-pipe").inputs.stdin), /batch.enable/, "towards a standalone side, batches");
        assert.match(JSON.stringify(byName("dual-pipe-ab-pipe").inputs.stdin), /'sink.format'='tablet'/, "towards a standalone side, history as tablets");
        assert.strictEqual(byName("dual-a-credentials-users").inputs.connection.host, "10.213.7.11");
    });

    it("never puts a secret into a script or a command, only on stdin", () => {
        const scripts = registered.filter((r) => r.type.endsWith("RemoteScript"));
        assert.ok(scripts.length >= 8, `only ${scripts.length} scripts`);
        for (const r of scripts) {
            const text = JSON.stringify([r.inputs.create, r.inputs.update, r.inputs.delete, r.inputs.step, r.inputs.triggers]);
            for (const secret of [ADMIN, SYNC, ADMIN_B, SYNC_B]) assert.ok(!text.includes(secret), `${r.name} has a secret in its script`);
        }
        const pipeStdin = JSON.stringify(byName("dual-pipe-ab-pipe").inputs.stdin);
        assert.ok(pipeStdin.includes(SYNC_B) && pipeStdin.includes(ADMIN), "the pipe's secrets are not on its stdin");
    });

    it("gives each side only its own passwords; each sync user writes only what the other side owns", () => {
        const stdin = (name: string) => JSON.stringify(byName(name).inputs.stdin);
        // name, the secrets it gets, the secrets it must not get
        const cases: [string, string[], string[]][] = [
            ["dual-pipe-ab-pipe", [ADMIN, SYNC_B], [ADMIN_B, SYNC]],
            ["dual-pipe-ba-pipe", [ADMIN_B, SYNC], [ADMIN, SYNC_B]],
            ["dual-a-credentials-users", [ADMIN, SYNC], [ADMIN_B, SYNC_B]],
            ["dual-b-credentials-users", [ADMIN_B, SYNC_B], [ADMIN, SYNC]],
            ["dual-a-iotdb-3-datanode", [ADMIN], [ADMIN_B]],
            ["dual-b-iotdb-2-datanode", [ADMIN_B], [ADMIN]],
        ];
        // The rollout gate looks at A with A's root password on A's machine, at B with B's on B's.
        const gate = byName("dual-rollout").inputs;
        for (const [input, has, lacks] of [[gate.aStdin, ADMIN, ADMIN_B], [gate.bStdin, ADMIN_B, ADMIN]]) {
            assert.ok(JSON.stringify(input).includes(has), "the gate lacks a side's own password");
            assert.ok(!JSON.stringify(input).includes(lacks), "the gate's look at one side gets the other side's password");
        }
        assert.deepStrictEqual(Object.keys(gate).filter((k) => JSON.stringify(gate[k]).includes(ADMIN_B)), ["bStdin"], "only B's look gets B's password");
        for (const [name, has, lacks] of cases) {
            for (const s of has) assert.ok(stdin(name).includes(s), `${name} lacks a password it needs`);
            for (const s of lacks) assert.ok(!stdin(name).includes(s), `${name} gets the other side's password`);
        }
        const a = String(byName("dual-a-credentials-users").inputs.create);
        assert.match(a, /'GRANT WRITE_DATA, WRITE_SCHEMA ON root\.site_b\.\*\* TO USER dualsync'/);
        // B's canary device too: pipe BA carries B's heartbeats (lib/plan/canary.ts).
        assert.match(a, /'GRANT WRITE_DATA, WRITE_SCHEMA ON root\.__dual_active_canary\.b\.\*\* TO USER dualsync'/);
        assert.match(a, /'GRANT SYSTEM ON root\.\*\* TO USER dualsync'/);
        // The peer's databases and the canary's, created ahead by root (lib/plan/syncAccess.ts).
        assert.match(a, /database_sqls=\('CREATE DATABASE root\.site_b' 'CREATE DATABASE root\.__dual_active_canary'\)/);
        // The sync user: nothing on A's own paths (its canary device included), no path privilege on root.**, no SECURITY (users, roles, grants).
        assert.doesNotMatch(a, /'[^'\n]*(SECURITY|root\.site_a|__dual_active_canary\.a|WRITE[A-Z_, ]* ON root\.\*\*)[^'\n]* TO USER dualsync'/);
        // The flusher's user: A's heartbeat device and SYSTEM (FLUSH), nothing else (lib/plan/flusherAccess.ts).
        assert.match(a, /flusher_grant_sqls=\('GRANT WRITE_DATA, WRITE_SCHEMA ON root\.__dual_active_canary\.a\.\*\* TO USER dual_active_flusher' 'GRANT SYSTEM ON root\.\*\* TO USER dual_active_flusher'\)\n/);
        assert.doesNotMatch(a, /SECURITY|MANAGE_/);
        assert.match(String(byName("dual-b-credentials-users").inputs.create), /'GRANT WRITE_DATA, WRITE_SCHEMA ON root\.site_a\.\*\* TO USER dualsync'/);
        assert.match(String(byName("dual-b-credentials-users").inputs.create), /'GRANT WRITE_DATA, WRITE_SCHEMA ON root\.__dual_active_canary\.a\.\*\* TO USER dualsync'/);
    });

    it("passes the SSH key by path, never its content", () => {
        for (const r of registered.filter((x) => x.inputs.connection)) {
            assert.strictEqual(r.inputs.connection.privateKeyPath, KEY_PATH);
            assert.strictEqual(r.inputs.connection.privateKey, undefined);
        }
    });

    it("renders hostname-based internal addresses and a per-side cluster name", () => {
        const create = String(byName("dual-b-iotdb-2-configure").inputs.create);
        assert.match(create, /dn_internal_address=iotdb-2/);
        assert.match(create, /cn_internal_address=iotdb-2/);
        assert.match(create, /cluster_name=b/);
        assert.match(create, /dn_rpc_address=iotdb-2/);
    });

    it("sends pipe AB to side B's hostname and RPC port", () => {
        const stdin = JSON.stringify(byName("dual-pipe-ab-pipe").inputs.stdin);
        assert.match(stdin, /'sink.node-urls'='iotdb-2:6667'/);
        assert.match(stdin, /WITH SOURCE \('source.mode.double-living'='true', 'source.pattern.inclusion'='root.site_a.\*\*,root.__dual_active_canary.a.\*\*', 'source.inclusion'='data', 'source.realtime.mode'='file'\)/);
    });
});
