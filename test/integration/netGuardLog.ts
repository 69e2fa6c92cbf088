// Environment and log of test/support/netGuard.js, which every Node process of a Pulumi run loads to
// record its TCP connects and refuse any that leaves this machine.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./pulumiHarness";

export interface GuardEntry { pid: number; loaded?: string; allowed?: string; blocked?: string }

/** Variables that make every Node process of a run load the guard, logging to `logFile`. */
export function guardEnv(logFile: string): Record<string, string> {
    return { NETGUARD_LOG: logFile, NODE_OPTIONS: `--require ${path.join(REPO_ROOT, "test/support/netGuard.js")}` };
}

/** What the guard recorded: the scripts of the processes that loaded it, and the connects. */
export function readGuard(logFile: string): { loaded: string[]; allowed: string[]; blocked: string[] } {
    const entries = fs.readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as GuardEntry);
    const pick = (k: keyof GuardEntry) => entries.filter((e) => e[k] !== undefined).map((e) => String(e[k]));
    return { loaded: pick("loaded"), allowed: pick("allowed"), blocked: pick("blocked") };
}
