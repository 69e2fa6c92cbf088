// The error a failed remote step raises: why it failed first, then the last lines of what it printed,
// with every secret it was given masked. Pure, so its layout has a plain unit test.

/** Lines kept after the cause: enough of IoTDB's log to see what led to it. */
export const TAIL_LINES = 40;
/** Cause lines kept (a script dies on its first one; more come from what it ran). */
export const CAUSE_LINES = 5;
export const REDACTED = "[redacted]";

// A host script's own verdict (`<tag>: ERROR: <why>`, see lib/render), and the last words of a shell.
const CAUSE_RE = /(^|: )(ERROR|FATAL|error):? /;

/**
 * The values a step's stdin carries that must never be shown: each line as a whole, and each quoted
 * SQL string in it (stdin holds passwords and the statements that set them).
 */
export function secretsOf(stdin: string | undefined): string[] {
    const found = new Set<string>();
    for (const line of (stdin ?? "").split("\n")) {
        const value = line.trim();
        if (value.length >= 4) found.add(value);
        for (const m of value.matchAll(/'((?:[^']|'')+)'/g)) if (m[1].length >= 4) found.add(m[1].replace(/''/g, "'"));
    }
    // Longest first, so that a secret inside a longer one is not half-masked.
    return [...found].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each secret replaced by [redacted]. */
export function redact(text: string, secrets: readonly string[]): string {
    return secrets.reduce((t, s) => (s ? t.split(s).join(REDACTED) : t), text);
}

/**
 * `<step> failed on <where> (exit N): <cause>` then the other cause lines, then the last TAIL_LINES
 * lines of the rest of stderr. Without a cause line the message is the tail alone, as before.
 */
export function failureMessage(step: string, where: string, code: number, stderr: string, secrets: readonly string[] = []): string {
    const lines = redact(stderr, secrets).trim().split("\n").filter((l) => l.length > 0);
    const causes = lines.filter((l) => CAUSE_RE.test(l)).slice(0, CAUSE_LINES);
    const rest = lines.filter((l) => !causes.includes(l)).slice(-TAIL_LINES);
    const head = `${step} failed on ${where} (exit ${code})`;
    if (causes.length === 0) return `${head}:\n${rest.join("\n") || "(nothing on stderr)"}`;
    const tail = rest.length > 0 ? `\n--- last ${rest.length} lines of its output ---\n${rest.join("\n")}` : "";
    return `${head}: ${causes[0]}${causes.slice(1).map((c) => "\n" + c).join("")}${tail}`;
}
