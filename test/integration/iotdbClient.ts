// SQL against the IoTDB of a test host, through the iotdb-sql runner installed with it, over SSH.
// The password goes on stdin.
import { sshExec } from "./testhosts";

export interface ResultSet {
    columns: string[];
    rows: string[][];
}

/** root's password: one for every host, or each host's own (host index to password: each side has its own). */
export type RootPassword = string | Readonly<Record<number, string>>;

/** root's password on host i. */
export function passwordOf(password: RootPassword, i: number): string {
    if (typeof password === "string") return password;
    const p = password[i];
    if (p === undefined) throw new Error(`no root password for host ${i}`);
    return p;
}

/** Each side's root password from a stack's outputs, by host: adminPassword on side A's hosts, adminPasswordB on side B's. */
export function rootPasswords(outputs: Record<string, { value: unknown }>, hostsA: number[] = [1], hostsB: number[] = [2]): Record<number, string> {
    const out: Record<number, string> = {};
    for (const i of hostsA) out[i] = String(outputs.adminPassword.value);
    for (const i of hostsB) out[i] = String(outputs.adminPasswordB.value);
    return out;
}

/** The root passwords of side A's host `hostA` and side B's host `hostB` (what the load clients log in with). */
export function sidePasswords(password: RootPassword, hostA = 1, hostB = 2): { a: string; b: string } {
    return { a: passwordOf(password, hostA), b: passwordOf(password, hostB) };
}

/** Runs statements on host i; returns one result set per query statement, in order. Throws on failure. */
export function runSql(i: number, home: string, password: RootPassword, statements: string[], port = 6667): ResultSet[] {
    // IoTDB listens on the node's hostname (iotdb-i), which the pair's hosts entry resolves.
    const r = sshExec(i, `${home}/tools/iotdb-sql/iotdb-sql --host iotdb-${i} --port ${port} --user root --timeout-ms 60000 --separate`, {
        input: [passwordOf(password, i), ...statements].join("\n") + "\n",
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

/**
 * Runs statements on host i as `user` (password on stdin) and returns what the runner did, failures
 * included: exit 0 all ran, 1 a statement failed (IoTDB's code in stderr, e.g. 803 no permission),
 * 2 the login failed (801).
 */
export function sqlAs(i: number, home: string, user: string, password: string, statements: string[], port = 6667): { code: number; stdout: string; stderr: string } {
    return sshExec(i, `${home}/tools/iotdb-sql/iotdb-sql --host iotdb-${i} --port ${port} --user ${user} --timeout-ms 60000 --separate`, {
        input: [password, ...statements].join("\n") + "\n",
    });
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
export function dualRows(i: number, home: string, password: RootPassword): string[] {
    const sets = runSql(i, home, password, ["select s from root.dual.d1", "select s from root.dual_b.d1"]);
    return sets.flatMap((set) => set.rows).sort((x, y) => Number(x[0]) - Number(y[0])).map((r) => r.join("="));
}
