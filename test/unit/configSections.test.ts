// The section parsers of lib/config/sections, each on its own: its value with defaults, its problems.
import * as assert from "assert";
import { parseSsh } from "../../lib/config/sections/ssh";
import { parseMemory, parsePaths, parsePorts } from "../../lib/config/sections/host";
import { parsePipes } from "../../lib/config/sections/pipes";
import { parseSides } from "../../lib/config/sections/sides";
import { parseRunSettings } from "../../lib/config/sections/settings";
import { parseReplication, REPLICATION_FIELDS } from "../../lib/config/sections/replication";
import { DEFAULTS } from "../../lib/config/defaults";
import { documentedPaths } from "../../lib/config/schema";

const ns = "iotdb-dual-active";

describe("config sections", () => {
    it("each fills in its defaults and reports nothing for an empty config but what it requires", () => {
        assert.deepStrictEqual(parseMemory({}, ns), { value: DEFAULTS.memory, problems: [] });
        assert.deepStrictEqual(parsePorts({}, ns), { value: DEFAULTS.ports, problems: [] });
        assert.deepStrictEqual(parsePaths({}, ns), { value: { installDir: DEFAULTS.installDir, dataDir: DEFAULTS.dataDir }, problems: [] });
        assert.deepStrictEqual(parsePipes({}, ns).value, { ab: { name: "AB", source: {}, sink: {} }, ba: { name: "BA", source: {}, sink: {} } });
        assert.deepStrictEqual(parseRunSettings({}, ns).problems, []);
        assert.deepStrictEqual(parseSsh({}, { namespace: ns, isSecret: () => false }).problems,
            [`${ns}:ssh.privateKeyPath: is missing; set it to the private key file that logs in to every machine`]);
        assert.deepStrictEqual(parseSides({}, ns).problems, [
            `${ns}:sideA: is missing; set it to { clusterName, nodes: [{ hostname, address }] } (see stacks/Pulumi.local.yaml)`,
            `${ns}:sideB: is missing; set it to { clusterName, nodes: [{ hostname, address }] } (see stacks/Pulumi.local.yaml)`,
        ]);
    });

    it("refuses at preview a memory size the host scripts would refuse (more than 7 digits)", () => {
        assert.deepStrictEqual(parseMemory({ memory: { datanode: "12345678M" } }, ns).problems,
            [`${ns}:memory.datanode: "12345678M" must look like 512M or 2G`]);
        assert.deepStrictEqual(parseMemory({ memory: { datanode: "1234567M" } }, ns).problems, []);
    });

    it("refuses a path with a . or .. component, or only slashes", () => {
        for (const bad of ["/opt/./iotdb", "/opt/../iotdb", "//"]) {
            assert.deepStrictEqual(parsePaths({ installDir: bad }, ns).problems,
                [`${ns}:installDir: ${JSON.stringify(bad)} must be an absolute path of letters, digits, '.', '_', '-' and '/'`], bad);
        }
    });

    it("replication: takes exactly the fields the schema documents, naming them for any other", () => {
        const documented = documentedPaths().filter((p) => p.startsWith("replication.")).map((p) => p.slice("replication.".length));
        assert.deepStrictEqual([...REPLICATION_FIELDS].sort(), documented.sort());
        const sides = parseSides({}, ns).value;
        assert.deepStrictEqual(parseReplication({ replication: { lag: 3 } }, ns, "4G", sides).problems,
            [`${ns}:replication.lag: is not a field of replication; its fields are maxLagSeconds, databases and flushIntervalMs`]);
    });
});
