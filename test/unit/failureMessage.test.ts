// The error of a failed remote step (providers/failureMessage.ts): the cause first, then the log tail,
// never a secret it was given on stdin.
import * as assert from "assert";
import { failureMessage, secretsOf, redact, TAIL_LINES } from "../../providers/failureMessage";

const configDump = Array.from({ length: 80 }, (_, i) => `2026-12-02 10:00:${String(i % 60).padStart(2, "0")} INFO IoTDBDescriptor:${i} - some_key_${i}=value`);

describe("failureMessage: the cause of a failed step leads its error", () => {
    it("the start script's ERROR line comes first even when 80 lines of IoTDB's log follow it", () => {
        const stderr = ["start datanode: ERROR: IoTDB rejected the password of root", "start datanode: --- last 40 lines of /opt/iotdb/logs/log_datanode_all.log ---", ...configDump].join("\n");
        const msg = failureMessage("start the datanode (dual-a-iotdb-1)", "root@10.0.0.1:22", 1, stderr);
        const first = msg.split("\n")[0];
        assert.strictEqual(first, "start the datanode (dual-a-iotdb-1) failed on root@10.0.0.1:22 (exit 1): start datanode: ERROR: IoTDB rejected the password of root");
        assert.ok(msg.includes(configDump[79]), "the newest log line is kept");
        assert.ok(!msg.includes(configDump[0]), "the oldest log lines are cut");
        assert.strictEqual(msg.split("\n").length, 1 + 1 + TAIL_LINES);
    });

    it("without a cause line it keeps the tail, as before", () => {
        const msg = failureMessage("install", "h", 2, "a\nb\n");
        assert.strictEqual(msg, "install failed on h (exit 2):\na\nb");
        assert.strictEqual(failureMessage("install", "h", 2, ""), "install failed on h (exit 2):\n(nothing on stderr)");
    });

    it("an IoTDB log line at level ERROR is not taken for the script's verdict", () => {
        const stderr = "2026-12-02 10:19:01,123 [pool-1] ERROR o.a.i.c.ProcedureExecutor:415 - not RUNNABLE\nstep: ERROR: pipe AB did not start";
        assert.match(failureMessage("s", "h", 1, stderr), /^s failed on h \(exit 1\): step: ERROR: pipe AB did not start\n/);
    });

    it("masks each stdin line and each quoted SQL string in it, wherever it shows", () => {
        const stdin = "S3cret-pw\nALTER USER `root` SET PASSWORD 'n3w''pw'\n";
        const secrets = secretsOf(stdin);
        assert.ok(secrets.includes("S3cret-pw") && secrets.includes("n3w'pw"));
        const stderr = "step: ERROR: login as root with S3cret-pw refused\nmsg: n3w'pw and S3cret-pw";
        const msg = failureMessage("s", "h", 1, stderr, secrets);
        assert.ok(!msg.includes("S3cret-pw") && !msg.includes("n3w'pw"), msg);
        assert.strictEqual(redact("x S3cret-pw y", secrets), "x [redacted] y");
    });
});
