// The baseline: the source document's manual steps, one after the other over SSH, on the same test hosts,
// with the same distribution tarball and settings, by running the project's own rendered scripts (lib/)
// with sshExec (secrets on stdin). No Pulumi, no parallelism.
import * as crypto from "crypto";
import * as fs from "fs";
import { spawnSync } from "child_process";
import { sshExec, sshConfigPath, testHost, assertTestHostUp } from "../test/integration/testhosts";
import { Run } from "../test/integration/pairFixture";
import { parsePairConfig, PairConfig, NodeConfig } from "../lib/config";
import { locateDistribution } from "../lib/distribution";
import { installScript, configureScript, startScript, stopScript, iotdbHome } from "../lib/hostScripts";
import { ensureHostsScript, removeHostsScript } from "../lib/hostsFile";
import { renderSystemProperties } from "../lib/properties";
import { credentialsScript, ensurePipeScript, stdinLines, SqlTarget } from "../lib/sqlScripts";
import { journalFile } from "../lib/layout";
import { alterPasswordSql, createUserSql, grantSyncPrivilegesSql, createPipeSql } from "../lib/sql";
import { shellQuote } from "../lib/shell";

export const BASELINE_OWNER_STACK = "bench-base";

/** The validated settings of a stack file's JSON (same parser as index.ts). */
export function pairFromStackFile(stackFileJson: string): PairConfig {
    const ns = "iotdb-dual-active";
    const cfg = JSON.parse(stackFileJson).config as Record<string, unknown>;
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(cfg)) raw[k.slice(ns.length + 1)] = v;
    return parsePairConfig(raw as any, { namespace: ns, isSecret: () => false, fileExists: fs.existsSync });
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
    const c = pairFromStackFile(stackFileJson);
    const dist = locateDistribution(c.iotdbVersion, c.distribution.localPath);
    const adminPassword = crypto.randomBytes(12).toString("hex");
    const syncPassword = crypto.randomBytes(12).toString("hex");
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
            extra: { pipe_auto_split_full_enabled: "false", ...(c.systemProperties ?? {}) },
        });
        timed(`${key} configure`, () => step(i, "configure", configureScript({ home, systemProperties: props, confignodeMemory: c.memory.confignode, datanodeMemory: c.memory.datanode })));
        timed(`${key} start + wait Running`, () => step(i, "start", startScript({
            home, rpcHost: n.hostname, rpcPort: c.ports.dnRpc, user: "root", timeoutSeconds: c.startTimeoutSeconds, roles: ["confignode", "datanode"],
        }), stdinLines([adminPassword])));
        timed(`${key} credentials`, () => step(i, "credentials", credentialsScript(target(n), c.syncUser), stdinLines([
            adminPassword, alterPasswordSql("root", adminPassword), createUserSql(c.syncUser, syncPassword),
            alterPasswordSql(c.syncUser, syncPassword), ...grantSyncPrivilegesSql(c.syncUser),
        ])));
    }
    for (const [key, from, to, p] of [["AB", c.sideA, c.sideB, c.pipes.ab], ["BA", c.sideB, c.sideA, c.pipes.ba]] as const) {
        const n = from.nodes[0];
        const spec = { name: p.name, syncUser: c.syncUser, source: p.source, sink: p.sink, peerNodeUrls: to.nodes.map((m) => `${m.hostname}:${c.ports.dnRpc}`) };
        timed(`pipe ${key} (create + wait RUNNING)`, () => {
            const out = step(idx(n), "pipe", ensurePipeScript(target(n), p.name, 120), stdinLines([adminPassword, createPipeSql(spec, syncPassword)]));
            if (!/RUNNING\s*$/.test(out)) throw new Error(`pipe ${key} not RUNNING: ${out}`);
        });
    }
    const totalMs = Date.now() - t0;
    return { totalMs, steps, startAMs: steps.find((s) => s.name === "A start + wait Running")!.ms };
}

/** Stops the baseline's IoTDBs and removes its hosts lines (cleanupHosts removes the rest). */
export function teardownBaseline(run: Run, version = "2.0.10"): void {
    for (const i of [1, 2]) {
        sshExec(i, `bash -c ${shellQuote(stopScript({ home: iotdbHome(run.installDir, version), timeoutSeconds: 120 }))}`, { timeoutMs: 300_000 });
        sshExec(i, `bash -c ${shellQuote(removeHostsScript({ owner: `iotdb-dual-active/${BASELINE_OWNER_STACK}` }))}`);
    }
}
