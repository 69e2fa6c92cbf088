// `npm run preview -- STACK [--cwd DIR] [--output FILE]` (scripts/preview.sh): `pulumi preview --diff`
// of STACK with the policy pack, written as the markdown a reviewer sees on the pull request (to
// stdout, or FILE). Exits with the preview's status, after writing the markdown either way.
//
// Secrets: Pulumi shows secret config as [secret]. As a second guard, the stack's secret config
// values are read (in memory, through a pipe: never on a command line, never printed) and every
// occurrence is masked in the markdown too, whatever printed it.
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { previewMarkdown } from "./lib/previewMarkdown";

const REPO_ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run preview -- STACK [--cwd PROGRAM_DIR] [--output FILE]";

function parseArgs(argv: string[]): { stack: string; cwd: string; output?: string } {
    let stack: string | undefined;
    let cwd = REPO_ROOT;
    let output: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--cwd" || a === "--output") {
            const v = argv[++i];
            if (!v) throw new Error(`${a} needs a value\n${USAGE}`);
            if (a === "--cwd") cwd = path.resolve(v); else output = path.resolve(v);
        } else if (!a.startsWith("-") && stack === undefined) {
            stack = a;
        } else {
            throw new Error(`unexpected argument ${a}\n${USAGE}`);
        }
    }
    if (!stack) throw new Error(USAGE);
    return { stack, cwd, output };
}

/** The pinned CLI through scripts/pulumi.sh (the project's environment), its output captured. */
function pulumi(args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/pulumi.sh"), ...args], {
        encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The stack's secret config values (to mask); none when they cannot be read. */
function secretValues(stack: string, cwd: string): string[] {
    const r = pulumi(["config", "--show-secrets", "--json", "--stack", stack, "--cwd", cwd]);
    if (r.status !== 0) {
        process.stderr.write(`[preview] could not read the stack's config to mask its secrets (exit ${r.status}); Pulumi's own masking still applies\n`);
        return [];
    }
    const config = JSON.parse(r.stdout) as Record<string, { value?: unknown; secret?: boolean }>;
    return Object.values(config).filter((c) => c.secret && typeof c.value === "string").map((c) => c.value as string);
}

function main(): number {
    const { stack, cwd, output } = parseArgs(process.argv.slice(2));
    // scripts/pulumi.sh adds the policy pack (policy_pack_dir: the directory the CLI in use can run).
    const run = pulumi(["preview", "--diff", "--stack", stack, "--cwd", cwd, "--non-interactive", "--color", "never"]);
    const markdown = previewMarkdown({ stack, output: run.stdout + run.stderr, succeeded: run.status === 0 }, secretValues(stack, cwd));
    if (output) fs.writeFileSync(output, markdown); else process.stdout.write(markdown);
    return run.status;
}

try {
    process.exitCode = main();
} catch (e) {
    process.stderr.write(`[preview] ${(e as Error).message}\n`);
    process.exitCode = 2;
}
