// What a machine's status probe printed (lib/render/sh/status-probe.sh), as data. Pure.
import type { Role, SideKey } from "./health";
import { ResultSet, parseResultSets, records } from "./resultSets";
import { canarySideOf } from "../plan/canary";

export interface ProbeOutput {
    processes: Partial<Record<Role, boolean>>;
    cluster?: ResultSet;
    pipes: ResultSet[];
    sqlError?: string;
    /** The canary's newest heartbeats (SELECT last), and the machine's clock right after, epoch ms. */
    canary?: ResultSet;
    clockMs?: number;
    canaryError?: string;
}

export function parseProbe(stdout: string): ProbeOutput {
    const out: ProbeOutput = { processes: {}, pipes: [] };
    let section: string | undefined;
    let body: string[] = [];
    const close = () => {
        if (section === "cluster") out.cluster = parseResultSets(body.join("\n"))[0];
        else if (section === "pipes") out.pipes.push(parseResultSets(body.join("\n"))[0] ?? { header: [], rows: [] });
        else if (section === "sql-error") out.sqlError = body.join(" ").trim();
        else if (section === "canary") out.canary = parseResultSets(body.join("\n"))[0] ?? { header: [], rows: [] };
        else if (section === "canary-error") out.canaryError = body.join(" ").trim();
        else if (section === "clock" && /^\d+$/.test(body.join("").trim())) out.clockMs = Number(body.join("").trim());
        body = [];
    };
    for (const line of stdout.split("\n")) {
        const m = /^=== (cluster|pipes|sql-error|canary|canary-error|clock)$/.exec(line);
        const p = /^process (confignode|datanode) (running|absent)$/.exec(line);
        if (m) {
            close();
            section = m[1];
        } else if (p && section === undefined) {
            out.processes[p[1] as Role] = p[2] === "running";
        } else if (section !== undefined) {
            body.push(line);
        }
    }
    close();
    return out;
}

/** The newest heartbeat of each side in a `SELECT last` of the canary (its value: the writer's epoch ms). */
export function heartbeatsOf(set: ResultSet | undefined): Partial<Record<SideKey, number>> {
    const out: Partial<Record<SideKey, number>> = {};
    for (const r of records(set)) {
        const from = canarySideOf(r.Timeseries ?? "");
        const ms = Number(r.Value);
        if (from && r.Value !== "" && Number.isFinite(ms)) out[from.toUpperCase() as SideKey] = ms;
    }
    return out;
}
