// The markdown a reviewer sees on a pull request for a `pulumi preview --diff` (scripts/preview.ts):
// a header naming the stack, the summary (resources that change, policy violations, errors), and the
// whole preview in a collapsible block. Pure: the caller runs Pulumi and reads the secrets to mask.

export interface PreviewResult {
    /** The stack previewed. */
    stack: string;
    /** What `pulumi preview --diff --color never` printed (stdout and stderr). */
    output: string;
    /** Whether it exited 0. */
    succeeded: boolean;
}

/** A resource the preview would change: its operation, type and name. */
export interface Change {
    op: string;
    type: string;
    name: string;
}

/** Every resource the diff shows with an operation other than `same`, in order. */
export function changedResources(output: string): Change[] {
    const lines = output.split("\n");
    const out: Change[] = [];
    lines.forEach((line, i) => {
        const m = /^\s*(?:[-+~<>]{1,2}\s+)?([\w.\/-]+:[\w.\/-]*:[\w.\/-]+): \(([\w-]+)\)\s*$/.exec(line);
        if (!m || m[2] === "same") return;
        const urn = lines.slice(i + 1, i + 4).map((l) => /\[urn=(\S+)\]/.exec(l)?.[1]).find(Boolean);
        out.push({ op: m[2], type: m[1], name: urn ? urn.slice(urn.lastIndexOf("::") + 2) : "?" });
    });
    return out;
}

/** The lines under a heading such as `Resources:`, up to the next blank line. */
export function section(output: string, heading: string): string[] {
    const lines = output.split("\n");
    const start = lines.findIndex((l) => l.trim() === heading);
    if (start < 0) return [];
    const end = lines.findIndex((l, i) => i > start && l.trim() === "");
    return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim()).filter(Boolean);
}

/** A policy violation as the preview reports it: level, policy, resource and message. */
export interface PolicyViolation {
    level: string;
    policy: string;
    resource: string;
    message: string;
}

/** Violations in both layouts Pulumi prints (inline in a --diff, or under `Policies:`). */
export function policyViolations(output: string): PolicyViolation[] {
    const lines = output.split("\n");
    const out: PolicyViolation[] = [];
    lines.forEach((line, i) => {
        const m = /\[(mandatory|advisory)\]\s+(\S+)\s+\(([^)]*)\)(.*)$/.exec(line);
        if (!m) return;
        // Under `Policies:` the description and the message follow on two lines; inline, the
        // description ends this line and the message is the next one.
        const message = m[4].trim() ? lines[i + 1] : lines[i + 2];
        const v = { level: m[1], policy: m[2], resource: m[3], message: (message ?? "").trim() };
        if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    });
    return out;
}

/** Every occurrence of each secret (4 characters or more, longest first) replaced by `[secret]`. */
export function maskSecrets(text: string, secrets: string[]): string {
    return [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
        .reduce((t, s) => t.split(s).join("[secret]"), text);
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
    return "`".repeat(longest + 1);
}

const escapeMd = (s: string) => s.replace(/([\\`*_<>|[\]])/g, "\\$1");

/** The pull-request comment for a preview; every secret given is masked, wherever it shows. */
export function previewMarkdown(r: PreviewResult, secrets: string[] = []): string {
    const output = r.output.replace(/\r/g, "").trimEnd();
    const resources = section(output, "Resources:");
    const violations = policyViolations(output);
    const errors = [...new Set(output.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("error:")))];
    const changes = changedResources(output);
    const md: string[] = [
        `### ${r.succeeded ? "✅" : "❌"} Pulumi preview of stack \`${r.stack}\`${r.succeeded ? "" : ": failed"}`,
        "",
        `**Resources:** ${resources.length ? resources.map(escapeMd).join(", ") : "no summary (see the preview below)"}`,
    ];
    if (changes.length) {
        md.push("", "**Changes:**", ...changes.map((c) => `- ${c.op} \`${c.name}\` (${c.type})`));
    }
    if (violations.length) {
        md.push("", "**Policy violations:**", ...violations.map((v) =>
            `- ${v.level === "mandatory" ? "❌" : "⚠️"} ${v.level} \`${v.policy}\` (${escapeMd(v.resource)}): ${escapeMd(v.message)}`));
    }
    if (errors.length) md.push("", "**Errors:**", ...errors.map((e) => `- ${escapeMd(e)}`));
    const f = fence(output);
    md.push("", "<details><summary>The preview (<code>pulumi preview --diff</code>)</summary>", "", `${f}diff`, output, f, "", "</details>", "");
    return maskSecrets(md.join("\n"), secrets);
}
