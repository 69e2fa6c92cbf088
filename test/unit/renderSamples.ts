// Every host script the renderers of lib/render make, rendered with sample inputs: what
// shellcheck.test.ts checks as a host receives it.
import { hostToolsScript } from "../../lib/render/hostToolsScript";
import { configureScript, installScript, startScript, stopScript } from "../../lib/render/hostScripts";
import { checkFlusherScript, startFlusherScript, stopFlusherScript } from "../../lib/render/flusherScripts";
import { claimDataDirScript, purgeDataDirScript } from "../../lib/render/dataDirScripts";
import { downloadScript } from "../../lib/render/downloadScript";
import { checkHostsScript, ensureHostsScript, removeHostsScript } from "../../lib/render/hostsFile";
import {
    checkPipeScript, ConfigNodeRestart, credentialsScript, ensurePipeScript, memberDataNodeScript, removeDataNodeScript, removePipeScript,
    resumePipeScript, SqlTarget,
} from "../../lib/render/sqlScripts";
import { rolloutGateAScript, rolloutGateBScript, rolloutWatchScript } from "../../lib/render/rolloutScripts";
import { rebuildNodeScript } from "../../lib/render/rebuildScript";
import { verifyQueryScript } from "../../lib/render/verifyScripts";
import { supervisorDaemonScript } from "../../lib/render/supervisorScripts";

const home = "/opt/iotdb/apache-iotdb-2.0.10";
const target: SqlTarget = { home, rpcHost: "iotdb-1", rpcPort: 6667, journalFile: "/opt/iotdb/journal.log" };
const configNode: ConfigNodeRestart = { stop: stopScript({ home, timeoutSeconds: 60, roles: ["confignode"] }), start: "true", log: `${home}/logs/log_confignode_all.log` };
const flusher = { home, rpcHost: "iotdb-1", rpcPort: 6667, user: "root", intervalMs: 1000, heartbeatDevice: "root.__dual_active_canary.a" };
const dataDir = { dataDir: "/var/lib/iotdb", installDir: "/opt/iotdb", owner: "iotdb-dual-active/unit", hostname: "iotdb-1" };

/** Name → rendered script, one for each renderer and each of its shapes (with and without a ConfigNode, ...). */
export function renderedSamples(): Record<string, string> {
    return {
        install: installScript({ archivePath: "/tmp/apache-iotdb-2.0.10-bin.tar.gz", archiveSha256: "a".repeat(64), installDir: "/opt/iotdb", version: "2.0.10" }),
        installZip: installScript({ archivePath: "/tmp/apache-iotdb-2.0.10-bin.zip", archiveSha512: "a".repeat(128), format: "zip", installDir: "/opt/iotdb", version: "2.0.10" }),
        hostTools: hostToolsScript({ archivePath: "/opt/iotdb/dist/iotdb-dual-active-host-tools-2.0.10.tar.gz", archiveSha256: "a".repeat(64), home: "/opt/iotdb/apache-iotdb-2.0.10" }),
        configure: configureScript({ home, systemProperties: "cluster_name=a\n", confignodeMemory: "512M", datanodeMemory: "1G" }),
        start: startScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, user: "root", timeoutSeconds: 120 }),
        "start confignode alone": startScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, user: "root", timeoutSeconds: 120, roles: ["confignode"], internalAddress: "iotdb-1", cnInternalPort: 10710 }),
        "start supervised": startScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, user: "root", timeoutSeconds: 120, supervise: { dataDir: "/var/lib/iotdb" } }),
        supervisor: supervisorDaemonScript(home, "/var/lib/iotdb"),
        stop: stopScript({ home, timeoutSeconds: 60 }),
        "flusher start": startFlusherScript(flusher),
        "flusher start supervised": startFlusherScript({ ...flusher, supervise: { dataDir: "/var/lib/iotdb" } }),
        "flusher stop": stopFlusherScript(home),
        "flusher check": checkFlusherScript(flusher),
        "data dir claim": claimDataDirScript(dataDir),
        "data dir purge": purgeDataDirScript(dataDir),
        download: downloadScript({ url: "https://artifacts.example/iotdb.tar.gz", sha256: "b".repeat(64), path: "/opt/iotdb/dist/iotdb.tar.gz" }),
        "hosts ensure": ensureHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.0.0.1" }, { hostname: "iotdb-2", address: "10.0.0.2" }], owner: "iotdb-dual-active/unit" }),
        "hosts remove": removeHostsScript({ owner: "iotdb-dual-active/unit" }),
        "hosts check": checkHostsScript({ entries: [{ hostname: "iotdb-1", address: "10.0.0.1" }], owner: "iotdb-dual-active/unit" }),
        credentials: credentialsScript(target, "replicator", { writePaths: ["root.site_b.**", "root.plant.b.d1.s"], databases: ["root.site_b", "root.plant"] }, ["root.__dual_active_canary.a.**"]),
        "pipe ensure": ensurePipeScript(target, "AB", 120),
        "pipe check": checkPipeScript(target, "AB"),
        "verify query": verifyQueryScript({ home, rpcHost: "iotdb-1", rpcPort: 6667, timeoutMs: 300_000 }),
        "pipe resume": resumePipeScript(target, "AB"),
        "pipe resume restarting the ConfigNode": resumePipeScript(target, "AB", configNode),
        "pipe remove": removePipeScript(target, "AB"),
        "pipe remove restarting the ConfigNode": removePipeScript(target, "AB", 300, configNode),
        "datanode removal": removeDataNodeScript(target, "iotdb-5", 600),
        "rollout gate, side A": rolloutGateAScript({ target, ticket: "0123456789abcdef", awaited: ["iotdb-1", "iotdb-3"], pipe: "AB" }),
        "rollout gate, side B": rolloutGateBScript({ target, pipe: "BA" }),
        "rollout watch": rolloutWatchScript("/opt/iotdb/journal.log"),
        "datanode membership": memberDataNodeScript("iotdb-5"),
        "node rebuild": rebuildNodeScript({ dataDir: "/var/lib/iotdb", installDir: "/opt/iotdb", owner: "iotdb-dual-active/prod", hostname: "iotdb-1", home: "/opt/iotdb/apache-iotdb-2.0.10", roles: ["confignode", "datanode"], stopTimeoutSeconds: 120 }),
    };
}
