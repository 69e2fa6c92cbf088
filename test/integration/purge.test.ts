// Issue 14: purgeDataOnDestroy purges only when a node itself is destroyed, and only IoTDB's
// subdirectories of a data directory the stack claimed. The project's own program, run by the real
// engine against real IoTDB on the two local test hosts over SSH.
import * as assert from "assert";
import { Stack } from "@pulumi/pulumi/automation";
import { hosts, newRun, stackConfig, quiet, waitFor, previewChanges, pairHooks } from "./pairFixture";
import { sshExec } from "./testhosts";
import { rewriteStackFile, Workspace } from "./pulumiHarness";
import { runSql, dualRows, rootPasswords, RootPassword } from "./iotdbClient";
import { journal, iotdbPids } from "./hostProbes";

const run = newRun("pg");
const { installDir, dataDir, home } = run;
const MARKER = ".iotdb-dual-active-owner";
const stackFile = (extra: Record<string, unknown> = {}) => stackConfig(run, { purgeDataOnDestroy: true, ...extra });
const rows = (i: number, password: RootPassword): string[] => dualRows(i, home, password);
const values = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `(${from + k}, ${from + k}.5)`).join(", ");

/** `<path> <inode>` of the data directory and IoTDB's main subdirectories on host i: kept by a restart, new after a purge. */
const inodes = (i: number) => {
    const dirs = ["", "/confignode", "/confignode/system", "/datanode", "/datanode/system", "/datanode/wal"].map((d) => `${dataDir}${d}`);
    const r = sshExec(i, `stat -c '%n %i' ${dirs.join(" ")}`);
    assert.strictEqual(r.code, 0, `host ${i}: ${r.stderr}`);
    return r.stdout.trim();
};
const markerOf = (i: number) => sshExec(i, `cat ${dataDir}/${MARKER}`).stdout;
const memorySize = (i: number) => sshExec(i, `grep '^MEMORY_SIZE=' ${home}/conf/datanode-env.sh`).stdout.trim();

describe("purgeDataOnDestroy (real engine, real IoTDB, two hosts)", function () {
    this.timeout(20 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    // Each side its own root password (host 1 is side A, host 2 side B).
    let password: RootPassword = "";
    const expected: string[] = [];

    pairHooks("purge", run, "it", stackFile(), (w, s) => { ws = w; stack = s; });

    /** Rows a..b written on side A and c..d on side B, then both sides hold every row so far. */
    const writeOnBothSides = async ([a, b]: [number, number], [c, d]: [number, number], within = 120) => {
        runSql(1, home, password, [`insert into root.dual.d1(timestamp, s) values ${values(a, b)}`]);
        runSql(2, home, password, [`insert into root.dual_b.d1(timestamp, s) values ${values(c, d)}`]);
        for (let t = Math.min(a, c); t <= Math.max(b, d); t++) expected.push(`${t}=${t}.5`);
        for (const i of [1, 2]) {
            await waitFor(`host ${i} holds all ${expected.length} rows`, within, () => (rows(i, password).length >= expected.length ? true : undefined));
            assert.deepStrictEqual(rows(i, password), expected, `host ${i}`);
        }
    };

    it("up claims each data directory for the stack: a marker with the owner, the hostname and the directory", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        password = rootPasswords(up.outputs);
        for (const i of [1, 2]) {
            assert.strictEqual(markerOf(i), `owner=iotdb-dual-active/it\nhostname=${hosts[i - 1].label}\ndataDir=${dataDir}\n`, `host ${i}`);
            assert.ok(journal(i, installDir).some((e) => e.event === `data dir claimed ${dataDir}`), `host ${i}: no claim in the journal`);
        }
    });

    it("rows written on each side reach the other", async () => {
        // Not flushed: the restart below must keep rows still in memtables and the WAL too.
        await writeOnBothSides([1, 50], [51, 100]);
    });

    // Both sides' nodes are replaced in the same up (issue 15 makes it rolling). Before `up` resumed
    // the pipes after a DataNode start, B's DataNode built no task for pipe BA (A was down at that
    // instant: "Failed to construct PipeConnector") and B's rows crossed only when IoTDB's ConfigNode
    // re-sent the pipe's metadata, 161 s later.
    it("a DataNode memory change replaces the nodes on both sides and purges nothing: rows, data dirs and markers stay", async () => {
        const before = [1, 2].map((i) => ({ inodes: inodes(i), marker: markerOf(i), pids: iotdbPids(i) }));
        const since = new Date().toISOString();
        rewriteStackFile(ws, "stacks/Pulumi.it.yaml", stackFile({ memory: { confignode: "512M", datanode: "1100M" } }));
        const ops = await previewChanges(stack);
        for (const side of ["a-iotdb-1", "b-iotdb-2"]) {
            assert.ok(ops.includes(`replace dual-${side}-datanode`), `the DataNode of ${side} is not replaced: ${ops.join(", ")}`);
            assert.ok(!ops.some((o) => o.endsWith(` dual-${side}-data`)), `the data directory's resource changes: ${ops.join(", ")}`);
        }
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        assert.ok((up.summary.resourceChanges?.replace ?? 0) >= 2, JSON.stringify(up.summary.resourceChanges));
        for (const i of [1, 2]) {
            assert.strictEqual(memorySize(i), "MEMORY_SIZE=1100M", `host ${i}`);
            const events = journal(i, installDir).filter((e) => e.at >= since).map((e) => e.event);
            assert.ok(events.includes("datanode stopped") && events.includes("datanode started"), `host ${i}: the DataNode was not restarted: ${events.join(", ")}`);
            assert.ok(!events.some((e) => e.startsWith("data ")), `host ${i}: the data directory's resource ran: ${events.join(", ")}`);
            const pids = iotdbPids(i);
            assert.ok(pids.length >= 2 && !pids.some((p) => before[i - 1].pids.includes(p)), `host ${i}: IoTDB not restarted (${before[i - 1].pids} → ${pids})`);
            assert.strictEqual(inodes(i), before[i - 1].inodes, `host ${i}: a data directory was removed and made again`);
            assert.strictEqual(markerOf(i), before[i - 1].marker, `host ${i}: the marker changed`);
            assert.deepStrictEqual(rows(i, password), expected, `host ${i} lost rows in the replacement`);
        }
        // Both sides still take writes and replicate them (no side went read-only), within the lag
        // bound plus IoTDB's reconnect, not after IoTDB's own repair minutes later.
        // CI once needed more than 19 s (the resume's lock repair, then IoTDB's reconnect): 60 s, still
        // well under what IoTDB alone took (161 s).
        await writeOnBothSides([101, 110], [111, 120], 60);
    });

    it("destroy purges only IoTDB's subdirectories and the marker of the claimed directory, after the node stopped", async () => {
        for (const i of [1, 2]) sshExec(i, `printf 'not IoTDB\\n' > ${dataDir}/keep-me.txt`);
        let output = "";
        const down = await stack.destroy({ onOutput: (s: string) => { output += s; } });
        assert.strictEqual(down.summary.result, "succeeded");
        assert.doesNotMatch(output, /kept, not purged|not removed/, "destroy kept a data directory");
        for (const i of [1, 2]) {
            assert.deepStrictEqual(iotdbPids(i), [], `IoTDB still runs on host ${i}`);
            assert.strictEqual(sshExec(i, `ls -A ${dataDir}`).stdout, "keep-me.txt\n", `host ${i}: the data directory holds`);
            assert.strictEqual(sshExec(i, `cat ${dataDir}/keep-me.txt`).stdout, "not IoTDB\n");
            const events = journal(i, installDir);
            const purged = events.find((e) => e.event === `data purged ${dataDir}`);
            const lastStop = events.filter((e) => /^(datanode|confignode) stopped$/.test(e.event)).map((e) => e.at).sort().pop();
            assert.ok(purged && lastStop && lastStop < purged.at, `host ${i}: purge not after the services stopped: ${JSON.stringify(events.slice(-6))}`);
        }
    });
});
