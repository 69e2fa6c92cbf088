// Drives test/support/ReplicationLoad.java: writes to both sides at once (no FLUSH), samples each
// direction's lag, and reads back what each side holds. Compiled once per run against the lib/ of
// the distribution tarball `npm run setup` built (extracted beside it in the project cache).
import { spawn, spawnSync, ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const CACHE = process.env.IOTDB_DA_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "iotdb-dual-active");
const VERSION = "2.0.10";

let compiled: string | undefined;

/** Directory holding ReplicationLoad.class, and the classpath that runs it. */
function build(): { dir: string; classpath: string } {
    const distDir = path.join(CACHE, "iotdb", VERSION);
    const lib = path.join(distDir, "client", `apache-iotdb-${VERSION}`, "lib");
    if (!fs.existsSync(lib)) {
        const tarball = path.join(distDir, `apache-iotdb-${VERSION}-bin.tar.gz`);
        if (!fs.existsSync(tarball)) throw new Error(`${tarball} is missing: run npm run setup`);
        fs.mkdirSync(path.join(distDir, "client"), { recursive: true });
        const r = spawnSync("tar", ["-xzf", tarball, "-C", path.join(distDir, "client"), `apache-iotdb-${VERSION}/lib`], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`cannot extract lib/ from ${tarball}: ${r.stderr}`);
    }
    const classpath = `${lib}/*`;
    if (!compiled) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replication-load-"));
        const r = spawnSync("javac", ["--release", "11", "-nowarn", "-cp", classpath, "-d", dir, path.join(REPO, "test", "support", "ReplicationLoad.java"),
            path.join(REPO, "test", "support", "AlternatingWriter.java"), path.join(REPO, "host-tools", "IotdbSql.java")], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`javac ReplicationLoad.java failed (exit ${r.status}, signal ${r.signal}${r.error ? `, ${r.error.message}` : ""}): ${r.stderr}${r.stdout}`);
        compiled = dir;
    }
    return { dir: compiled, classpath: `${compiled}:${classpath}` };
}

/** The classpath that runs the test clients of test/support (ReplicationLoad, AlternatingWriter), compiled once per run. */
export function clientClasspath(): string {
    return build().classpath;
}

export interface LoadOptions {
    /** host:port of each side's DataNode (reached from this machine). */
    a: string;
    b: string;
    /** root's password on both sides, or each side's own. */
    password: string | { a: string; b: string };
    databases: number;
    /** Devices per database (half written by each side). */
    devices: number;
    tickMs: number;
    seconds: number;
    layout?: "shared" | "owned";
    prefix?: string;
    /** Rows each device gets a tick, at distinct times (default 1). */
    rowsPerTick?: number;
    /** How a tick is written: one insertRecords (default) or one insertTablets call. */
    insert?: "records" | "tablets";
    /** Only this side writes (and only its direction is sampled). */
    only?: "a" | "b";
    /** Layout owned: devices `<devicePrefix>_j` instead of `d_j`; sampling and holdings look at those only. */
    devicePrefix?: string;
    /** Milliseconds between lag samples (default 2000; 0: none). */
    sampleMs?: number;
    /** Print `stats <side> <elapsedMs> <ticks> <lateTicks>` per writer at the end (read them from `child.stdout`). */
    stats?: boolean;
    /** A late tick is made up: the next call carries the missed ticks' rows (a client that buffers). */
    keepRate?: boolean;
}

export interface LoadResult {
    /** Lag samples in ms, per direction, in order. */
    lag: { AB: number[]; BA: number[] };
    /** Samples where the other side could not be read. */
    unreadable: { A: number; B: number };
    /** What each writer had acknowledged, per device: count, sum of values, newest time. */
    written: Map<string, DeviceRows>;
    failed: { A: number; B: number };
}

export interface DeviceRows {
    count: number;
    sum: number;
    maxTime: number;
}

function args(o: Pick<LoadOptions, "a" | "b" | "prefix" | "devicePrefix">): string[] {
    return ["--a", o.a, "--b", o.b, ...(o.prefix ? ["--prefix", o.prefix] : []), ...(o.devicePrefix ? ["--device-prefix", o.devicePrefix] : [])];
}

/** The run options beyond the original ones, only when set. */
function rateArgs(o: LoadOptions): string[] {
    return [
        ...(o.rowsPerTick !== undefined ? ["--rows-per-tick", String(o.rowsPerTick)] : []),
        ...(o.insert ? ["--insert", o.insert] : []),
        ...(o.only ? ["--only", o.only] : []),
        ...(o.sampleMs !== undefined ? ["--sample-ms", String(o.sampleMs)] : []),
        ...(o.stats ? ["--stats", "yes"] : []),
        ...(o.keepRate ? ["--keep-rate", "yes"] : []),
    ];
}

/** ReplicationLoad's stdin: side A's root password, then side B's (the same when one is given). */
function passwordLines(p: LoadOptions["password"]): string {
    return typeof p === "string" ? `${p}\n${p}\n` : `${p.a}\n${p.b}\n`;
}

/** A running load: `done` resolves with its result; `onLag` sees each sample as it comes. */
export function startLoad(o: LoadOptions, onLag?: (dir: "AB" | "BA", ms: number) => void): { child: ChildProcess; done: Promise<LoadResult> } {
    const { classpath } = build();
    const child = spawn("java", ["-Xmx256m", "-cp", classpath, "ReplicationLoad", "run", ...args(o),
        "--databases", String(o.databases), "--devices", String(o.devices), "--tick-ms", String(o.tickMs),
        "--seconds", String(o.seconds), "--layout", o.layout ?? "shared", ...rateArgs(o)], { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin!.end(passwordLines(o.password));
    const result: LoadResult = { lag: { AB: [], BA: [] }, unreadable: { A: 0, B: 0 }, written: new Map(), failed: { A: 0, B: 0 } };
    let buffer = "";
    let stderr = "";
    child.stderr!.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
    child.stdout!.on("data", (d) => {
        buffer += d;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
            const f = buffer.slice(0, nl).split(" ");
            buffer = buffer.slice(nl + 1);
            if (f[0] === "lag") {
                const dir = f[1] as "AB" | "BA";
                result.lag[dir].push(Number(f[2]));
                onLag?.(dir, Number(f[2]));
            } else if (f[0] === "unreadable") result.unreadable[f[1] as "A" | "B"]++;
            else if (f[0] === "written") result.written.set(f[1], { count: Number(f[2]), sum: Number(f[3]), maxTime: Number(f[4]) });
            else if (f[0] === "failed") result.failed[f[1] as "A" | "B"] = Number(f[2]);
        }
    });
    const done = new Promise<LoadResult>((resolve, reject) => {
        // "close", not "exit": the last lines (written, failed) may still be in the pipe at exit.
        child.on("close", (code) => (code === 0 ? resolve(result) : reject(new Error(`ReplicationLoad exited ${code}: ${stderr}`))));
    });
    return { child, done };
}

/** What each side holds of the load's devices: count, sum and newest time per device. */
export function holdings(o: Pick<LoadOptions, "a" | "b" | "password" | "prefix" | "devicePrefix">): { A: Map<string, DeviceRows>; B: Map<string, DeviceRows> } {
    const { classpath } = build();
    const r = spawnSync("java", ["-Xmx256m", "-cp", classpath, "ReplicationLoad", "verify", ...args(o)], { input: passwordLines(o.password), encoding: "utf8", timeout: 120000 });
    if (r.status !== 0) throw new Error(`ReplicationLoad verify failed (exit ${r.status}): ${r.stderr}`);
    const out = { A: new Map<string, DeviceRows>(), B: new Map<string, DeviceRows>() };
    for (const line of r.stdout.split("\n")) {
        const f = line.split(" ");
        if (f[0] === "holds") out[f[1] as "A" | "B"].set(f[2], { count: Number(f[3]), sum: Number(f[4]), maxTime: Number(f[5]) });
    }
    return out;
}

/** The p-th percentile (0-100) of a list of numbers, by nearest rank. */
export function percentile(values: number[], p: number): number {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((x, y) => x - y);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
