// Reads and validates the stack configuration (every key of lib/config/schema.ts; Pulumi.yaml declares
// them and fills in their defaults), then builds the dual-active pair.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import { parsePairConfig, CONFIG_KEYS, PASSWORD_KEYS } from "./lib/config";
import { DualActivePair } from "./components/dualActivePair";
import { checkHostKeys } from "./components/support/hostKeys";

// Not in the SDK's typings, but exported: whether a config key is stored as a secret.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };

const config = new pulumi.Config();
const ns = config.name;
const raw: Record<string, unknown> = {};
for (const k of CONFIG_KEYS) {
    const v = config.get(k);
    if (v === undefined) continue;
    // Passwords stay strings ("1234" is not a number); they are only validated here, never kept.
    if ((PASSWORD_KEYS as readonly string[]).includes(k)) raw[k] = v;
    else try { raw[k] = JSON.parse(v); } catch { raw[k] = v; }
}

const pair = parsePairConfig(raw, {
    namespace: ns, stack: pulumi.getStack(), isSecret: (k) => isConfigSecret(`${ns}:${k}`), fileExists: fs.existsSync,
});
// Under the unit tests' mocks there is no machine to ask (test/unit/program.test.ts).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const mocked = require("@pulumi/pulumi/runtime/settings").getMonitor() instanceof require("@pulumi/pulumi/runtime/mocks").MockMonitor;

// Every machine's host key first (a key exchange, no login): nothing is declared, so nothing runs,
// while one is unknown or changed. Then the pair; the stack's outputs are what this resolves to.
export = (async () => {
    if (!mocked) await checkHostKeys(pair);
    const dual = new DualActivePair("dual", {
        ...pair,
        adminPassword: config.requireSecret("adminPassword"),
        adminPasswordB: config.requireSecret("adminPasswordB"),
        syncPassword: config.requireSecret("syncPassword"),
        syncPasswordB: config.requireSecret("syncPasswordB"),
        owner: `${pulumi.getProject()}/${pulumi.getStack()}`,
    });
    return {
        endpoints: dual.endpoints,
        pipes: dual.pipes,
        adminUser: "root",
        adminPassword: dual.adminPassword,
        adminPasswordB: dual.adminPasswordB,
        syncUser: dual.syncUser,
        syncPassword: dual.syncPassword,
        syncPasswordB: dual.syncPasswordB,
        scrapeTargets: dual.scrapeTargets,
    };
})();
