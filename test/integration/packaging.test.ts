// The package as a library: `npm run build:lib` builds it; examples/pair-from-library, another Pulumi
// program, type-checks against the built declarations and runs a real `pulumi preview` of a new stack
// with the pinned engine. The package is laid out as npm installs it (node_modules/iotdb-dual-active
// holding what `npm pack` lists), the other dependencies linked from this repository. The preview
// reaches no machine: every Node process of the run (program, dynamic provider) loads
// test/support/netGuard.js, which records each TCP connect and refuses any that leaves this machine.
import * as assert from "assert";
import { writeFakeCache } from "../fixtures/fakeCache";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { makeWorkspace, openStack, runPulumi, setSecretConfig, REPO_ROOT, Workspace } from "./pulumiHarness";
import { useFixture } from "./fixture";
import { guardEnv, readGuard } from "./netGuardLog";

const EXAMPLE = path.join(REPO_ROOT, "examples/pair-from-library");
const TEST_HOST_KEY = "/var/lib/iotdb-dual-active/testhosts/ssh/id_ed25519";
const STACK = "local";

function run(cmd: string, args: string[], cwd = REPO_ROOT) {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 300_000 });
    return { code: r.status ?? 1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** The files `npm pack` puts in the package (package.json "files", plus what npm always adds). */
function packedFiles(): string[] {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
    assert.strictEqual(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** node_modules of the work dir: the packed files where npm installs them, every other package linked from the repo. */
function installPackage(ws: Workspace, files: string[]): void {
    const modules = path.join(ws.dir, "node_modules");
    fs.unlinkSync(modules); // makeWorkspace linked the repo's node_modules as a whole
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
    }
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(modules, "iotdb-dual-active", f)), { recursive: true });
        fs.copyFileSync(path.join(REPO_ROOT, f), path.join(modules, "iotdb-dual-active", f));
    }
}

describe("packaging: the library used by another Pulumi program", function () {
    this.timeout(600_000);
    let ws: Workspace;
    const guardLog = () => path.join(ws.dir, "netguard.log");

    const exampleFiles = () => Object.fromEntries(["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", `Pulumi.${STACK}.yaml`]
        .map((f) => [f, fs.readFileSync(path.join(EXAMPLE, f), "utf8")]));
    useFixture({ workspace: { prefix: "packaging", files: exampleFiles } }, (f) => { ws = f.ws; });

    it("builds with npm run build:lib and packs dist/: declarations and JavaScript, no tests, no Pulumi program", () => {
        fs.rmSync(path.join(REPO_ROOT, "dist"), { recursive: true, force: true });
        const r = run("npm", ["run", "-s", "build:lib"]);
        assert.strictEqual(r.code, 0, r.out);
        const packed = packedFiles();
        for (const f of ["package.json", "dist/library.js", "dist/library.d.ts", "dist/components/dualActivePair.d.ts", "dist/providers/remoteScript.js"]) {
            assert.ok(packed.includes(f), `${f} is not packed`);
        }
        const stray = packed.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md"].includes(f));
        assert.deepStrictEqual(stray, [], "packed beside dist/");
        for (const f of ["dist/index.js", "dist/test/", "dist/bench/", "dist/scripts/"]) {
            assert.ok(!packed.some((p) => p.startsWith(f)), `${f} is packed`);
        }
        installPackage(ws, packed);
        const exported = Object.keys(require(path.join(ws.dir, "node_modules/iotdb-dual-active/dist/library.js"))).sort();
        for (const name of ["DualActivePair", "IotdbNode", "HostsEntry", "SideCredentials", "Pipe", "parsePairConfig"]) {
            assert.ok(exported.includes(name), `${name} is not exported: ${exported.join(", ")}`);
        }
    });

    it("type-checks the example against the built declarations (and refuses wrong Args)", () => {
        const ok = run(path.join(REPO_ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", ws.dir]);
        assert.strictEqual(ok.code, 0, ok.out);
        ws.writeFile("wrong/tsconfig.json", JSON.stringify({ extends: "../tsconfig.json", files: ["index.ts"] }));
        ws.writeFile("wrong/index.ts", `import { DualActivePairArgs } from "iotdb-dual-active";\nexport const args: DualActivePairArgs = { ...({} as DualActivePairArgs), owner: 42 };\n`);
        const wrong = run(path.join(REPO_ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", path.join(ws.dir, "wrong")]);
        assert.notStrictEqual(wrong.code, 0, "a number as owner type-checks: the declarations are not used");
        assert.match(wrong.out, /index\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/, wrong.out);
    });

    it("previews a new stack of the example with the pinned engine: every resource a create, no connection out", async () => {
        // The test hosts' key may not exist here: the program only checks the path exists, never reads it.
        const key = path.join(ws.dir, "id_test");
        fs.writeFileSync(key, "not a key: a preview never reads it\n", { mode: 0o600 });
        const stackFile = fs.readFileSync(path.join(EXAMPLE, `Pulumi.${STACK}.yaml`), "utf8");
        assert.ok(stackFile.includes(TEST_HOST_KEY));
        ws.writeFile(`Pulumi.${STACK}.yaml`, stackFile.replace(TEST_HOST_KEY, key));
        // A distribution tarball where the package looks for it (the preview only names it).
        const cache = path.join(ws.dir, "cache");
        writeFakeCache(cache);
        Object.assign(ws.envVars, { IOTDB_DA_CACHE: cache, ...guardEnv(guardLog()) });

        await openStack(ws, STACK);
        setSecretConfig(ws, STACK, "adminPassword", "Adm1n-lib_pass");
        setSecretConfig(ws, STACK, "syncPassword", "Sync-lib_pass9");
        setSecretConfig(ws, STACK, "adminPasswordB", "Adm1n-lib_passB");
        setSecretConfig(ws, STACK, "syncPasswordB", "Sync-lib_passB");

        const preview = runPulumi(ws, ["preview", "--json", "--stack", STACK]);
        assert.strictEqual(preview.code, 0, preview.stdout + preview.stderr);
        const steps: { op: string; urn: string }[] = JSON.parse(preview.stdout).steps;
        const ops = new Set(steps.map((s) => s.op));
        assert.deepStrictEqual([...ops], ["create"], `not only creates: ${[...ops].join(", ")}`);
        const urns = steps.map((s) => s.urn);
        for (const t of ["DualActivePair", "HostsEntry", "IotdbNode", "SideCredentials", "Pipe"]) {
            assert.ok(urns.some((u) => u.includes(`iotdb:index:${t}::`)), `no ${t} in the plan`);
        }
        for (const n of ["pair-hosts-iotdb-1", "pair-hosts-iotdb-2", "pair-a-iotdb-1", "pair-b-iotdb-2", "pair-a-credentials", "pair-b-credentials", "pair-pipe-ab", "pair-pipe-ba"]) {
            assert.ok(urns.some((u) => u.endsWith(`::${n}`)), `no ${n} in the plan: ${urns.join("\n")}`);
        }
        // The steps on the machines: the package's dynamic providers, run from the installed dist/.
        const remote = urns.filter((u) => /\$pulumi-nodejs:dynamic\/iotdb:Remote(Script|File)::/.test(u));
        assert.ok(remote.length >= 10, `only ${remote.length} remote steps in the plan`);

        const { loaded, allowed, blocked } = readGuard(guardLog());
        assert.ok(loaded.some((l) => /dynamic-provider/.test(l)), `the dynamic provider did not load the guard: ${loaded.join(", ")}`);
        assert.ok(loaded.length >= 2, `the guard ran in ${loaded.length} process(es): ${loaded.join(", ")}`);
        assert.ok(allowed.length > 0, "the guard saw no connection at all (not even to the engine): it proves nothing");
        assert.deepStrictEqual(blocked, [], "the preview tried to connect out");
        console.log(`      guard: ${loaded.length} Node processes (${loaded.map((l) => l.split("/").slice(-3).join("/") || "node -e/--version").join(", ")}), ${allowed.length} local connects, none out`);
    });

    it("leaves index.ts the project's own program: with the package's exports, a preview of an empty stack runs it to its validation", async () => {
        const project = makeWorkspace("packaging-project", {}, true);
        try {
            await openStack(project, "empty");
            const r = runPulumi(project, ["preview", "--stack", "empty"]);
            assert.notStrictEqual(r.code, 0);
            assert.match(r.stdout + r.stderr, /invalid stack configuration:[\s\S]*iotdb-dual-active:sideA: is missing/, r.stdout + r.stderr);
        } finally {
            project.cleanup();
        }
    });
});
