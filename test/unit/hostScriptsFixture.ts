// The fake IoTDB home the host scripts' tests run against (hostScripts, installScript,
// configureScript, stopScript, startScript .test.ts).
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The host scripts run here for real, against a fake IoTDB home: fake sbin start scripts launch a
 * fake "java" (a bash loop whose command line carries the role's main class and -D..._HOME=<home>),
 * and a fake tools/iotdb-sql/iotdb-sql answers `show cluster` from files.
 */

export interface RunResult {
    stdout: string;
    stderr: string;
    status: number | null;
    ms: number;
}

export function run(script: string, stdin = "", cwd?: string, timeoutMs = 60000): RunResult {
    const t0 = Date.now();
    const r = spawnSync("bash", ["-c", script], { input: stdin, encoding: "utf8", cwd, timeout: timeoutMs });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: Date.now() - t0 };
}

export const CN_CLASS = "org.apache.iotdb.confignode.service.ConfigNode";
export const DN_CLASS = "org.apache.iotdb.db.service.DataNode";
export const SECRET = "S3cret-Pw!x";

export function sha256(file: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

export function writeExec(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: 0o755 });
}

/** Pids whose /proc/<pid>/cmdline holds every one of the given arguments. */
export function pidsWithArgs(...args: string[]): number[] {
    const out: number[] = [];
    for (const d of fs.readdirSync("/proc")) {
        if (!/^[0-9]+$/.test(d)) continue;
        let argv: string[];
        try {
            argv = fs.readFileSync(`/proc/${d}/cmdline`, "latin1").split("\0");
        } catch {
            continue;
        }
        if (args.every((a) => argv.includes(a))) out.push(Number(d));
    }
    return out;
}

export function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        const state = fs.readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]?.[0];
        return state !== "Z";
    } catch {
        return false;
    }
}

export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
        if (cond()) return true;
        await new Promise((r) => setTimeout(r, 100));
    }
    return cond();
}

export class Fixture {
    readonly root: string;
    readonly fakeJava: string;
    readonly stubbornJava: string;
    private readonly children: ChildProcess[] = [];

    constructor() {
        this.root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hostscripts-")));
        this.fakeJava = path.join(this.root, "fake-java");
        this.stubbornJava = path.join(this.root, "stubborn-java");
        writeExec(this.fakeJava, "#!/usr/bin/env bash\ntrap 'exit 0' TERM\nwhile :; do sleep 0.1; done\n");
        writeExec(this.stubbornJava, "#!/usr/bin/env bash\ntrap '' TERM\nwhile :; do sleep 0.1; done\n");
    }

    /** A fake IoTDB home: fake sbin start scripts, fake SQL runner, conf files with MEMORY_SIZE=. */
    makeHome(name: string): string {
        const home = path.join(this.root, name);
        const calls = path.join(home, "calls.log");
        for (const [role, cls, prop] of [
            ["confignode", CN_CLASS, "CONFIGNODE_HOME"],
            ["datanode", DN_CLASS, "IOTDB_HOME"],
        ]) {
            writeExec(
                path.join(home, "sbin", `start-${role}.sh`),
                [
                    "#!/usr/bin/env bash",
                    `echo "${role} $*" >>'${calls}'`,
                    '[[ $1 == -d ]] || exit 9',
                    'echo "Checking whether the ports are already occupied..."',
                    `if [[ -f '${home}/fake-occupied-${role}' ]]; then echo "The dn_rpc_port 6667 is already occupied, PID: 1"; echo "Exit because there are occupied ports."; exit 0; fi`,
                    `nohup bash '${this.fakeJava}' "-D${prop}=$${prop}" -cp lib ${cls} >/dev/null 2>&1 &`,
                    "exit 0",
                    "",
                ].join("\n"),
            );
        }
        writeExec(
            path.join(home, "tools", "iotdb-sql", "iotdb-sql"),
            [
                "#!/usr/bin/env bash",
                'state=$(cd "$(dirname "$0")/../.." && pwd)',
                'printf "%s\\n" "$*" >>"$state/sql-args.log"',
                "IFS= read -r pw",
                'stmts=$(cat)',
                'printf "%s\\n" "$stmts" >>"$state/sql-stmts.log"',
                'mode=$(cat "$state/fake-mode")',
                'if [[ $mode == down ]]; then echo "iotdb-sql: cannot connect to x:1 as root: Fail to reconnect to server." >&2; exit 2; fi',
                'if [[ $pw != "$(cat "$state/fake-password")" ]]; then echo "iotdb-sql: cannot connect to x:1 as root: 801: Authentication failed." >&2; exit 2; fi',
                "printf 'NodeID\\tNodeType\\tStatus\\tInternalAddress\\tInternalPort\\tVersion\\tBuildInfo\\n'",
                "printf '0\\tConfigNode\\tRunning\\t127.0.0.1\\t10710\\t2.0.10\\tx\\n'",
                "printf '1\\tDataNode\\t%s\\t127.0.0.1\\t10730\\t2.0.10\\tx\\n' \"$mode\"",
                "",
            ].join("\n"),
        );
        // A fake flusher (host-tools/iotdb-flusher): keeps the password it got, says it connected, runs on.
        writeExec(
            path.join(home, "tools", "iotdb-sql", "iotdb-flusher"),
            [
                "#!/usr/bin/env bash",
                'state=$(cd "$(dirname "$0")/../.." && pwd -P)',
                "IFS= read -r pw",
                'printf "%s\\n" "$pw" >"$state/flusher-password"',
                'echo "iotdb-flusher: connected to x:1"',
                `exec bash '${this.fakeJava}' "-Diotdb.flusher.home=$state" IotdbFlusher "$@"`,
                "",
            ].join("\n"),
        );
        fs.mkdirSync(path.join(home, "conf"), { recursive: true });
        fs.mkdirSync(path.join(home, "lib"), { recursive: true });
        fs.writeFileSync(path.join(home, "conf", "confignode-env.sh"), "# env\nMEMORY_SIZE=\nOTHER=1\n");
        fs.writeFileSync(path.join(home, "conf", "datanode-env.sh"), "# env\nMEMORY_SIZE=\nif [ -n \"$MEMORY_SIZE\" ]; then :; fi\n");
        fs.mkdirSync(path.join(home, "logs"), { recursive: true });
        fs.writeFileSync(
            path.join(home, "logs", "log_datanode_all.log"),
            Array.from({ length: 100 }, (_, i) => `LOGLINE-${i}`).join("\n") + "\n",
        );
        this.setMode(home, "Running");
        this.setPassword(home, "root");
        return home;
    }

    setMode(home: string, mode: string): void {
        fs.writeFileSync(path.join(home, "fake-mode"), mode);
    }

    setPassword(home: string, pw: string): void {
        fs.writeFileSync(path.join(home, "fake-password"), pw);
    }

    /** Starts a fake node process directly (not through a start script). */
    spawnNode(role: "confignode" | "datanode", homeArg: string, opts: { cwd?: string; stubborn?: boolean } = {}): number {
        const cls = role === "confignode" ? CN_CLASS : DN_CLASS;
        const prop = role === "confignode" ? "CONFIGNODE_HOME" : "IOTDB_HOME";
        const child = spawn("bash", [opts.stubborn ? this.stubbornJava : this.fakeJava, `-D${prop}=${homeArg}`, "-cp", "lib", cls], {
            cwd: opts.cwd ?? this.root,
            stdio: "ignore",
            detached: true,
        });
        child.unref();
        this.children.push(child);
        return child.pid as number;
    }

    cleanup(): void {
        // Everything whose command line mentions a fake java of this fixture, SIGKILL: test processes only.
        for (const exe of [this.fakeJava, this.stubbornJava]) {
            for (const pid of pidsWithArgs(exe)) {
                try {
                    process.kill(pid, "SIGKILL");
                } catch {
                    /* gone */
                }
            }
        }
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** A fresh Fixture for each test of the calling describe block (handed to `use`), cleaned up after it. */
export function fixturePerTest(use: (fx: Fixture) => void): void {
    let fx: Fixture | undefined;
    beforeEach(() => {
        fx = new Fixture();
        use(fx);
    });
    afterEach(() => {
        fx?.cleanup();
    });
}
