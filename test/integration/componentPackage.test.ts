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

const PACKAGE = path.join(REPO_ROOT, "component-package");
const LAUNCHER = path.join(PACKAGE, "pulumi-resource-iotdb");

interface Schema {
    name: string;
    version: string;
    resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, { description?: string; secret?: boolean }>; properties: Record<string, unknown> }>;
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
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["iotdb:index:HostsEntry", "iotdb:index:SideCredentials"]);
        const hosts = schema.resources["iotdb:index:HostsEntry"];
        assert.strictEqual(hosts.isComponent, true);
        assert.deepStrictEqual(Object.keys(hosts.inputProperties).sort(), ["connection", "entries", "owner"]);
        assert.match(String(hosts.inputProperties.owner.description), /^Owner written in the marker of each line/, "the Args' TSDoc is not the schema's description");
        assert.deepStrictEqual(Object.keys(hosts.properties), ["ready"]);
        const credentials = schema.resources["iotdb:index:SideCredentials"];
        assert.deepStrictEqual(Object.keys(credentials.inputProperties).sort(), ["adminPassword", "connection", "syncPassword", "syncUser", "target"]);
    });

    it("constructs a component for a program that registers it as any SDK does (remote): preview creates it and its step, no connection out", async () => {
        const key = path.join(ws.dir, "id_test");
        fs.writeFileSync(key, "not a key: a preview never reads it\n", { mode: 0o600 });
        ws.writeFile("Pulumi.yaml", "name: component-package-user\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
        ws.writeFile("package.json", JSON.stringify({ name: "component-package-user", private: true }));
        ws.writeFile("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", esModuleInterop: true } }));
        ws.writeFile("index.ts", `import * as pulumi from "@pulumi/pulumi";
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
        const guardLog = path.join(ws.dir, "netguard.log");
        // The engine finds pulumi-resource-iotdb on PATH (no plugin download here).
        Object.assign(ws.envVars, { PATH: `${PACKAGE}:${ws.envVars.PATH}`, ...guardEnv(guardLog) });
        await openStack(ws, "check");
        const r = runPulumi(ws, ["preview", "--json", "--stack", "check"]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        const steps: { op: string; urn: string }[] = JSON.parse(r.stdout).steps;
        assert.deepStrictEqual([...new Set(steps.map((s) => s.op))], ["create"]);
        const urns = steps.map((s) => s.urn);
        assert.ok(urns.some((u) => u.endsWith("::iotdb:index:HostsEntry::hosts")), urns.join("\n"));
        assert.ok(urns.some((u) => u.endsWith("::iotdb:index:HostsEntry$pulumi-nodejs:dynamic/iotdb:RemoteScript::hosts-hosts")), urns.join("\n"));

        const { loaded, allowed, blocked } = readGuard(guardLog);
        assert.ok(loaded.includes(path.join(fs.realpathSync(PACKAGE), "index.ts")), `the component provider did not run: ${loaded.join(", ")}`);
        assert.ok(loaded.some((l) => /dynamic-provider/.test(l)), `the dynamic provider did not run: ${loaded.join(", ")}`);
        assert.ok(allowed.length > 0, "the guard saw no connection at all (not even to the engine): it proves nothing");
        assert.deepStrictEqual(blocked, [], "the preview tried to connect out");
    });
});
