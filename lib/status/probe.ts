// What a machine's status probe printed (lib/render/sh/status-probe.sh), as data. Pure.
import type { Role } from "./health";
import { ResultSet, parseResultSets } from "./resultSets";

export interface ProbeOutput {
    processes: Partial<Record<Role, boolean>>;
    cluster?: ResultSet;
    pipes: ResultSet[];
    sqlError?: string;
}

export function parseProbe(stdout: string): ProbeOutput {
    const out: ProbeOutput = { processes: {}, pipes: [] };
    let section: string | undefined;
    let body: string[] = [];
    const close = () => {
        if (section === "cluster") out.cluster = parseResultSets(body.join("\n"))[0];
        else if (section === "pipes") out.pipes.push(parseResultSets(body.join("\n"))[0] ?? { header: [], rows: [] });
        else if (section === "sql-error") out.sqlError = body.join(" ").trim();
        body = [];
    };
    for (const line of stdout.split("\n")) {
        const m = /^=== (cluster|pipes|sql-error)$/.exec(line);
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
