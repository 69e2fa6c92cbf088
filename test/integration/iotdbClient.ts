// SQL against the IoTDB of a test host, through the iotdb-sql runner installed with it, over SSH.
// The password goes on stdin.
import { sshExec } from "./testhosts";

export interface ResultSet {
    columns: string[];
    rows: string[][];
}

/** Runs statements on host i; returns one result set per query statement, in order. Throws on failure. */
export function runSql(i: number, home: string, password: string, statements: string[], port = 6667): ResultSet[] {
    // IoTDB listens on the node's hostname (iotdb-i), which the pair's hosts entry resolves.
    const r = sshExec(i, `${home}/tools/iotdb-sql/iotdb-sql --host iotdb-${i} --port ${port} --user root --timeout-ms 60000 --separate`, {
        input: [password, ...statements].join("\n") + "\n",
    });
    if (r.code !== 0) throw new Error(`iotdb-sql on host ${i} failed (exit ${r.code}): ${r.stderr.trim()}`);
    const sets: ResultSet[] = [];
    let current: ResultSet | undefined;
    for (const line of r.stdout.split("\n")) {
        if (line === "--") { current = undefined; continue; }
        if (line === "") continue;
        const cells = line.split("\t");
        if (!current) { current = { columns: cells, rows: [] }; sets.push(current); } else current.rows.push(cells);
    }
    return sets;
}

/** The values of one column of a result set, by header name. */
export function column(set: ResultSet, name: string): string[] {
    const k = set.columns.indexOf(name);
    if (k < 0) throw new Error(`no column ${name} in ${set.columns.join(", ")}`);
    return set.rows.map((r) => r[k]);
}

/**
 * The rows of root.dual.d1 (written on side A) and root.dual_b.d1 (written on side B) on host i, as
 * "time=value", in time order (what the convergence checks compare; the tests write disjoint times).
 */
export function dualRows(i: number, home: string, password: string): string[] {
    const sets = runSql(i, home, password, ["select s from root.dual.d1", "select s from root.dual_b.d1"]);
    return sets.flatMap((set) => set.rows).sort((x, y) => Number(x[0]) - Number(y[0])).map((r) => r.join("="));
}
