// Rows written on both sides of a deployed pair (several databases a side, no FLUSH) and the checks
// that they converged and that the pipes are healthy: what the replication tests share.
import { waitFor } from "./pairFixture";
import { column, ResultSet } from "./iotdbClient";

/** Runs statements as root on test host i (1 is side A, 2 side B). */
export type RootSql = (i: number, statements: string[]) => ResultSet[];

/** The devices each side writes (host 1 side A, host 2 side B), each in a database its side owns. */
export type SideDevices = { 1: readonly string[]; 2: readonly string[] };

/** Writes rows on both sides at once and waits until both hold the same count, sum and last time per device. */
export function bothSidesRows(sql: RootSql, devices: SideDevices) {
    const all = [...devices[1], ...devices[2]];
    let written = 0;
    /** Per device on host i: count, sum of values and last time (what both sides must agree on). */
    const digest = (i: number) => Object.fromEntries(all.map((d) => {
        const [set] = sql(i, [`select count(s), sum(s), max_time(s) from ${d}`]);
        return [d, set && set.rows.length > 0 ? set.rows[0].join("/") : "none"];
    }));
    /** `rows` more rows on every device, side A's and side B's, no FLUSH. */
    const write = (rows: number) => {
        for (const i of [1, 2] as const) {
            for (const d of devices[i]) {
                const values = Array.from({ length: rows }, (_, k) => `(${written + k + 1}, ${(written + k + 1) * 1.5})`).join(", ");
                sql(i, [`insert into ${d}(timestamp, s) values ${values}`]);
            }
        }
        written += rows;
    };
    /** Both sides hold every row written so far on every device; the digest they agree on. */
    const converged = (what: string, seconds = 180) => waitFor(what, seconds, () => {
        const [a, b] = [digest(1), digest(2)];
        return JSON.stringify(a) === JSON.stringify(b) && Object.values(a).every((v) => v.startsWith(`${written}/`)) ? a : undefined;
    }, 3000);
    /** Pipe AB on side A and BA on side B: RUNNING, nothing left to send, no ExceptionMessage. */
    const pipesHealthy = async () => {
        for (const [i, pipe] of [[1, "AB"], [2, "BA"]] as const) {
            await waitFor(`pipe ${pipe} RUNNING, drained, no exception`, 120, () => {
                const [set] = sql(i, ["show pipes"]);
                const k = column(set, "ID").indexOf(pipe);
                return k >= 0 && column(set, "State")[k] === "RUNNING" && column(set, "RemainingEventCount")[k] === "0"
                    && column(set, "ExceptionMessage")[k] === "" ? true : undefined;
            });
        }
    };
    return { digest, write, converged, pipesHealthy, written: () => written };
}
