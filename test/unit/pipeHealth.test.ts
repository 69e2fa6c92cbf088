import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pipeHealthFunctions, sqlPrelude } from "../../lib/sqlScripts";

/**
 * pipe_health runs for real against a fake tools/iotdb-sql/iotdb-sql that answers each SHOW PIPES
 * with the next of a list of prepared result sets (the last one repeats).
 */
const HEADER = ["ID", "CreationTime", "State", "PipeSource", "PipeProcessor", "PipeSink", "ExceptionMessage", "RemainingEventCount", "EstimatedRemainingSeconds"];
type Row = { id?: string; state?: string; remaining: number; estimated?: number; exception?: string };

function health(samples: Row[][], n = 4): string {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-health-"));
    try {
        const tool = path.join(home, "tools", "iotdb-sql");
        fs.mkdirSync(tool, { recursive: true });
        samples.forEach((rows, k) => {
            const lines = [HEADER.join("\t"), ...rows.map((r) => [r.id ?? "AB", "t", r.state ?? "RUNNING", "src", "proc", "sink",
                r.exception ?? "", String(r.remaining), String(r.estimated ?? 0.5)].join("\t"))];
            fs.writeFileSync(path.join(home, `answer.${k}`), lines.join("\n") + "\n");
        });
        fs.writeFileSync(path.join(tool, "iotdb-sql"), `#!/usr/bin/env bash
set -euo pipefail
cat >/dev/null
n=$(cat "${home}/count" 2>/dev/null || echo 0)
echo $(( n + 1 )) >"${home}/count"
f="${home}/answer.$n"
[[ -f $f ]] || f="${home}/answer.${samples.length - 1}"
cat "$f"
`, { mode: 0o755 });
        const script = `${sqlPrelude({ home, rpcHost: "h", rpcPort: 1, journalFile: path.join(home, "journal") })}
admin_pw=pw
${pipeHealthFunctions("AB", n, 0)}
pipe_health`;
        const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        return r.stdout.trim();
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
}

describe("pipe health (stall detection)", () => {
    it("ok at once when the backlog is empty", () => {
        assert.strictEqual(health([[{ remaining: 0 }]]), "ok");
    });

    it("ok when the backlog falls at least once over the window (a busy, healthy pipe)", () => {
        assert.strictEqual(health([[{ remaining: 5 }], [{ remaining: 7 }], [{ remaining: 4 }], [{ remaining: 6 }]]), "ok");
    });

    it("stalled when the backlog never falls: frozen (issue 12's deadlock), with the sentinel and IoTDB's message", () => {
        const out = health([[{ remaining: 7, estimated: 31536000, exception: "forceAllocate: failed" }]]);
        assert.match(out, /^stalled: RemainingEventCount 7 then 7 over 0s, never falling; EstimatedRemainingSeconds at the one-year sentinel; ExceptionMessage: forceAllocate: failed$/);
    });

    it("stalled when the backlog only grows", () => {
        assert.match(health([[{ remaining: 3 }], [{ remaining: 3 }], [{ remaining: 9 }], [{ remaining: 12 }]]), /^stalled: RemainingEventCount 3 then 12 /);
    });

    it("sums the halves of an auto-split pipe and ignores other pipes", () => {
        const rows = (h: number, r: number, other: number) => [{ id: "AB_history", remaining: h }, { id: "AB_realtime", remaining: r }, { id: "ABC", remaining: other }];
        assert.strictEqual(health([rows(2, 2, 9), rows(1, 2, 9), rows(1, 1, 9), rows(1, 1, 9)]), "ok");
        assert.match(health([rows(2, 2, 0)]), /^stalled: RemainingEventCount 4 then 4 /);
    });

    it("missing, and not running", () => {
        assert.strictEqual(health([[{ id: "OTHER", remaining: 0 }]]), "missing");
        assert.strictEqual(health([[{ state: "STOPPED", remaining: 3 }]]), "not running: STOPPED");
    });
});
