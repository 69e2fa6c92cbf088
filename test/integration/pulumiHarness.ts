// Runs the real Pulumi engine (the pinned CLI built by scripts/toolchain.sh) through the Automation
// API, in throwaway work dirs with their own state backend, so tests never touch the user's stacks.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import * as yaml from "js-yaml";
import { execFileSync, spawnSync } from "child_process";
import { LocalWorkspace, Stack, PulumiCommand } from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Options that keep an engine run's output out of the test report. */
export const quiet = { onOutput: () => undefined };

/** The bin dir of the Pulumi CLI the scripts use, as scripts/lib/common.sh resolves it (one source of
 * truth): an official CLI on PATH as it is, else the toolchain built here. */
export function toolchainBin(): string {
    return execFileSync("bash", ["-c", 'source scripts/lib/common.sh && pulumi_cli_resolve && printf %s "$PULUMI_CLI_BIN"'], { cwd: REPO_ROOT }).toString();
}

/** The policy pack's directory for that CLI (policy/, or its manifest for the built language host); throws
 * for another CLI with the language host built here, which cannot run a pack. */
export function policyPackDir(): string {
    return execFileSync("bash", ["-c", "source scripts/lib/common.sh && policy_pack_dir"], { cwd: REPO_ROOT }).toString();
}

export interface Workspace {
    dir: string;
    /** The file:// state backend of this work dir. */
    backendDir: string;
    envVars: Record<string, string>;
    /** Writes a file of the work dir (e.g. a stack file, to change config between runs). */
    writeFile(rel: string, content: string): void;
    /** Removes the work dir and its backend. */
    cleanup(): void;
}

/** A temp dir holding `files` (relative path → content), with node_modules linked and its own backend. */
export function makeWorkspace(prefix: string, files: Record<string, string>, copyProject = false): Workspace {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `iotdb-da-${prefix}-`));
    if (copyProject) {
        for (const entry of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "components", "lib", "providers"]) {
            fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
        }
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
    const writeFile = (rel: string, content: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
    };
    for (const [rel, content] of Object.entries(files)) writeFile(rel, content);
    const backend = path.join(dir, ".backend");
    fs.mkdirSync(backend);
    // The CLI's dir, then, for the language host built here, the toolchain's (the policy analyzer plugin).
    const bin = execFileSync("bash", ["-c", 'source scripts/lib/common.sh && pulumi_cli_resolve && printf %s "$PULUMI_CLI_BIN" && '
        + '{ [ "$PULUMI_CLI_HOST_BUILT" = 0 ] || printf :%s "$PULUMI_TOOLCHAIN_BIN"; }'], { cwd: REPO_ROOT }).toString();
    const envVars: Record<string, string> = {
        PATH: `${bin}:${process.env.PATH}`,
        PULUMI_HOME: path.join(dir, ".pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backend}`,
        // A fixed passphrase from the environment lets a kept stack (IOTDB_DA_KEEP_CLUSTER) be opened afterwards.
        PULUMI_CONFIG_PASSPHRASE: process.env.IOTDB_DA_TEST_PASSPHRASE || crypto.randomBytes(16).toString("hex"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CONTINUE_ON_ERROR: "true", // as scripts/lib/pulumi-env.sh sets it
    };
    return { dir, backendDir: backend, envVars, writeFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A work dir whose program is a module of the repository's test/fixtures/ (imported by path, as it is). */
export function fixtureWorkspace(prefix: string, fixture: string): Workspace {
    return makeWorkspace(prefix, {
        "Pulumi.yaml": `name: ${fixture}\nruntime: nodejs\n`,
        "package.json": JSON.stringify({ name: fixture, private: true }),
        "index.ts": `import ${JSON.stringify(path.join(REPO_ROOT, "test/fixtures", fixture))};\n`,
    });
}

/** Creates (or selects) a stack of the work dir's program with the pinned CLI. */
export async function openStack(ws: Workspace, stackName: string): Promise<Stack> {
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(toolchainBin()), skipVersionCheck: false });
    return LocalWorkspace.createOrSelectStack({ stackName, workDir: ws.dir }, { envVars: ws.envVars, pulumiCommand });
}

/** Files under dir (recursively) whose content contains needle. */
export function filesContaining(dir: string, needle: string): string[] {
    const hits: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true } as any) as unknown as fs.Dirent[]) {
        const full = path.join((entry as any).parentPath ?? (entry as any).path, entry.name);
        if (entry.isFile() && fs.readFileSync(full).includes(needle)) hits.push(full);
    }
    return hits;
}

/** Runs the pinned CLI in the work dir with its environment (for commands the Automation API lacks). */
export function runPulumi(ws: Workspace, args: string[]): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(path.join(toolchainBin(), "pulumi"), [...args, "--non-interactive"], {
        // A preview --json of the whole pair prints over 1 MiB (every step's script): room for it.
        cwd: ws.dir, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : "") };
}

/** `npm run passwords -- STACK` in the work dir: the stack gets generated passwords as config secrets. */
export function generatePasswords(ws: Workspace, stackName: string): void {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/passwords.sh"), stackName, ws.dir], {
        cwd: REPO_ROOT, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`npm run passwords failed (${r.status}):\n${r.stderr}`);
}

/** The encrypted values and the salt Pulumi wrote into a stack file (block or flow YAML, as it found the file). */
export function encryptedParts(text: string): { secrets: Record<string, { secure: string }>; salt?: string } {
    const doc = (yaml.load(text) ?? {}) as { config?: Record<string, unknown>; encryptionsalt?: string };
    const secrets: Record<string, { secure: string }> = {};
    for (const [k, v] of Object.entries(doc.config ?? {})) {
        const secure = (v as { secure?: unknown } | null)?.secure;
        if (typeof secure === "string") secrets[k] = { secure };
    }
    return { secrets, salt: doc.encryptionsalt };
}

/**
 * Rewrites a stack file of the work dir with `content` (JSON `{ "config": ... }`), keeping the encrypted
 * secrets and the salt it holds now (unless `content` sets the same keys), as `pulumi config set` would.
 */
export function rewriteStackFile(ws: Workspace, rel: string, content: string): void {
    const file = path.join(ws.dir, rel);
    const { secrets, salt } = encryptedParts(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
    const parsed = JSON.parse(content) as { config: Record<string, unknown> };
    const doc: Record<string, unknown> = { config: { ...secrets, ...parsed.config } };
    if (salt) doc.encryptionsalt = salt;
    ws.writeFile(rel, JSON.stringify(doc, null, 2));
}

/** `pulumi config set --secret KEY` for a stack of the work dir, the value on stdin (never argv). */
export function setSecretConfig(ws: Workspace, stackName: string, key: string, value: string): void {
    const r = spawnSync(path.join(toolchainBin(), "pulumi"), ["config", "set", "--secret", key, "--stack", stackName, "--non-interactive"], {
        cwd: ws.dir, env: { ...process.env, ...ws.envVars }, input: value, encoding: "utf8", timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`pulumi config set --secret ${key} failed (${r.status}):\n${r.stderr}`);
}
