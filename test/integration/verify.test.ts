// `npm run verify` against a real pair (issue 13): exit 0 once both sides' writes into several databases
// converged (no FLUSH: the pair's flusher carries them); exit 1 naming the device after a row is deleted by
// hand on one side only; naming the device after both sides wrote different values at the same timestamp.
// The last two with both pipes stopped by hand, so that neither the deletion nor the values travel.
import * as assert from "assert";
import * as path from "path";
import { spawnSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, quiet, waitFor, pairHooks } from "./pairFixture";
import { REPO_ROOT, Workspace } from "./pulumiHarness";
import { runSql, rootPasswords, RootPassword } from "./iotdbClient";

const run = newRun("vf");
const { home } = run;
/** Rows an hour old: inside verify's default window (now less the lag bound), clear of any heartbeat. */
const T0 = Date.now() - 3_600_000;
const ROWS = 200;
/** Devices each side writes, under the paths it owns (pairFixture OWNS_A / OWNS_B): three databases a side. */
const DEVICES = { 1: ["root.dual.d1", "root.load_a_0.d1", "root.load_a_1.d2"], 2: ["root.dual_b.d1", "root.load_b_0.d1", "root.load_b_1.d2"] };
const ALL = [...DEVICES[1], ...DEVICES[2]];

/** A DOUBLE, an INT64, a BOOLEAN and a TEXT series a device: every kind of checksum verify computes. */
function inserts(device: string): string[] {
    const out: string[] = [];
    for (let k = 0; k < ROWS; k += 50) {
        const values = Array.from({ length: 50 }, (_, j) => k + j).map((n) => `(${T0 + n}, ${n}.25, ${n * 7}, ${n % 3 === 0}, 'v${n}')`);
        out.push(`insert into ${device}(timestamp, s, i, b, t) values ${values.join(", ")}`);
    }
    return out;
}

describe("verify: the two sides' data compared (real pair, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    let password: RootPassword = "";

    pairHooks("verify", run, "vf", stackConfig(run), (w, s) => { ws = w; stack = s; });

    function verify(...extra: string[]): { code: number; out: string; err: string } {
        const r = spawnSync("npx", ["ts-node", "--transpile-only", path.join(REPO_ROOT, "scripts/verify.ts"), "vf", "--cwd", ws.dir, ...extra], {
            cwd: REPO_ROOT, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000,
        });
        const out = r.stdout ?? "";
        const err = r.stderr ?? "";
        for (const p of Object.values(password as Record<number, string>)) assert.ok(!(out + err).includes(p), "verify printed a root password");
        return { code: r.status ?? -1, out, err };
    }

    const counts = (i: number) => runSql(i, home, password, ALL.map((d) => `select count(s), count(t) from ${d}`)).map((s) => s.rows[0]?.join("/") ?? "none");

    it("both sides' writes converged: exit 0 over the default window, every device compared", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = rootPasswords(up.outputs);
        // Both sides write, one after the other within seconds, no FLUSH.
        for (const i of [1, 2] as const) runSql(i, home, password, DEVICES[i].flatMap(inserts));
        const want = ALL.map(() => `${ROWS}/${ROWS}`);
        await waitFor("both sides hold every row", 180, () => (JSON.stringify([counts(1), counts(2)]) === JSON.stringify([want, want]) ? true : undefined), 2000);
        const r = verify();
        assert.strictEqual(r.code, 0, r.out + r.err);
        assert.match(r.out, /: 6 devices compared in [\d.]+ s, the sides agree\n$/);
        assert.match(r.err, /verify: comparing rows before .* \(now less replication\.maxLagSeconds/);
        assert.match(r.err, /verify: compared 6\/6 devices, 0 differ/);
    });

    describe("with both pipes stopped by hand", () => {
        before(() => {
            runSql(1, home, password, ["stop pipe AB"]);
            runSql(2, home, password, ["stop pipe BA"]);
        });
        after(() => {
            runSql(1, home, password, ["start pipe AB"]);
            runSql(2, home, password, ["start pipe BA"]);
        });
        const window = ["--from", String(T0), "--to", String(T0 + 10 * ROWS)];

        it("a row deleted on B only: exit 1 naming the device, narrowed to that timestamp", () => {
            runSql(2, home, password, [`delete from root.load_a_0.d1.i where time = ${T0 + 77}`]);
            const r = verify(...window, "--json");
            assert.strictEqual(r.code, 1, r.out + r.err);
            const doc = JSON.parse(r.out);
            assert.deepStrictEqual(doc.differing.map((d: { device: string; differing: string[] }) => [d.device, d.differing]), [["root.load_a_0.d1", ["i (count)"]]]);
            const [range] = doc.differing[0].ranges;
            assert.deepStrictEqual([range.from, range.to, range.a.i.count, range.b.i.count], [T0 + 77, T0 + 78, 1, 0]);
        });

        it("different values at the same timestamp on A and B: names the device and what each side holds", () => {
            const at = T0 + 5 * ROWS;
            runSql(1, home, password, [`insert into root.dual_b.d1(timestamp, s, i, b, t) values (${at}, 1.5, 1, true, 'from A')`]);
            runSql(2, home, password, [`insert into root.dual_b.d1(timestamp, s, i, b, t) values (${at}, 2.5, 2, false, 'from B')`]);
            const r = verify(...window);
            assert.strictEqual(r.code, 1, r.out + r.err);
            assert.match(r.out, /2 differ/);
            // IoTDB lists a device's series in an order of its own.
            const why = /\nroot\.dual_b\.d1: differs in (.*)\n/.exec(r.out);
            assert.deepStrictEqual(why?.[1].split(", ").sort(), ["b (sum)", "i (sum)", "s (sum)", "t (first/last value)"], r.out);
            const [, a, b] = new RegExp(`\\n {2}at ${at} .*\\n {4}A: (4 points, ${at}\\.\\.${at}; .*)\\n {4}B: (4 points, .*)\\n`).exec(r.out) ?? [];
            assert.ok(a && b, r.out);
            assert.match(a, /s: 1 sum=1\.5 /);
            assert.match(a, /t: 1 first=from A last=from A/);
            assert.match(b, /s: 1 sum=2\.5 /);
            assert.match(b, /t: 1 first=from B last=from B/);
            assert.match(r.out, /\nroot\.load_a_0\.d1: differs in i \(count\)\n/);
        });
    });
});
