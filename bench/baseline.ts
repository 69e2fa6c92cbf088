// The baseline: the source document's manual steps, one after the other over SSH, on the same test hosts,
// with the same distribution tarball and settings, by running the project's own rendered scripts (lib/)
// with sshExec (secrets on stdin). No Pulumi, no parallelism. It does what the product does now: the
// replication properties on every node, a flusher beside each DataNode, and pipes that carry each side's
// own paths (lib/plan/replication.ts).
import * as fs from "fs";
import { spawnSync } from "child_process";
import { sshExec, sshConfigPath, testHost, assertTestHostUp } from "../test/integration/testhosts";
import { Run } from "../test/integration/pairFixture";
import { parsePairConfig, PairConfig, NodeConfig, sideProperties } from "../lib/config/pairConfig";
import { locateDistribution } from "../lib/config/distribution";
import { installScript, configureScript, startScript, stopScript, iotdbHome } from "../lib/render/hostScripts";
import { ensureHostsScript, removeHostsScript } from "../lib/render/hostsFile";
import { renderSystemProperties } from "../lib/render/properties";
import { credentialsScript, credentialsStdin, ensurePipeScript, stdinLines, SqlTarget } from "../lib/render/sqlScripts";
import { journalFile } from "../lib/plan/layout";
import { createPipeSql } from "../lib/render/sql";
import { FLUSHER_USER, flusherPassword, flusherWritePaths } from "../lib/plan/flusherAccess";
import { syncAccess } from "../lib/plan/syncAccess";
import { shellQuote } from "../lib/render/shell";
import { generatePassword, PASSWORD_KEYS, PasswordKey } from "../lib/config/passwords";
import { pipeAttributes, replicationProperties, flushIntervalMs } from "../lib/plan/replication";
import { startFlusherScript, stopFlusherScript } from "../lib/render/flusherScripts";

export const BASELINE_OWNER_STACK = "bench-base";

/** Passwords the baseline generates for one run (the product keeps them as stack config secrets). */
export type BaselinePasswords = Record<PasswordKey, string>;

/**
 * The validated settings of a stack file's JSON (same parser as index.ts). The stack file has no
 * passwords (the bench generates them into the stack as secrets); the baseline's own ones stand in,
 * as secrets, so the parser checks them the way it checks the product's.
 */
export function pairFromStackFile(stackFileJson: string, passwords: BaselinePasswords): PairConfig {
    const ns = "iotdb-dual-active";
    const cfg = JSON.parse(stackFileJson).config as Record<string, unknown>;
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(cfg)) raw[k.slice(ns.length + 1)] = v;
    Object.assign(raw, passwords);
    const secrets = new Set<string>(PASSWORD_KEYS);
    return parsePairConfig(raw as any, { namespace: ns, isSecret: (k) => secrets.has(k), fileExists: fs.existsSync });
}

function step(i: number, what: string, script: string, input = "", timeoutMs = 600_000): string {
    const r = sshExec(i, `bash -c ${shellQuote(script)}`, { input, timeoutMs });
    if (r.code !== 0) throw new Error(`baseline ${what} on host ${i} failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
    return r.stdout;
}

export interface BaselineResult {
    totalMs: number;
    /** Wall time of each step, in order. */
    steps: { name: string; ms: number }[];
    /** IoTDB's start-to-Running on host A (the start step). */
    startAMs: number;
}

/** Runs the manual procedure for `run` (its install/data dirs) with the settings of `stackFileJson`. */
export function runBaseline(run: Run, stackFileJson: string): BaselineResult {
    // Each side its own, as the product's stacks (lib/config/passwords.ts).
    const pw = Object.fromEntries(PASSWORD_KEYS.map((k) => [k, generatePassword(24)])) as BaselinePasswords;
    const sidePw = { A: { admin: pw.adminPassword, sync: pw.syncPassword }, B: { admin: pw.adminPasswordB, sync: pw.syncPasswordB } };
    const c = pairFromStackFile(stackFileJson, pw);
    const dist = locateDistribution(c.iotdbVersion, c.distribution.localPath);
    const owner = `iotdb-dual-active/${BASELINE_OWNER_STACK}`;
    const home = iotdbHome(c.installDir, c.iotdbVersion);
    const everyNode = [...c.sideA.nodes, ...c.sideB.nodes];
    const entries = everyNode.map((n) => ({ hostname: n.hostname, address: n.address }));
    const target = (n: NodeConfig): SqlTarget => ({ home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc, journalFile: journalFile(c.installDir) });
    const idx = (n: NodeConfig) => Number(n.hostname.split("-").pop());
    const steps: { name: string; ms: number }[] = [];
    const timed = <T>(name: string, f: () => T): T => {
        const t = Date.now();
        const v = f();
        steps.push({ name, ms: Date.now() - t });
        return v;
    };
    const t0 = Date.now();
    for (const [key, side] of [["A", c.sideA], ["B", c.sideB]] as const) {
        const { admin: adminPassword, sync: syncPassword } = sidePw[key];
        const n = side.nodes[0];
        const i = idx(n);
        timed(`${key} hosts entries`, () => step(i, "hosts", ensureHostsScript({ entries, owner })));
        const archivePath = `${c.installDir}/dist/apache-iotdb-${c.iotdbVersion}-bin.tar.gz`;
        timed(`${key} copy tarball (scp)`, () => {
            step(i, "mkdir", `mkdir -p ${shellQuote(`${c.installDir}/dist`)}`);
            assertTestHostUp(testHost(i).address);
            const r = spawnSync("scp", ["-q", "-F", sshConfigPath(), "-o", "BatchMode=yes", dist.localPath, `${testHost(i).label}:${archivePath}`], { encoding: "utf8", timeout: 300_000 });
            if (r.status !== 0) throw new Error(`scp to host ${i} failed: ${r.stderr}`);
        });
        timed(`${key} install`, () => step(i, "install", installScript({ archivePath, archiveSha256: dist.sha256, installDir: c.installDir, version: c.iotdbVersion })));
        const props = renderSystemProperties({
            clusterName: side.clusterName, internalAddress: n.hostname, seedConfigNode: `${n.hostname}:${c.ports.cnInternal}`,
            rpcAddress: n.hostname, ports: c.ports, dataDir: c.dataDir,
            // As components/dualActivePair.ts and iotdbNode.ts merge them.
            extra: { pipe_auto_split_full_enabled: "false", ...replicationProperties(), ...(c.systemProperties ?? {}), ...sideProperties(side) },
        });
        timed(`${key} configure`, () => step(i, "configure", configureScript({ home, systemProperties: props, confignodeMemory: c.memory.confignode, datanodeMemory: c.memory.datanode })));
        timed(`${key} start + wait Running`, () => step(i, "start", startScript({
            home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc, user: "root", timeoutSeconds: c.startTimeoutSeconds, roles: ["confignode", "datanode"],
        }), stdinLines([adminPassword])));
        // As components/dualActivePair.ts: the user writes what the other side owns, nothing else.
        const peer = key === "A" ? c.sideB : c.sideA;
        const access = syncAccess(peer.owns, { ...(c.systemProperties ?? {}), ...sideProperties(side) }, key === "A" ? "b" : "a");
        const own = key === "A" ? "a" : "b";
        timed(`${key} credentials`, () => step(i, "credentials", credentialsScript(target(n), c.syncUser, access, flusherWritePaths(own)),
            credentialsStdin(adminPassword, c.syncUser, syncPassword)));
        // The product starts it once the credentials are set (components/flusher.ts), supervised; here by hand.
        timed(`${key} flusher`, () => step(i, "flusher", startFlusherScript({
            home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc, user: FLUSHER_USER, intervalMs: flushIntervalMs(c.replication.maxLagSeconds),
        }), stdinLines([flusherPassword(adminPassword)])));
    }
    for (const [key, from, to, p] of [["AB", c.sideA, c.sideB, c.pipes.ab], ["BA", c.sideB, c.sideA, c.pipes.ba]] as const) {
        const n = from.nodes[0];
        // As components/dualActivePair.ts: the project's attributes from the sender's `owns`, the user's on top.
        const defaults = pipeAttributes(from.owns, to.replication.data);
        const spec = {
            name: p.name, syncUser: c.syncUser, source: { ...defaults.source, ...p.source }, sink: { ...defaults.sink, ...p.sink },
            peerNodeUrls: to.nodes.map((m) => `${m.hostname}:${c.ports.dnRpc}`),
        };
        timed(`pipe ${key} (create + wait RUNNING)`, () => {
            const [fromKey, toKey] = key === "AB" ? ["A", "B"] as const : ["B", "A"] as const;
            const out = step(idx(n), "pipe", ensurePipeScript(target(n), p.name, 120), stdinLines([sidePw[fromKey].admin, createPipeSql(spec, sidePw[toKey].sync)]));
            if (!/RUNNING\s*$/.test(out)) throw new Error(`pipe ${key} not RUNNING: ${out}`);
        });
    }
    const totalMs = Date.now() - t0;
    return { totalMs, steps, startAMs: steps.find((s) => s.name === "A start + wait Running")!.ms };
}

/** Stops the baseline's flushers and IoTDBs and removes its hosts lines (cleanupHosts removes the rest). */
export function teardownBaseline(run: Run, version = "2.0.10"): void {
    for (const i of [1, 2]) {
        sshExec(i, `bash -c ${shellQuote(stopFlusherScript(iotdbHome(run.installDir, version)))}`, { timeoutMs: 120_000 });
        sshExec(i, `bash -c ${shellQuote(stopScript({ home: iotdbHome(run.installDir, version), timeoutSeconds: 120 }))}`, { timeoutMs: 300_000 });
        sshExec(i, `bash -c ${shellQuote(removeHostsScript({ owner: `iotdb-dual-active/${BASELINE_OWNER_STACK}` }))}`);
    }
}
