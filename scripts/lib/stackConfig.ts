// What the operator commands (npm run status, npm run verify) read of a stack: its config as the program
// reads it and its secrets, through the project's pinned CLI, and each side's root password. Shared so
// that both reach the hosts the way `up` does.
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { parsePairConfig, CONFIG_KEYS, PASSWORD_KEYS } from "../../lib/config";
import type { PairConfig } from "../../lib/model/config";

const REPO_ROOT = path.resolve(__dirname, "../..");
const NS = "iotdb-dual-active";

/** The stack's config as the program reads it, and its secrets, through the project's pinned CLI. */
export function stackConfig(stack: string, cwd: string): { pair: PairConfig; secrets: Record<string, string> } {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts/pulumi.sh"), "config", "--show-secrets", "--json", "--stack", stack, "--cwd", cwd], {
        encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: REPO_ROOT,
    });
    if (r.status !== 0) throw new Error(`cannot read the config of stack ${stack} (pulumi config exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").pop()}`);
    const all = JSON.parse(r.stdout) as Record<string, { value?: string; objectValue?: unknown; secret?: boolean }>;
    const raw: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    const isSecret = new Set<string>();
    for (const [full, v] of Object.entries(all)) {
        if (!full.startsWith(`${NS}:`)) continue;
        const k = full.slice(NS.length + 1);
        if (v.secret) { isSecret.add(k); if (typeof v.value === "string") secrets[k] = v.value; }
        if ((PASSWORD_KEYS as readonly string[]).includes(k) || v.secret) raw[k] = v.value;
        else if (CONFIG_KEYS.includes(k)) raw[k] = v.objectValue ?? (() => { try { return JSON.parse(v.value ?? ""); } catch { return v.value; } })();
    }
    const pair = parsePairConfig(raw, { namespace: NS, stack, isSecret: (k) => isSecret.has(k), fileExists: fs.existsSync });
    return { pair, secrets };
}

/** root's password of a side: its own key when the stack has one (adminPasswordB), else adminPassword. */
export function adminPasswordOf(side: "A" | "B", secrets: Record<string, string>): string {
    return (side === "B" ? secrets.adminPasswordB : undefined) ?? secrets.adminPassword ?? "";
}
