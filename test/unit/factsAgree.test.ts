// What the docs state agrees with the code: versions against scripts/versions.sh and package.json,
// repository paths they name exist, resources BENCHMARKS.md names are ones the program declares, and
// every config field an error message points to is one the schema documents.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { CONFIG_REFERENCE, documentedPaths } from "../../lib/config/reference";
import { DEFAULTS } from "../../lib/config/defaults";
import { DEFAULT_METRIC_PORTS } from "../../lib/plan/monitoring";

const ROOT = path.join(__dirname, "../..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
const versions = Object.fromEntries([...read("scripts/versions.sh").matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
const DOCS = ["README.md", "BENCHMARKS.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "component-package/README.md"];
const tracked = new Set(execFileSync("git", ["ls-files"], { cwd: ROOT }).toString().trim().split("\n"));
const trackedDirs = new Set([...tracked].flatMap((f) => f.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));

describe("facts in the docs agree with the code", () => {
    it("the Pulumi CLI, SDK and language host versions stated are the pinned ones", () => {
        for (const f of DOCS) {
            const text = read(f);
            for (const m of text.matchAll(/Pulumi CLI v?(3\.\d+\.\d+)/g)) assert.strictEqual(m[1], versions.PULUMI_VERSION, `${f}: "${m[0]}"`);
            for (const m of text.matchAll(/(?:Node\.js SDK[^.\n]{0,30}?|SDK )(3\.\d+\.\d+)/g)) assert.strictEqual(m[1], versions.PULUMI_NODEJS_SDK_VERSION, `${f}: "${m[0]}"`);
            for (const m of text.matchAll(/sdk\/v3@?\s?v(3\.\d+\.\d+)/g)) {
                assert.ok([versions.PULUMI_LANGUAGE_NODEJS_SDK_VERSION, versions.PULUMI_VERSION].includes(m[1]), `${f}: "${m[0]}"`);
            }
        }
        const pkg = JSON.parse(read("package.json"));
        assert.strictEqual(pkg.dependencies["@pulumi/pulumi"], versions.PULUMI_NODEJS_SDK_VERSION);
    });

    it("the IoTDB version stated is the pinned one (and the one the config supports)", () => {
        for (const f of DOCS) {
            for (const m of read(f).matchAll(/(?:Apache )?IoTDB (\d+\.\d+\.\d+)/g)) assert.strictEqual(m[1], versions.IOTDB_VERSION, `${f}: "${m[0]}"`);
        }
        assert.match(read("lib/config/defaults.ts"), new RegExp(`SUPPORTED_IOTDB_VERSIONS = \\["${versions.IOTDB_VERSION.replace(/\./g, "\\.")}"\\]`));
    });

    it("every repository path the docs name exists", () => {
        const missing: string[] = [];
        for (const f of DOCS) {
            for (const m of read(f).matchAll(/(?<![\w./~-])((?:lib|components|providers|scripts|test|bench|policy|docs|host-tools|stacks|toolchain|examples|component-package)\/[\w./<>*-]*[\w/>*])/g)) {
                const p = m[1].replace(/\/$/, "");
                if (/[<>*]/.test(p)) continue; // a pattern (stacks/Pulumi.<stack>.yaml, testhosts-*.sh), not one file
                if (!tracked.has(p) && !trackedDirs.has(p)) missing.push(`${f}: ${p}`);
            }
        }
        assert.deepStrictEqual(missing, []);
    });

    it("the resources BENCHMARKS.md names are ones the program declares (the components' name patterns)", () => {
        const names = [...read("BENCHMARKS.md").matchAll(/resource (dual-[\w-]+)/g)].map((m) => m[1]);
        assert.ok(names.length > 0);
        // Each pattern, and the line of components/ that makes such names.
        const patterns: [RegExp, string, string][] = [
            [/^dual-[ab]-[a-z0-9-]+-(datanode|confignode)$/, "components/iotdbNode.ts", "new RemoteScript(`${name}-${role}`"],
            [/^dual-[ab]-credentials-users$/, "components/sideCredentials.ts", "new RemoteScript(`${name}-users`"],
            [/^dual-pipe-(ab|ba)-pipe$/, "components/pipe.ts", "new RemoteScript(`${name}-pipe`"],
        ];
        for (const n of names) {
            const p = patterns.find(([re]) => re.test(n));
            assert.ok(p, `BENCHMARKS.md names ${n}, which no component declares`);
            assert.ok(read(p![1]).includes(p![2]), `${p![1]} no longer declares ${p![2]}`);
        }
    });

    it("every config field an error message points to (ssh.*, replication.* ...) is documented", () => {
        const documented = new Set(documentedPaths(CONFIG_REFERENCE));
        const sources = ["providers/ssh.ts", "providers/knownHosts.ts", "providers/remoteCommand.ts", "components/support/hostKeys.ts"].map(read).join("\n");
        for (const m of sources.matchAll(/\b(ssh\.[a-zA-Z]+)\b/g)) assert.ok(documented.has(m[1]), `${m[1]} is named in a message but is no config field`);
    });

    it("README's prerequisites: the minimum Pulumi CLI and Node.js, and every port of the network table, are the code's", () => {
        const readme = read("README.md");
        const prereq = readme.slice(readme.indexOf("## Prerequisites"), readme.indexOf("## Quick start"));
        for (const m of readme.matchAll(/official (?:Pulumi CLI|CLI|release) from v?(3\.\d+\.\d+)/g)) assert.strictEqual(m[1], versions.PULUMI_MIN_VERSION, `README.md: "${m[0]}"`);
        assert.match(prereq, new RegExp(`from v${versions.PULUMI_MIN_VERSION.replace(/\./g, "\\.")} \\(\`PULUMI_MIN_VERSION\``));
        const engines = JSON.parse(read("package.json")).engines.node.replace(/^>=/, "");
        assert.ok(prereq.includes(`Node.js ${engines} or later`), `package.json engines.node is ${engines}`);
        // Each row's port figures against the defaults it names: `ports.X`, `ssh.port`, `monitoring.ports`.
        const rows = prereq.split("\n").filter((l) => /^\| .* \| \d/.test(l) || /\| \d[\d, ]* \(/.test(l));
        const stated = new Map<string, number>();
        for (const row of rows) {
            const cell = row.split("|")[3];
            const figures = [...cell.matchAll(/\d{2,5}/g)].map((m) => Number(m[0]));
            const names = [...cell.matchAll(/`(?:ports\.)?(\w+(?:\.\w+)?)`/g)].map((m) => m[1]);
            if (names[0] === "monitoring.ports") names.splice(0, 1, "confignode", "datanode");
            assert.strictEqual(figures.length, names.length, `README.md network row: ${row}`);
            names.forEach((n, i) => stated.set(n, figures[i]));
        }
        const expected: Record<string, number> = { ...DEFAULTS.ports, "ssh.port": DEFAULTS.ssh.port, confignode: DEFAULT_METRIC_PORTS.confignode, datanode: DEFAULT_METRIC_PORTS.datanode };
        for (const [n, port] of stated) assert.strictEqual(port, expected[n], `README.md states ${n} ${port}, the code's default is ${expected[n]}`);
        for (const n of Object.keys(DEFAULTS.ports)) assert.ok(stated.has(n), `README.md's network table leaves out ports.${n}`);
    });

    it("README's stack outputs are the program's, all of them", () => {
        const readme = read("README.md");
        const table = readme.slice(readme.indexOf("## Stack outputs"), readme.indexOf("## Watching the pair"));
        const documented = [...table.matchAll(/^\| (`[^|]*) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((x) => x[1])).sort();
        const index = read("index.ts");
        const returned = index.slice(index.lastIndexOf("return {"));
        const outputs = [...returned.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]).sort();
        assert.deepStrictEqual(documented, outputs);
    });
});
