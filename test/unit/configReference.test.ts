// The config reference (lib/config/schema.ts) against the code: every key the program reads, every
// field parsePairConfig reads or fills in, every default it fills in; and docs/configuration.md as
// `npm run docs` writes it. The fields are found mechanically: parsePairConfig runs on a config whose
// objects record each property it reads, and on the smallest valid config, whose result shows the defaults.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePairConfig, CONFIG_KEYS, ConfigContext } from "../../lib/config/pairConfig";
import { CONFIG_REFERENCE, ConfigEntry, documentedPaths, entryFor } from "../../lib/config/reference";
import { minimalConfig } from "./configFixtures";
import { configurationDoc, renderConfigReference, withGeneratedSection, GENERATED_BEGIN, GENERATED_END } from "../../scripts/lib/configReferenceMarkdown";

const ctx: ConfigContext = { namespace: "iotdb-dual-active", isSecret: () => true };

/** The smallest config parsePairConfig accepts: what it needs is what the reference calls required. */
const minimal = minimalConfig;

/** Every object the parser may look into is there (empty where it can be), so each field it reads is seen. */
const everyObject = (): Record<string, any> => ({
    ...minimal(),
    ...Object.fromEntries(["sideA", "sideB"].map((k) => [k, { ...minimal()[k], replication: {}, consensus: { schemaRegion: "RatisConsensus", dataRegion: "IoTConsensus" } }])),
    memory: {}, ports: {}, systemProperties: {},
    pipes: { ab: { source: {}, sink: {} }, ba: { source: {}, sink: {} } },
    distribution: { url: "http://iotdb-1/apache-iotdb-2.0.10-bin.tar.gz", sha256: "0".repeat(64) },
});

/** `value`, with every property read below it added to `seen` as a path (`sideA.nodes[].hostname`). */
function recordingReads(value: unknown, at: string, seen: Set<string>): any {
    if (!value || typeof value !== "object") return value;
    return new Proxy(value as object, {
        get(target, key, receiver) {
            const v = Reflect.get(target, key, receiver);
            if (typeof key === "symbol" || key === "toJSON") return v;
            if (Array.isArray(target) && !/^\d+$/.test(key)) return v; // length, forEach, ...
            const p = Array.isArray(target) ? `${at}[]` : at ? `${at}.${key}` : key;
            seen.add(p);
            return recordingReads(v, p, seen);
        },
    });
}

/** Leaf paths of a value and what is there (an empty object, and a list of plain values, are leaves). */
function leaves(v: unknown, at = "", out = new Map<string, unknown>()): Map<string, unknown> {
    if (Array.isArray(v) && v.some((x) => x && typeof x === "object")) v.forEach((x) => leaves(x, `${at}[]`, out));
    else if (Array.isArray(v)) out.set(at, v);
    else if (v && typeof v === "object" && Object.keys(v).length > 0) {
        for (const [k, x] of Object.entries(v)) leaves(x, at ? `${at}.${k}` : k, out);
    } else out.set(at, v);
    return out;
}

/** Paths parsePairConfig reads from a config that has every object. */
function pathsParserReads(): Set<string> {
    const seen = new Set<string>();
    try { parsePairConfig(recordingReads(everyObject(), "", seen), ctx); } catch { /* reads are what count */ }
    return seen;
}

/** Whether the reference documents a path: its own row, a row of one of its fields, or a free-form map holding it. */
function documented(p: string, reference: ConfigEntry[]): boolean {
    return documentedPaths(reference).some((d) => d === p || d.startsWith(`${p}.`) || d.startsWith(`${p}[]`))
        || entryFor(p, reference) !== undefined;
}

/** What the code reads or fills in and the reference does not document. */
function undocumented(reference: ConfigEntry[]): string[] {
    const code = [...CONFIG_KEYS, ...pathsParserReads(), ...leaves(parsePairConfig(minimal(), ctx)).keys()];
    return [...new Set(code)].filter((p) => !documented(p, reference)).sort();
}

describe("config reference", () => {
    const reads = pathsParserReads();
    const filled = leaves(parsePairConfig(minimal(), ctx));
    const given = leaves(minimal());

    it("sees the fields parsePairConfig reads (the recording works)", () => {
        for (const p of ["iotdbVersion", "ssh.user", "ssh.dialAttempts", "sideA.nodes[].hostname", "pipes.ba.name", "pipes.ab.sink", "distribution.sha256"]) {
            assert.ok(reads.has(p), `not seen: ${p}; seen: ${[...reads].sort().join(", ")}`);
        }
        for (const p of ["ports.dnRpc", "memory.datanode", "startTimeoutSeconds"]) assert.ok(filled.has(p), `no default seen for ${p}`);
    });

    it("documents every key index.ts reads and every field parsePairConfig reads or fills in", () => {
        assert.deepStrictEqual(undocumented(CONFIG_REFERENCE), []);
    });

    it("would notice a missing row", () => {
        const without = CONFIG_REFERENCE.filter((e) => !e.keys.includes("ssh.dialAttempts") && !e.keys.includes("syncUser"));
        const before = undocumented(CONFIG_REFERENCE);
        assert.deepStrictEqual(undocumented(without).filter((p) => !before.includes(p)), ["ssh.dialAttempts", "syncUser"]);
    });

    it("documents nothing the code does not read", () => {
        const code = new Set<string>([...CONFIG_KEYS, ...reads, ...filled.keys()]);
        const stale = documentedPaths().filter((p) => !code.has(p));
        assert.deepStrictEqual(stale, []);
    });

    it("states each default as parsePairConfig fills it in, and calls required what it needs", () => {
        for (const [p, v] of filled) {
            const entry = entryFor(p);
            // An empty object filled in (consensus: {}) is documented by the rows of its fields.
            if (!entry && v && typeof v === "object" && !Array.isArray(v) && documented(p, CONFIG_REFERENCE)) continue;
            assert.ok(entry, `no row for ${p}`);
            if (given.has(p)) {
                assert.match(entry!.default, /^required/, `${p} is needed, but its row says ${entry!.default}`);
            } else if (Array.isArray(v)) {
                assert.strictEqual(entry!.default, v.join(", "), `default of ${p}`);
            } else if (v === null || typeof v !== "object") {
                assert.strictEqual(entry!.default, String(v), `default of ${p}`);
            }
        }
    });

    it("marks the passwords, and only them, as secrets", () => {
        const secrets = CONFIG_REFERENCE.filter((e) => e.secret).flatMap((e) => e.keys).sort();
        assert.deepStrictEqual(secrets, ["adminPassword", "adminPasswordB", "syncPassword", "syncPasswordB"]);
    });

    it("docs/configuration.md is what `npm run docs` writes", () => {
        const file = path.join(__dirname, "../../docs/configuration.md");
        const current = fs.readFileSync(file, "utf8");
        assert.ok(current === configurationDoc(current), "docs/configuration.md is out of date: run npm run docs");
    });

    it("renders a row per entry and replaces only the generated section", () => {
        const table = renderConfigReference([{ keys: ["a.b", "c"], meaning: "x | y", default: "1", fixedAtFirstStart: "no", secret: true, onChange: "z" }]);
        assert.strictEqual(table.split("\n")[2], "| `a.b`<br>`c` | x \\| y | 1 | no | **yes** | z |");
        const doc = `intro\n${GENERATED_BEGIN}\nold\n${GENERATED_END}\noutro\n`;
        assert.strictEqual(withGeneratedSection(doc, "new"), `intro\n${GENERATED_BEGIN}\nnew\n${GENERATED_END}\noutro\n`);
        assert.throws(() => withGeneratedSection("no markers", "new"), /markers are missing/);
    });
});
