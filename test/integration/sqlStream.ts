// One long-lived iotdb-sql runner on a test host (over ssh), fed statement by statement: a query costs
// a round trip, not a JVM start, so a test can time when a row appears to within tens of milliseconds.
// The runner (host-tools/IotdbSql.java) reads one statement a line and flushes each result set; each
// statement is followed by SHOW VERSION, whose row tells that the statement before it is done.
import { spawn, ChildProcessWithoutNullStreams } from "child_process";
import { sshConfigPath, testHost } from "./testhosts";

export class SqlStream {
    private readonly child: ChildProcessWithoutNullStreams;
    private lines: string[] = [];
    private partial = "";
    private waiter?: () => void;
    private exited?: string;

    /** Logs in as root on host i (password on stdin). */
    constructor(i: number, home: string, password: string, port = 6667) {
        const h = testHost(i);
        this.child = spawn("ssh", ["-F", sshConfigPath(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", h.label, "--",
            `${home}/tools/iotdb-sql/iotdb-sql --host iotdb-${i} --port ${port} --user root --timeout-ms 60000 --separate`]);
        let stderr = "";
        this.child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        this.child.stdout.on("data", (d: Buffer) => {
            const parts = (this.partial + d.toString()).split("\n");
            this.partial = parts.pop() ?? "";
            this.lines.push(...parts);
            this.waiter?.();
        });
        this.child.on("exit", (code) => { this.exited = `iotdb-sql on host ${i} exited (${code}): ${stderr.trim()}`; this.waiter?.(); });
        this.child.stdin.write(password + "\n");
    }

    /** Runs one statement; resolves with its result set's rows (header first), [] for a statement without one. */
    async run(statement: string, timeoutMs = 30_000): Promise<string[][]> {
        if (/[\r\n]/.test(statement)) throw new Error("one statement a line");
        this.lines = [];
        this.child.stdin.write(`${statement}\nSHOW VERSION\n`);
        const deadline = Date.now() + timeoutMs;
        // Done once SHOW VERSION's header and row are in: the statement before it has printed all it will.
        for (;;) {
            const v = this.lines.findIndex((l) => l.startsWith("Version\t"));
            if (v >= 0 && this.lines.length > v + 1) {
                const sets = this.lines.slice(0, v).join("\n").split(/^--$/m).map((s) => s.split("\n").filter(Boolean)).filter((s) => s.length > 0);
                return sets.length > 0 ? sets[0].map((l) => l.split("\t")) : [];
            }
            if (this.exited) throw new Error(this.exited);
            if (Date.now() > deadline) throw new Error(`no answer to ${statement} within ${timeoutMs} ms`);
            await new Promise<void>((r) => { this.waiter = r; setTimeout(r, 200); });
        }
    }

    close(): void {
        this.child.stdin.end();
        setTimeout(() => this.child.kill(), 2000).unref();
    }
}
