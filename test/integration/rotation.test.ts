// Issue 15, "Password rotation": a change of adminPassword, adminPasswordB, syncPassword and
// syncPasswordB rotates each on its side and puts the new passwords into the pipes in place (ALTER
// PIPE: the source's root password and the sink's; progress kept), with the project's own program run by the real engine against real
// IoTDB on the two local test hosts over SSH. Rows in several databases on both sides, no FLUSH.
import * as assert from "assert";
import * as crypto from "crypto";
import { Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, quiet, pairHooks, previewChanges } from "./pairFixture";
import { setSecretConfig, Workspace } from "./pulumiHarness";
import { runSql, sqlAs, rootPasswords } from "./iotdbClient";
import { bothSidesRows } from "./pairRows";
import { journal, pointsIn } from "./hostProbes";

const run = newRun("rot");
const { home, installDir } = run;
const SYNC_USER = "dualsync";
/** The devices each side writes (two databases a side) and reads back on both. */
const DEVICES = { 1: ["root.dual.rot", "root.load_a_3.rot"], 2: ["root.dual_b.rot", "root.load_b_3.rot"] } as const;

/** A password IoTDB takes (letters, digits, a dash), new each call. */
const freshPassword = () => `Rot-${crypto.randomBytes(12).toString("hex")}`;

describe("password rotation (real engine, real IoTDB, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    let root: Record<number, string> = {};
    let sync: Record<number, string> = {};
    const sql = (i: number, statements: string[]) => runSql(i, home, root[i], statements);
    const rows = bothSidesRows(sql, DEVICES);
    const { write, pipesHealthy } = rows;
    const converged = async (what: string) => { await rows.converged(what); };
    const passwordsOf = (outputs: Record<string, { value: unknown }>) => {
        root = rootPasswords(outputs);
        sync = { 1: String(outputs.syncPassword.value), 2: String(outputs.syncPasswordB.value) };
    };

    pairHooks("rotation", run, "rot", stackConfig(run, { monitoring: { prometheus: true } }), (w, s) => { ws = w; stack = s; });

    it("up, and rows written on both sides into two databases each converge", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        passwordsOf(up.outputs);
        write(500);
        await converged("the rows written before the rotation on both sides");
    });

    it("all four passwords changed: the preview replaces no node and no pipe; the up rotates them in place", async () => {
        const old = { root: { ...root }, sync: { ...sync } };
        for (const key of ["adminPassword", "adminPasswordB", "syncPassword", "syncPasswordB"]) setSecretConfig(ws, "rot", key, freshPassword());
        const changes = await previewChanges(stack);
        assert.ok(changes.length > 0, "the preview shows no change");
        const replaced = changes.filter((c) => c.startsWith("replace ") || c.startsWith("delete ") || c.startsWith("create-replacement "));
        assert.deepStrictEqual(replaced.filter((c) => !/-resume$/.test(c)), [], `a rotation replaces resources: ${changes.join(", ")}`);

        const pointsBefore = [pointsIn(1), pointsIn(2)];
        const createdBefore = [1, 2].map((i) => journal(i, installDir).filter((e) => /^pipe (AB|BA) created$/.test(e.event)).length);
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        passwordsOf(up.outputs);
        for (const i of [1, 2]) {
            assert.notStrictEqual(root[i], old.root[i]);
            assert.notStrictEqual(sync[i], old.sync[i]);
            // The new ones log in; the old ones are refused (801).
            assert.strictEqual(sqlAs(i, home, "root", root[i], ["show cluster"]).code, 0, `host ${i}: root's new password does not log in`);
            assert.strictEqual(sqlAs(i, home, SYNC_USER, sync[i], ["show databases"]).code, 0, `host ${i}: the sync user's new password does not log in`);
            for (const [user, pw] of [["root", old.root[i]], [SYNC_USER, old.sync[i]]]) {
                const r = sqlAs(i, home, user, pw, ["show databases"]);
                assert.strictEqual(r.code, 2, `host ${i}: ${user}'s old password still logs in`);
                assert.match(r.stderr, /801/);
            }
        }
        // Each pipe got its new passwords in place: not dropped and created again.
        const events = [1, 2].map((i) => journal(i, installDir).map((e) => e.event));
        assert.ok(events[0].includes("pipe AB passwords replaced"), `host 1's journal: ${events[0].slice(-8).join(" | ")}`);
        assert.ok(events[1].includes("pipe BA passwords replaced"), `host 2's journal: ${events[1].slice(-8).join(" | ")}`);
        assert.deepStrictEqual(events.map((list) => list.filter((e) => /^pipe (AB|BA) created$/.test(e)).length), createdBefore, "a pipe was created again");
        await pipesHealthy();
        // Nothing sent again: no user writes during the rotation, so a DataNode takes in only the project's
        // own few points; a re-sent history would bring the other side's 2 x 500 rows again.
        const taken = [pointsIn(1) - pointsBefore[0], pointsIn(2) - pointsBefore[1]];
        for (const [k, n] of taken.entries()) assert.ok(n < rows.written() / 2, `host ${k + 1} took in ${n} points during the rotation (history re-sent?)`);
        console.log(`      points taken in during the rotation: A ${taken[0]}, B ${taken[1]} (each side's history: ${2 * rows.written()} rows)`);
    });

    it("rows written after the rotation on both sides converge with those from before, and the pipes are healthy", async () => {
        write(50);
        await converged("the rows written before and after the rotation on both sides");
        await pipesHealthy();
    });
});
