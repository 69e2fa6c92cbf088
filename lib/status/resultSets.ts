// The output of the distribution's iotdb-sql runner (host-tools/IotdbSql.java): tab-separated result
// sets with a header line, `\` escapes, and with --separate a `--` line before each set. Pure.

export interface ResultSet {
    header: string[];
    rows: string[][];
}

const unescape = (field: string) => field.replace(/\\([\\tnr])/g, (_, c: string) => ({ "\\": "\\", t: "\t", n: "\n", r: "\r" })[c]!);

/** The result sets of a `--separate` run, in statement order. */
export function parseResultSets(stdout: string): ResultSet[] {
    const sets: ResultSet[] = [];
    let current: ResultSet | undefined;
    for (const line of stdout.split("\n")) {
        if (line === "--") {
            current = undefined;
            continue;
        }
        if (line === "" && current === undefined) continue;
        const fields = line.split("\t").map(unescape);
        if (!current) {
            current = { header: fields, rows: [] };
            sets.push(current);
        } else if (line !== "") {
            current.rows.push(fields);
        }
    }
    return sets;
}

/** The rows of a result set as records keyed by column name (missing columns read as ""). */
export function records(set: ResultSet | undefined): Record<string, string>[] {
    if (!set) return [];
    return set.rows.map((r) => Object.fromEntries(set.header.map((h, i) => [h, r[i] ?? ""])));
}
