// Runs the real Pulumi engine (the pinned CLI built by scripts/toolchain.sh) through the Automation
// API, in throwaway work dirs with their own state backend, so tests never touch the user's stacks.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import { execFileSync, spawnSync } from "child_process";
import { LocalWorkspace, Stack, PulumiCommand } from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The toolchain's bin dir, as scripts/lib/common.sh computes it (one source of truth). */
export function toolchainBin(): string {
    return execFileSync("bash", ["-c", 'source scripts/lib/common.sh && printf %s "$PULUMI_TOOLCHAIN_BIN"'], { cwd: REPO_ROOT }).toString();
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
    const bin = toolchainBin();
    const envVars: Record<string, string> = {
        PATH: `${bin}:${process.env.PATH}`,
        PULUMI_HOME: path.join(dir, ".pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(16).toString("hex"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CONTINUE_ON_ERROR: "true", // as scripts/lib/pulumi-env.sh sets it
    };
    return { dir, backendDir: backend, envVars, writeFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
        cwd: ws.dir, env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000,
    });
    return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
