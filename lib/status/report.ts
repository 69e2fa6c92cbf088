// How `npm run status` prints a Health: aligned tables for a terminal (colour only on a TTY), or a
// JSON document whose shape is stable for scripts and monitoring. Pure; never given a secret.
import type { Health } from "./health";

/** Version of the JSON document's shape; bumped only when a field changes meaning or goes away. */
export const STATUS_JSON_VERSION = 1;

export function statusJson(stack: string, at: Date, h: Health): string {
    return JSON.stringify({
        version: STATUS_JSON_VERSION, stack, time: at.toISOString(), healthy: h.exitCode === 0, exitCode: h.exitCode,
        nodes: h.nodes, pipes: h.pipes, problems: h.problems,
    }, null, 2);
}

function table(head: string[], rows: string[][]): string[] {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [line(head), ...rows.map(line)];
}

const paint = (on: boolean, code: number, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function statusText(stack: string, at: Date, h: Health, colour: boolean): string {
    const verdict = ["healthy", "degraded", "unreachable"][h.exitCode];
    const out = [`stack ${stack} at ${at.toISOString()}: ${paint(colour, [32, 33, 31][h.exitCode], verdict)}`, ""];
    out.push(...table(["SIDE", "NODE", "ROLE", "PROCESS", "STATUS", "VERSION"],
        h.nodes.map((n) => [n.side, n.hostname, n.role, n.process, n.status, n.version || "-"])));
    out.push("");
    const dash = (v: number | null, f = (x: number) => String(x)) => (v === null ? "-" : f(v));
    out.push(...table(["PIPE", "FROM", "STATE", "REMAINING", "EST. SECONDS", "LAG", "EXCEPTION"],
        h.pipes.map((p) => [p.name, p.side, p.state, dash(p.remainingEventCount), dash(p.estimatedRemainingSeconds),
            dash(p.lagSeconds, (x) => `${x.toFixed(1)} s`), p.exceptionMessage ? p.exceptionMessage.slice(0, 80) : "-"])));
    if (h.problems.length > 0) {
        out.push("", paint(colour, 1, "problems:"));
        for (const p of h.problems) out.push(`  ${paint(colour, 31, p.subject)}: ${p.why}`);
    }
    return out.join("\n") + "\n";
}
