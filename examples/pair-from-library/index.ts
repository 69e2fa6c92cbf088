// Another Pulumi program that builds the IoTDB dual-active pair from the iotdb-dual-active package:
// its own project name and config namespace, the package's validation and component.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import { DualActivePair, parsePairConfig } from "iotdb-dual-active";

// Whether a config value is stored as a secret: exported by the SDK, though not in its typings.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };

const config = new pulumi.Config();

// Validated before any machine is touched (every problem named, with its fix); defaults filled in.
const settings = parsePairConfig({
    sideA: config.requireObject("sideA"),
    sideB: config.requireObject("sideB"),
    ssh: config.requireObject("ssh"),
    memory: config.getObject("memory"),
    adminPassword: config.get("adminPassword"),
    adminPasswordB: config.get("adminPasswordB"),
    syncPassword: config.get("syncPassword"),
    syncPasswordB: config.get("syncPasswordB"),
}, { namespace: config.name, isSecret: (k) => isConfigSecret(`${config.name}:${k}`), fileExists: fs.existsSync });

const pair = new DualActivePair("pair", {
    // Every validated setting; the tarball is the one `npm run setup` builds unless `distribution` says otherwise.
    ...settings,
    adminPassword: config.requireSecret("adminPassword"),
    adminPasswordB: config.requireSecret("adminPasswordB"),
    syncPassword: config.requireSecret("syncPassword"),
    syncPasswordB: config.requireSecret("syncPasswordB"),
    owner: `${pulumi.getProject()}/${pulumi.getStack()}`,
});

export const endpoints = pair.endpoints;
export const pipes = pair.pipes;
