// What `npm run verify` asks each side (issue 13): its series under the patterns (SHOW TIMESERIES), then
// per device and time range aggregations IoTDB computes itself, so no row leaves a side. Pure.
//
// The checksum of a series over a range, by value type (IoTDB 2.0.10, TypeInferenceUtils: SUM takes
// INT32, INT64, FLOAT, DOUBLE only; COUNT, MIN_TIME, MAX_TIME, FIRST_VALUE, LAST_VALUE take any type;
// CAST is a built-in scalar function an aggregation may take as input):
//   numeric (INT32 INT64 FLOAT DOUBLE)  count, min_time, max_time, sum, first_value, last_value
//   BOOLEAN                             the same, the sum over cast(s AS INT32) (the number of trues)
//   other (TEXT STRING BLOB DATE ...)   count, min_time, max_time, first_value, last_value
// A TEXT value changed in the middle of a range (same count, same ends) is seen only once the narrowing
// brings a range down to that point's neighbours.
import { ResultSet } from "../status/resultSets";

/** A time range [from, to) in the pair's timestamp unit (its timestamp_precision). */
export interface Range { from: number; to: number }

/** The pair's timestamp_precision verify handles: nanoseconds pass 2^53, beyond what a number holds exactly. */
export type Precision = "ms" | "us";
export const UNITS_PER_MS: Record<Precision, number> = { ms: 1, us: 1000 };

/** The precision from the stack's systemProperties (IoTDB's default: ms); refuses ns, naming the key. */
export function precisionOf(systemProperties: Record<string, string>): Precision {
    const p = systemProperties.timestamp_precision ?? "ms";
    if (p === "ms" || p === "us") return p;
    throw new Error(`systemProperties.timestamp_precision is ${JSON.stringify(p)}: verify handles ms and us only (nanosecond timestamps pass 2^53, which it cannot compare exactly)`);
}

export type ValueKind = "numeric" | "boolean" | "other";

/** A series of a device as a side's schema has it. */
export interface SeriesSchema { measurement: string; dataType: string }

/** A side's devices under the patterns: device path to its series (in SHOW TIMESERIES order). */
export type Schema = Map<string, SeriesSchema[]>;

/** What one side holds of one series in one range, as IoTDB aggregated it. */
export interface SeriesSummary {
    count: number;
    minTime: number | null;
    maxTime: number | null;
    /** Sum of the values (numeric), of the trues (BOOLEAN); null for other types or no rows. */
    sum: number | null;
    first: string | null;
    last: string | null;
}

/** measurement to summary; a series this side does not have is absent. */
export type DeviceSummary = Map<string, SeriesSummary>;

const NUMERIC = new Set(["INT32", "INT64", "FLOAT", "DOUBLE"]);

export function valueKind(dataType: string): ValueKind {
    if (NUMERIC.has(dataType)) return "numeric";
    return dataType === "BOOLEAN" ? "boolean" : "other";
}

/** Sums compared with a tolerance: floating point sums depend on the order IoTDB adds in (memtable, files). */
export const isFloating = (dataType: string) => dataType === "FLOAT" || dataType === "DOUBLE";

const NODE = String.raw`(?:\*\*|\*|[A-Za-z0-9_]+|` + "`[^`\\n\\r]+`" + ")";
const PATTERN_RE = new RegExp(String.raw`^root(?:\.${NODE})+$`);

/** A --paths pattern, checked before it goes into SQL: root, then nodes (letters, digits, _, *, **, or `quoted`). */
export function checkPattern(p: string): string {
    if (!PATTERN_RE.test(p)) throw new Error(`--paths: ${JSON.stringify(p)} is not a path pattern (e.g. root.** or root.db.*.d1); separate several with commas`);
    return p;
}

/** The nodes of a path, `quoted` nodes kept whole (they may hold dots). */
export function pathNodes(p: string): string[] {
    const nodes: string[] = [];
    let cur = "";
    let quoted = false;
    for (const ch of p) {
        if (ch === "`") quoted = !quoted;
        if (ch === "." && !quoted) { nodes.push(cur); cur = ""; } else cur += ch;
    }
    nodes.push(cur);
    return nodes;
}

export const showTimeseriesSql = (pattern: string) => `SHOW TIMESERIES ${checkPattern(pattern)}`;

/** Databases of IoTDB's own (root.__system, root.__audit) and the project's (the status canary's heartbeats, not users' data): never compared. */
const isInternal = (database: string) => database.startsWith("root.__");

/** A side's schema from its SHOW TIMESERIES result sets (one a pattern); views and IoTDB's own databases left out. */
export function parseSchema(sets: ResultSet[]): Schema {
    const schema: Schema = new Map();
    for (const set of sets) {
        const col = (name: string) => set.header.indexOf(name);
        const [ts, db, type, view] = [col("Timeseries"), col("Database"), col("DataType"), col("ViewType")];
        if (ts < 0 || type < 0) throw new Error(`SHOW TIMESERIES answered columns ${set.header.join(", ")}: no Timeseries/DataType`);
        for (const row of set.rows) {
            if (view >= 0 && row[view] === "VIEW") continue;
            if (db >= 0 && isInternal(row[db])) continue;
            const nodes = pathNodes(row[ts]);
            const device = nodes.slice(0, -1).join(".");
            const series = schema.get(device) ?? [];
            if (!series.some((s) => s.measurement === nodes[nodes.length - 1])) series.push({ measurement: nodes[nodes.length - 1], dataType: row[type] });
            schema.set(device, series);
        }
    }
    return schema;
}

/** The aggregation expressions of a series, in the order summaryOf reads them. */
function aggregations(s: SeriesSchema): string[] {
    const m = s.measurement;
    const kind = valueKind(s.dataType);
    const sum = kind === "numeric" ? [`sum(${m})`] : kind === "boolean" ? [`sum(cast(${m} AS INT32))`] : [];
    return [`count(${m})`, `min_time(${m})`, `max_time(${m})`, ...sum, `first_value(${m})`, `last_value(${m})`];
}

const columnsOf = (s: SeriesSchema) => aggregations(s).length;

function checkText(s: string): string {
    if (/[\n\r\0]/.test(s)) throw new Error(`a path with a line break cannot be queried: ${JSON.stringify(s)}`);
    return s;
}

const selectList = (series: SeriesSchema[]) => series.flatMap(aggregations).join(", ");

/** One row: the device's series aggregated over the range (where from is null: no lower bound). */
export function summarySql(device: string, series: SeriesSchema[], range: { from: number | null; to: number }): string {
    const lower = range.from === null ? "" : `time >= ${Math.floor(range.from)} AND `;
    return checkText(`SELECT ${selectList(series)} FROM ${device} WHERE ${lower}time < ${Math.floor(range.to)}`);
}

/** Width of each of `buckets` equal buckets over a range (at least 1). */
export const bucketWidth = (r: Range, buckets: number) => Math.max(1, Math.ceil((r.to - r.from) / buckets));

/** One row a bucket (Time = its start): the device's series aggregated per bucket of the range (its width in the pair's unit). */
export function bucketsSql(device: string, series: SeriesSchema[], r: Range, buckets: number, unit: Precision = "ms"): string {
    return checkText(`SELECT ${selectList(series)} FROM ${device} GROUP BY ([${Math.floor(r.from)}, ${Math.floor(r.to)}), ${bucketWidth(r, buckets)}${unit})`);
}

const num = (v: string | undefined): number | null => (v === undefined || v === "" || v === "null" ? null : Number(v));
const str = (v: string | undefined): string | null => (v === undefined || v === "" || v === "null" ? null : v);

/** A device's summary from one result row's aggregation cells (`cells` holds them from the first series on). */
export function summaryOf(series: SeriesSchema[], cells: string[]): DeviceSummary {
    const expected = series.reduce((n, s) => n + columnsOf(s), 0);
    if (cells.length < expected) throw new Error(`an aggregation row has ${cells.length} cells, ${expected} expected`);
    const out: DeviceSummary = new Map();
    let k = 0;
    for (const s of series) {
        const hasSum = valueKind(s.dataType) !== "other";
        const count = num(cells[k]) ?? 0;
        out.set(s.measurement, {
            count, minTime: num(cells[k + 1]), maxTime: num(cells[k + 2]),
            sum: hasSum && count > 0 ? num(cells[k + 3]) : null,
            first: str(cells[k + (hasSum ? 4 : 3)]), last: str(cells[k + (hasSum ? 5 : 4)]),
        });
        k += columnsOf(s);
    }
    return out;
}

/** The buckets of a bucketsSql result: [range, summary] in time order. */
export function bucketSummaries(series: SeriesSchema[], set: ResultSet, r: Range, buckets: number): [Range, DeviceSummary][] {
    const w = bucketWidth(r, buckets);
    return set.rows.map((row) => {
        const from = Number(row[0]);
        return [{ from, to: Math.min(from + w, r.to) }, summaryOf(series, row.slice(1))];
    });
}
