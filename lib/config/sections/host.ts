// What each machine is given: installDir and dataDir, memory, ports.
import type { PairConfig, Ports } from "../../model/config";
import { dataDirProblem } from "../../plan/layout";
import { isAbsolutePath, isMemorySize, isPort } from "../../rules";
import { DEFAULTS } from "../defaults";
import { Parsed, Problems, Raw } from "../problems";

/** installDir and dataDir: absolute paths of safe characters, dataDir a directory of its own. */
export function parsePaths(raw: Raw, namespace: string): Parsed<{ installDir: string; dataDir: string }> {
    const out = new Problems(namespace);
    const path = (k: "installDir" | "dataDir") => {
        const v = raw[k] ?? DEFAULTS[k];
        if (!isAbsolutePath(v)) out.add(k, `${JSON.stringify(v)} must be an absolute path of letters, digits, '.', '_', '-' and '/'`);
        return v;
    };
    const installDir = path("installDir");
    const dataDir = path("dataDir");
    // A purge removes IoTDB's subdirectories of dataDir: it must be a directory of its own (lib/plan/layout.ts).
    const dataDirIssue = isAbsolutePath(dataDir) && isAbsolutePath(installDir) ? dataDirProblem(dataDir, installDir) : undefined;
    if (dataDirIssue) out.add("dataDir", dataDirIssue);
    return { value: { installDir, dataDir }, problems: out.list };
}

/** memory: IoTDB's MEMORY_SIZE of each role. */
export function parseMemory(raw: Raw, namespace: string): Parsed<PairConfig["memory"]> {
    const out = new Problems(namespace);
    const memory = { ...DEFAULTS.memory, ...(raw.memory ?? {}) };
    for (const k of ["confignode", "datanode"] as const) {
        if (!isMemorySize(memory[k])) out.add(`memory.${k}`, `${JSON.stringify(memory[k])} must look like 512M or 2G`);
    }
    return { value: memory, problems: out.list };
}

/** ports: every one a port number, no two equal. */
export function parsePorts(raw: Raw, namespace: string): Parsed<Ports> {
    const out = new Problems(namespace);
    const ports: Ports = { ...DEFAULTS.ports, ...(raw.ports ?? {}) };
    for (const [k, v] of Object.entries(ports)) {
        if (!isPort(v)) out.add(`ports.${k}`, `${JSON.stringify(v)} is not a port number (1-65535)`);
    }
    if (new Set(Object.values(ports)).size !== Object.values(ports).length) {
        out.add("ports", "two IoTDB ports are equal; every port must be different");
    }
    return { value: ports, problems: out.list };
}
