// The components as a Pulumi component package (component-package/), for programs in other languages,
// with the pinned CLI. The standard form (a directory with PulumiPlugin.yaml, runtime nodejs) needs the
// Node.js language host's RunPlugin, which this toolchain's host (built from sdk v3.68.0) does not
// have: the first test pins that refusal. The same provider started as an executable plugin
// (component-package/pulumi-resource-iotdb) serves the schema and constructs components for any SDK.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { makeWorkspace, openStack, runPulumi, REPO_ROOT, Workspace } from "./pulumiHarness";
import { guardEnv, readGuard } from "./netGuardLog";
import { CONFIG_KEYS } from "../../lib/config/pairConfig";

const PACKAGE = path.join(REPO_ROOT, "component-package");
const LAUNCHER = path.join(PACKAGE, "pulumi-resource-iotdb");

interface Schema {
    name: string;
    version: string;
    resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, { description?: string; secret?: boolean }>; properties: Record<string, unknown> }>;
}

/** A TypeScript program in `ws` (its Pulumi.yaml, package.json, tsconfig.json and this index.ts). */
function writeProgram(ws: Workspace, indexTs: string): void {
    ws.writeFile("Pulumi.yaml", "name: component-package-user\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
    ws.writeFile("package.json", JSON.stringify({ name: "component-package-user", private: true }));
    ws.writeFile("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", esModuleInterop: true } }));
    ws.writeFile("index.ts", indexTs);
}

/** A distribution tarball where DualActivePair's `distribution.localPath` finds it (a preview only names it). */
function fakeTarball(ws: Workspace): string {
    const tarball = path.join(ws.dir, "dist", "apache-iotdb-2.0.10-bin.tar.gz");
    fs.mkdirSync(path.dirname(tarball), { recursive: true });
    fs.writeFileSync(tarball, "not a real archive");
    fs.writeFileSync(`${tarball}.sha256`, "a".repeat(64) + "  apache-iotdb-2.0.10-bin.tar.gz\n");
    return tarball;
}

/** A program that registers DualActivePair as every SDK does (remote), with the keys a stack of the project holds. */
function pairProgram(p: { key: string; tarball: string; ownsB: string }): string {
    return `import * as pulumi from "@pulumi/pulumi";
class DualActivePair extends pulumi.ComponentResource {
    declare public readonly endpoints: pulumi.Output<unknown>;
    declare public readonly pipes: pulumi.Output<unknown>;
    constructor(name: string, args: Record<string, unknown>, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:DualActivePair", name, { ...args, endpoints: undefined, pipes: undefined }, opts, true);
    }
}
const pair = new DualActivePair("pair", {
    sideA: { clusterName: "a", owns: ["root.site_a.**"], nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }] },
    sideB: { clusterName: "b", owns: [${JSON.stringify(p.ownsB)}], nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }] },
    ssh: { privateKeyPath: ${JSON.stringify(p.key)} },
    memory: { datanode: "2G" },
    replication: { databases: 4 },
    distribution: { localPath: ${JSON.stringify(p.tarball)} },
    adminPassword: pulumi.secret("Adm1n-remote_pw"),
    adminPasswordB: pulumi.secret("Adm1n-remote_pwB"),
    syncPassword: pulumi.secret("Sync-remote_pw9"),
    syncPasswordB: pulumi.secret("Sync-remote_pwB"),
    owner: "component-package-user/pair",
});
export const endpoints = pair.endpoints;
`;
}

/** `pulumi preview --json` of a new stack, the provider found on PATH, every connection logged by the guard. */
async function preview(ws: Workspace, stack: string): Promise<{ r: ReturnType<typeof runPulumi>; guardLog: string }> {
    const guardLog = path.join(ws.dir, `netguard-${stack}.log`);
    // The engine finds pulumi-resource-iotdb on PATH (no plugin download here).
    Object.assign(ws.envVars, { PATH: `${PACKAGE}:${ws.envVars.PATH.split(":").filter((d) => d !== PACKAGE).join(":")}`, ...guardEnv(guardLog) });
    await openStack(ws, stack);
    return { r: runPulumi(ws, ["preview", "--json", "--stack", stack]), guardLog };
}

/** The component provider and the dynamic provider ran, and nothing connected out. */
function assertNoConnectionOut(guardLog: string): void {
    const { loaded, allowed, blocked } = readGuard(guardLog);
    assert.ok(loaded.includes(path.join(fs.realpathSync(PACKAGE), "index.ts")), `the component provider did not run: ${loaded.join(", ")}`);
    assert.ok(loaded.some((l) => /dynamic-provider/.test(l)), `the dynamic provider did not run: ${loaded.join(", ")}`);
    assert.ok(allowed.length > 0, "the guard saw no connection at all (not even to the engine): it proves nothing");
    assert.deepStrictEqual(blocked, [], "the preview tried to connect out");
}

describe("component package: the components for programs in other languages", function () {
    this.timeout(300_000);
    let ws: Workspace;

    before(() => {
        ws = makeWorkspace("component-package", {});
    });
    after(() => ws?.cleanup());

    it("`pulumi package get-schema <dir>` (PulumiPlugin.yaml, runtime nodejs) is refused by this toolchain's language host: RunPlugin not supported", () => {
        // A copy: the CLI first has the language host run `npm install` in the directory.
        const dir = path.join(ws.dir, "as-directory");
        fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
        for (const f of ["PulumiPlugin.yaml", "package.json", "index.ts"]) fs.copyFileSync(path.join(PACKAGE, f), path.join(dir, f));
        const r = runPulumi(ws, ["package", "get-schema", dir]);
        assert.notStrictEqual(r.code, 0, "get-schema of the directory worked: the language host runs plugins now, so test the directory form instead");
        assert.match(r.stderr, /could not read plugin \[.*as-directory\]: not supported/, r.stderr);
    });

    it("`pulumi package get-schema` of the executable plugin: package iotdb, each listed component with its Args as inputs", () => {
        const r = runPulumi(ws, ["package", "get-schema", LAUNCHER]);
        assert.strictEqual(r.code, 0, r.stderr);
        const schema = JSON.parse(r.stdout) as Schema;
        assert.strictEqual(schema.name, "iotdb");
        assert.strictEqual(schema.version, JSON.parse(fs.readFileSync(path.join(PACKAGE, "package.json"), "utf8")).version);
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["iotdb:index:DualActivePair", "iotdb:index:HostsEntry", "iotdb:index:IotdbNode", "iotdb:index:Pipe", "iotdb:index:SideCredentials"]);
        const hosts = schema.resources["iotdb:index:HostsEntry"];
        assert.strictEqual(hosts.isComponent, true);
        assert.deepStrictEqual(Object.keys(hosts.inputProperties).sort(), ["connection", "entries", "owner"]);
        assert.match(String(hosts.inputProperties.owner.description), /^Owner written in the marker of each line/, "the Args' TSDoc is not the schema's description");
        assert.deepStrictEqual(Object.keys(hosts.properties), ["ready"]);
        const credentials = schema.resources["iotdb:index:SideCredentials"];
        assert.deepStrictEqual(Object.keys(credentials.inputProperties).sort(), ["access", "adminPassword", "connection", "flusherPaths", "syncPassword", "syncUser", "target"]);
    });

    it("`get-schema` lists DualActivePair with the stack config's keys as inputs, IotdbNode and Pipe with their Args", () => {
        const r = runPulumi(ws, ["package", "get-schema", LAUNCHER]);
        assert.strictEqual(r.code, 0, r.stderr);
        const schema = JSON.parse(r.stdout) as Schema & { types: Record<string, { properties: Record<string, { description?: string }> }> };
        const pair = schema.resources["iotdb:index:DualActivePair"];
        assert.strictEqual(pair.isComponent, true);
        assert.deepStrictEqual(Object.keys(pair.inputProperties).sort(), [...CONFIG_KEYS, "owner"].sort(), "not the stack config's keys");
        assert.deepStrictEqual(Object.keys(pair.properties).sort(), ["adminPassword", "adminPasswordB", "endpoints", "pipes", "scrapeTargets", "syncPassword", "syncPasswordB", "syncUser"]);
        assert.match(String(schema.types["iotdb:index:PairNodeArgs"].properties.roles.description), /confignode/, "the Args' TSDoc is not the schema's description");
        assert.deepStrictEqual(Object.keys(schema.resources["iotdb:index:IotdbNode"].inputProperties).sort(), ["adminPassword", "archive", "clusterName", "connection", "dataDir",
            "fixedFieldNames", "hostTools", "hostname", "installDir", "memory", "owner", "ports", "purgeDataOnDestroy", "rebuild", "roles", "rolloutTicket", "seedConfigNode",
            "startTimeoutSeconds", "supervise", "systemProperties", "version"]);
        assert.deepStrictEqual(Object.keys(schema.resources["iotdb:index:Pipe"].inputProperties).sort(), ["adminPassword", "configNode", "connection", "dataNodeStarts",
            "spec", "syncPassword", "target", "timeoutSeconds"]);
    });

    it("constructs a component for a program that registers it as any SDK does (remote): preview creates it and its step, no connection out", async () => {
        const key = path.join(ws.dir, "id_test");
        fs.writeFileSync(key, "not a key: a preview never reads it\n", { mode: 0o600 });
        writeProgram(ws, `import * as pulumi from "@pulumi/pulumi";
// No generated SDK (this toolchain has none): register the component the way every SDK does, remote.
class HostsEntry extends pulumi.ComponentResource {
    declare public readonly ready: pulumi.Output<string>;
    constructor(name: string, args: Record<string, unknown>, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:HostsEntry", name, { ...args, ready: undefined }, opts, true);
    }
}
const entry = new HostsEntry("hosts", {
    connection: { host: "10.213.7.11", port: 22, user: "root", privateKeyPath: ${JSON.stringify(key)}, dialTimeoutSeconds: 5, dialAttempts: 1 },
    entries: [{ hostname: "iotdb-1", address: "10.213.7.11" }],
    owner: "component-package-user/check",
});
export const ready = entry.ready;
`);
        const { r, guardLog } = await preview(ws, "check");
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        const steps: { op: string; urn: string }[] = JSON.parse(r.stdout).steps;
        assert.deepStrictEqual([...new Set(steps.map((s) => s.op))], ["create"]);
        const urns = steps.map((s) => s.urn);
        assert.ok(urns.some((u) => u.endsWith("::iotdb:index:HostsEntry::hosts")), urns.join("\n"));
        assert.ok(urns.some((u) => u.endsWith("::iotdb:index:HostsEntry$pulumi-nodejs:dynamic/iotdb:RemoteScript::hosts-hosts")), urns.join("\n"));

        assertNoConnectionOut(guardLog);
    });

    it("constructs DualActivePair, remote, from the stack config's keys: preview creates the pair's components and steps, no connection out", async () => {
        const key = path.join(ws.dir, "id_test");
        fs.writeFileSync(key, "not a key: a preview never reads it\n", { mode: 0o600 });
        const tarball = fakeTarball(ws);
        writeProgram(ws, pairProgram({ key, tarball, ownsB: "root.site_b.**" }));
        const { r, guardLog } = await preview(ws, "pair");
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        const steps: { op: string; urn: string }[] = JSON.parse(r.stdout).steps;
        assert.deepStrictEqual([...new Set(steps.map((s) => s.op))], ["create"]);
        const urns = steps.map((s) => s.urn);
        for (const tail of [
            "::iotdb:index:DualActivePair::pair",
            "::iotdb:index:DualActivePair$iotdb:index:HostsEntry::pair-hosts-iotdb-2",
            "::iotdb:index:DualActivePair$iotdb:index:IotdbNode::pair-a-iotdb-1",
            "$iotdb:index:IotdbNode$pulumi-nodejs:dynamic/iotdb:RemoteScript::pair-b-iotdb-2-datanode",
            "::iotdb:index:DualActivePair$iotdb:index:SideCredentials::pair-b-credentials",
            "::iotdb:index:DualActivePair$iotdb:index:Pipe::pair-pipe-ab",
            "$iotdb:index:Pipe$pulumi-nodejs:dynamic/iotdb:RemoteScript::pair-pipe-ba-pipe",
        ]) assert.ok(urns.some((u) => u.endsWith(tail)), `no ${tail} in:\n${urns.join("\n")}`);
        assertNoConnectionOut(guardLog);
    });

    it("validates DualActivePair's Args inside the component, with the stack's messages: overlapping owns fail the preview", async () => {
        const key = path.join(ws.dir, "id_test");
        writeProgram(ws, pairProgram({ key, tarball: fakeTarball(ws), ownsB: "root.site_a.d1.**" }));
        const { r } = await preview(ws, "overlap");
        assert.notStrictEqual(r.code, 0, "a pair whose sides own the same paths previewed");
        const diagnostics: { message: string }[] = JSON.parse(r.stdout).diagnostics ?? [];
        const messages = diagnostics.map((d) => d.message).join("\n");
        assert.match(messages, /sideB\.owns\[0\]: "root\.site_a\.d1\.\*\*" overlaps sideA\.owns\[0\] "root\.site_a\.\*\*"; a path may be owned by one side only/, messages);
    });
});
