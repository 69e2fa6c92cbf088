// Issue: the dual-active pair. The project's own program (index.ts and components/), run by the real
// engine against real IoTDB on the two local test hosts over SSH.
import * as assert from "assert";
import { Stack } from "@pulumi/pulumi/automation";
import { hosts, newRun, stackConfig, quiet, waitFor, previewChanges, pairHooks, isResume, OWNS_A } from "./pairFixture";
import { restartHost, sshExec } from "./testhosts";
import { rewriteStackFile, Workspace } from "./pulumiHarness";
import { runSql, column, dualRows, rootPasswords, RootPassword } from "./iotdbClient";
import { sshLoginCount, journal, iotdbPids, tsFileLoads, rolePids, supervisorPids, flusherPids } from "./hostProbes";

const run = newRun("it");
const { installDir, dataDir, home } = run;
const stackFile = (extra: Record<string, unknown> = {}) => stackConfig(run, extra);

const rows = (i: number, password: RootPassword): string[] => dualRows(i, home, password);

describe("dual-active pair (real engine, real IoTDB, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    // Each side its own root password (host 1 is side A, host 2 side B).
    let password: RootPassword = "";
    const expected: string[] = [];

    pairHooks("pair", run, "it", stackFile(), (w, s) => { ws = w; stack = s; });

    it("up from nothing: both sides Running, each pipe RUNNING in double-living mode (no forwarding of pipe writes)", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = rootPasswords(up.outputs);
        assert.strictEqual(up.outputs.adminPassword.secret, true);
        assert.strictEqual(up.outputs.adminPasswordB.secret, true);
        // The pipes' names only: the state they had at creation is no output (npm run status reads it live).
        assert.deepStrictEqual(up.outputs.pipes.value, { ab: { name: "AB" }, ba: { name: "BA" } });
        for (const [i, pipe] of [[1, "AB"], [2, "BA"]] as const) {
            const [cluster, pipes] = runSql(i, home, password, ["show cluster", "show pipes"]);
            assert.deepStrictEqual([...new Set(column(cluster, "Status"))], ["Running"], `host ${i}: ${JSON.stringify(cluster.rows)}`);
            const k = column(pipes, "ID").indexOf(pipe);
            assert.ok(k >= 0, `host ${i} has no pipe ${pipe}: ${column(pipes, "ID")}`);
            assert.strictEqual(column(pipes, "State")[k], "RUNNING");
            // Double-living mode: IoTDB skips what another pipe wrote (forwarding-pipe-requests false).
            assert.match(column(pipes, "PipeSource")[k], /mode.double-living=true/);
            assert.doesNotMatch(column(pipes, "PipeSource")[k], /forwarding-pipe-requests=true/);
        }
    });

    it("rows written on each side reach the other; both hold exactly the union, again after a pause", async () => {
        const values = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `(${from + k}, ${from + k}.5)`).join(", ");
        runSql(1, home, password, [`insert into root.dual.d1(timestamp, s) values ${values(1, 100)}`]);
        runSql(2, home, password, [`insert into root.dual_b.d1(timestamp, s) values ${values(101, 200)}`]);
        for (let t = 1; t <= 200; t++) expected.push(`${t}=${t}.5`);
        for (const i of [1, 2]) {
            await waitFor(`host ${i} holds all 200 rows`, 120, () => (rows(i, password).length >= 200 ? true : undefined));
        }
        const loads = () => [1, 2].map((i) => tsFileLoads(i, home));
        const before = loads();
        await new Promise((r) => setTimeout(r, 10000));
        for (const i of [1, 2]) assert.deepStrictEqual(rows(i, password), expected, `host ${i} rows differ from the union`);
        // Quiet once converged: a TsFile one side loaded is not sent back to the other.
        assert.deepStrictEqual(loads(), before, "TsFiles still loaded 10 s after the rows converged (hosts 1, 2)");
    });

    it("a second up with no change previews no change and runs no remote command", async () => {
        const before = [sshLoginCount(1), sshLoginCount(2)];
        const preview = await stack.preview(quiet);
        assert.deepStrictEqual(Object.keys(preview.changeSummary), ["same"], JSON.stringify(preview.changeSummary));
        const up = await stack.up(quiet);
        assert.deepStrictEqual(Object.keys(up.summary.resourceChanges ?? {}), ["same"], JSON.stringify(up.summary.resourceChanges));
        assert.deepStrictEqual([sshLoginCount(1), sshLoginCount(2)], before, "an SSH login happened during the no-op preview/up");
    });

    it("a change to one pipe's settings previews as a change of that pipe alone", async () => {
        rewriteStackFile(ws, "stacks/Pulumi.it.yaml", stackFile({ pipes: { ab: { sink: { "batch.max-delay-seconds": "2" } } } }));
        const changed = await previewChanges(stack);
        rewriteStackFile(ws, "stacks/Pulumi.it.yaml", stackFile());
        assert.ok(changed.length > 0, "the preview shows no change");
        for (const c of changed) assert.match(c, / dual-pipe-ab(-pipe|-resume)?$/, `a resource other than pipe AB changes: ${changed.join(", ")}`);
        assert.ok(changed.includes("replace dual-pipe-ab-pipe"), `pipe AB is not replaced: ${changed.join(", ")}`);
    });

    const insertRows = (i: number, path: string, from: number, to: number) => {
        const values = Array.from({ length: to - from + 1 }, (_, k) => `(${from + k}, ${from + k}.5)`).join(", ");
        runSql(i, home, password, [`insert into ${path}(timestamp, s) values ${values}`]);
        for (let t = from; t <= to; t++) expected.push(`${t}=${t}.5`);
        expected.sort((x, y) => Number(x.split("=")[0]) - Number(y.split("=")[0]));
    };
    const converged = async (what: string, seconds: number) => {
        for (const i of [1, 2]) {
            await waitFor(`${what}: host ${i} holds all ${expected.length} rows`, seconds, () => (rows(i, password).length >= expected.length ? true : undefined));
            assert.deepStrictEqual(rows(i, password), expected, `host ${i} rows differ (${what})`);
        }
    };
    // Seconds from t0 until host 2's ConfigNode and DataNode are Running (new processes, other than `old`).
    const runningAgain = (what: string, t0: number, old: number[]) => waitFor(what, 120, () => {
        const pids = [...rolePids(2, "confignode"), ...rolePids(2, "datanode")];
        if (pids.length !== 2 || pids.some((p) => old.includes(p))) return undefined;
        const [cluster] = runSql(2, home, password, ["show cluster"]);
        const up = column(cluster, "Status").every((st) => st === "Running") && column(cluster, "NodeType").includes("DataNode");
        return up ? (Date.now() - t0) / 1000 : undefined;
    }, 1000);

    // Before superviseNodes: B stayed down until the next `up` (asserted by the test below, now with B held down by hand).
    it("side B's DataNode killed (SIGKILL), no up: its supervisor starts it within 60 s; B catches up on A's rows and sends its own", async () => {
        assert.strictEqual(supervisorPids(2).length, 3, "host 2 runs a supervisor per role and one for the flusher");
        const killed = rolePids(2, "datanode");
        assert.strictEqual(killed.length, 1);
        const t0 = Date.now();
        sshExec(2, `kill -KILL ${killed[0]}`);
        insertRows(1, "root.dual.d1", 201, 300);
        const seconds = await runningAgain("B's DataNode Running again", t0, killed);
        console.log(`      B's DataNode Running again ${seconds.toFixed(1)} s after its SIGKILL (no up)`);
        assert.ok(seconds <= 60, `B's DataNode took ${seconds} s`);
        assert.match(sshExec(2, `cat ${installDir}/supervisor/datanode.log`).stdout, /is gone after \d+s: starting it again/);
        insertRows(2, "root.dual_b.d1", 301, 350);
        await converged("after B's DataNode came back", 180);
    });

    it("side B held down by hand (`<role>.stopped`) and killed behind Pulumi's back: the next up starts B again, supervised again, and B catches up", async () => {
        sshExec(2, `touch ${installDir}/supervisor/confignode.stopped ${installDir}/supervisor/datanode.stopped`);
        await waitFor("B's node supervisors gone (its flusher's stays)", 30, () => (supervisorPids(2).length === 1 ? true : undefined));
        sshExec(2, "pkill -KILL -f 'org[.]apache[.]iotdb' || true");
        await waitFor("B's IoTDB gone", 30, () => (iotdbPids(2).length === 0 ? true : undefined));
        insertRows(1, "root.dual.d1", 351, 400);
        await new Promise((r) => setTimeout(r, 10000));
        assert.deepStrictEqual(iotdbPids(2), [], "B started again although held down");
        // Both of B's services (ConfigNode and DataNode) are found down by their port probes.
        const changes = await previewChanges(stack);
        assert.deepStrictEqual(changes.filter((c) => !isResume(c)).sort(), ["update dual-b-iotdb-2-confignode", "update dual-b-iotdb-2-datanode"]);
        assert.ok(changes.includes("replace dual-pipe-ab-resume") && changes.includes("replace dual-pipe-ba-resume"), `the pipes are not resumed after B's start: ${changes.join(", ")}`);
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.resourceChanges?.update, 2, JSON.stringify(up.summary.resourceChanges));
        assert.strictEqual(supervisorPids(2).length, 3, "up supervises B's nodes again");
        await converged("after up started B", 180);
    });

    it("host 2 restarted (every process stopped, its init run again): B's ConfigNode, DataNode and flusher back by themselves; rows cross both ways with no up", async () => {
        const old = iotdbPids(2);
        const oldFlusher = flusherPids(2);
        assert.strictEqual(oldFlusher.length, 1, "one flusher on host 2 before the restart");
        const t0 = Date.now();
        restartHost(2);
        insertRows(1, "root.dual.d1", 401, 450);
        const seconds = await runningAgain("B's nodes Running again after the restart", t0, old);
        console.log(`      host 2's ConfigNode and DataNode Running ${seconds.toFixed(1)} s after its restart began (no up)`);
        assert.strictEqual(supervisorPids(2).length, 3, "the restarted host supervises both roles and the flusher");
        await waitFor("B's flusher started again by its supervisor", 60, () => {
            const now = flusherPids(2);
            return now.length === 1 && now[0] !== oldFlusher[0] ? true : undefined;
        }, 1000);
        // It logs in as its own user, with the password its supervisor keeps (owner-only).
        const kept = sshExec(2, `stat -c '%a %U' ${installDir}/supervisor/flusher.secret && tail -n 20 ${home}/logs/iotdb-flusher.log`).stdout;
        assert.match(kept, /^600 /, kept);
        assert.match(kept, /iotdb-flusher: connected/, kept);
        // B's own rows cross with no up: its flusher seals them.
        insertRows(2, "root.dual_b.d1", 451, 500);
        await converged("after host 2's restart, B's own rows included, no up", 180);
        // Nothing is left for up to repair but what the restart itself triggers (the pipes' resume).
        const changes = await previewChanges(stack, { refresh: true });
        console.log(`      up --refresh after the restart changes: ${changes.join(", ") || "nothing"}`);
        for (const c of changes) assert.match(c, /-resume$/, `up --refresh after the restart changes more than the pipes' resume: ${changes.join(", ")}`);
        const up = await stack.up({ refresh: true, onOutput: () => undefined });
        assert.strictEqual(up.summary.result, "succeeded");
    });

    for (const [what, sql] of [["dropped", "DROP PIPE AB"], ["stopped", "STOP PIPE AB"]]) {
        it(`drift: pipe AB ${what} by hand shows in preview --refresh, and up --refresh restores it`, async () => {
            runSql(1, home, password, [sql]);
            const changed = await previewChanges(stack, { refresh: true });
            assert.deepStrictEqual(changed, ["update dual-pipe-ab-pipe"]);
            const up = await stack.up({ refresh: true, onOutput: () => undefined });
            assert.strictEqual(up.summary.result, "succeeded");
            const [pipes] = runSql(1, home, password, ["show pipes"]);
            assert.strictEqual(column(pipes, "State")[column(pipes, "ID").indexOf("AB")], "RUNNING", JSON.stringify(pipes.rows));
            const again = await stack.preview({ refresh: true, onOutput: () => undefined });
            assert.deepStrictEqual(Object.keys(again.changeSummary), ["same"], JSON.stringify(again.changeSummary));
        });
    }

    it("a change IoTDB fixes at first start (side A's cluster name) is refused at preview, naming the field and the way to rebuild; no host is touched", async () => {
        const sideA = { clusterName: "it-a-renamed", nodes: [{ hostname: hosts[0].label, address: hosts[0].address }], owns: OWNS_A };
        rewriteStackFile(ws, "stacks/Pulumi.it.yaml", stackFile({ sideA }));
        const logins = [sshLoginCount(1), sshLoginCount(2)];
        let message = "";
        try {
            await stack.preview(quiet);
        } catch (e) {
            message = String((e as Error).message);
        } finally {
            rewriteStackFile(ws, "stacks/Pulumi.it.yaml", stackFile());
        }
        // Before: a replacement of A's configuration and services that wrote the new name over the old data.
        assert.match(message, /iotdb-1: sideA\.clusterName \(`cluster_name`\) from "it-a" to "it-a-renamed" refused/, message.slice(-3000));
        assert.match(message, /set sideA\.nodes\[0\]\.rebuild to a new value/, message.slice(-3000));
        assert.deepStrictEqual([sshLoginCount(1), sshLoginCount(2)], logins, "an SSH login happened during the refused preview");
        const after = await stack.preview(quiet);
        assert.deepStrictEqual(Object.keys(after.changeSummary), ["same"], `the name put back, something changes: ${JSON.stringify(after.changeSummary)}`);
    });

    it("destroy stops the pipes before the databases, leaves no process nor hosts line, keeps the data", async () => {
        const down = await stack.destroy(quiet);
        assert.strictEqual(down.summary.result, "succeeded");
        const events = [...journal(1, installDir), ...journal(2, installDir)].sort((x, y) => x.at.localeCompare(y.at));
        const lastPipeStop = events.filter((e) => /^pipe (AB|BA) stopped$/.test(e.event)).map((e) => e.at).sort().pop();
        const firstDbStop = events.filter((e) => /^(datanode|confignode) stopped$/.test(e.event)).map((e) => e.at).sort()[0];
        assert.ok(lastPipeStop && firstDbStop, `journal lacks the events: ${JSON.stringify(events)}`);
        assert.ok(lastPipeStop < firstDbStop, `a database stopped (${firstDbStop}) before the last pipe (${lastPipeStop})`);
        for (const i of [1, 2]) {
            assert.deepStrictEqual(iotdbPids(i), [], `IoTDB still runs on host ${i}`);
            assert.deepStrictEqual(supervisorPids(i), [], `a node supervisor still runs on host ${i}`);
            assert.strictEqual(sshExec(i, "grep -c 'iotdb-dual-active supervisor' /etc/rc.local 2>/dev/null || true").stdout.trim() || "0", "0", `host ${i}'s /etc/rc.local still starts a supervisor`);
            assert.strictEqual(sshExec(i, "grep -c 'managed-by iotdb-dual-active/it$' /etc/hosts || true").stdout.trim(), "0");
            assert.strictEqual(sshExec(i, `test -d ${dataDir}/datanode && echo kept`).stdout.trim(), "kept", `host ${i} lost its data dir`);
        }
    });

    it("an up after destroy comes back with the old rows", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = rootPasswords(up.outputs);
        for (const i of [1, 2]) assert.deepStrictEqual(rows(i, password), expected, `host ${i} lost rows across destroy/up`);
    });
});
