// The values the config fills in when a field is not set, and the fixed vocabularies it accepts. The
// section parsers fill them in, the reference (schema.ts) states them, and `npm run docs` writes the
// top-level ones into Pulumi.yaml's `config:` block: one definition each.
import type { IotdbRole } from "../model/config";
import { DEFAULT_PORTS } from "../render/properties";
import { DEFAULT_MAX_LAG_SECONDS, DEFAULT_DATABASES, flushIntervalMs } from "../plan/replication";
import { DEFAULT_MONITORING } from "../plan/monitoring";

/** Versions of IoTDB this project installs and tests. */
export const SUPPORTED_IOTDB_VERSIONS = ["2.0.10"];

/**
 * Versions asked for that this project cannot run, and why. 2.0.2 and 1.3.3: Maven Central (as reached
 * from here, checked 2026-12-02 with mvn) serves their iotdb-server zip but neither an iotdb-confignode
 * zip or jar nor an iotdb-distribution assembly, so there is no ConfigNode to install
 * (scripts/iotdb-dist.sh). 2.0.1-beta: its distribution builds (scripts/versions.sh), but read from its
 * sources it lacks what the pair is made of (docs/runbook.md, "Upgrade IoTDB").
 */
export const UNSUPPORTED_IOTDB_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
    "2.0.2": "Maven Central serves its iotdb-server zip but no ConfigNode of 2.0.2, so no distribution can be built here; nor has 2.0.2 the SYSTEM privilege the sync user is granted",
    "1.3.3": "Maven Central serves its iotdb-server zip but no ConfigNode of 1.3.3, so no distribution can be built here; nor has 1.3.3 the SYSTEM privilege or the pipes' mode.double-living",
    "2.0.1-beta": "its distribution builds, but 2.0.1-beta has no pipe source mode.double-living, no pipe carrying several path patterns (each pipe here carries the side's owned paths and its canary), no SYSTEM privilege, and lets only root run FLUSH (the flusher logs in as its own user)",
});

/** What can run on a machine; a node runs both unless its `roles` say otherwise. */
export const IOTDB_ROLES: ReadonlyArray<IotdbRole> = ["confignode", "datanode"];

/** Consensus protocols IoTDB 2.0 offers, by short name, and their classes (lib/plan/sides.ts). */
export { CONSENSUS_CLASSES } from "../plan/sides";

/** Every default the parser fills in, by field. */
export const DEFAULTS = Object.freeze({
    iotdbVersion: SUPPORTED_IOTDB_VERSIONS[0],
    node: { roles: IOTDB_ROLES, decommission: false },
    sideReplication: { schema: 1, data: 1 },
    ssh: { user: "root", port: 22, dialTimeoutSeconds: 10, dialAttempts: 3, stepTimeoutSeconds: 1800 },
    installDir: "/opt/iotdb",
    dataDir: "/var/lib/iotdb",
    memory: { confignode: "1G", datanode: "4G" },
    ports: DEFAULT_PORTS,
    pipeNames: { ab: "AB", ba: "BA" },
    syncUser: "dualsync",
    startTimeoutSeconds: 300,
    purgeDataOnDestroy: false,
    rollingRestarts: true,
    superviseNodes: true,
    replication: { maxLagSeconds: DEFAULT_MAX_LAG_SECONDS, databases: DEFAULT_DATABASES, flushIntervalMs: flushIntervalMs(DEFAULT_MAX_LAG_SECONDS) },
    monitoring: DEFAULT_MONITORING,
});
