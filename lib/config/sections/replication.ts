// replication: the lag bound between the sides, the flush interval that serves it, and the databases
// the pair carries, which the DataNodes' memory must hold.
import type { ReplicationConfig, SideConfig } from "../../model/config";
import {
    MIN_MAX_LAG_SECONDS, MAX_MAX_LAG_SECONDS, flushIntervalMs, memoryMiB, memoryNeeds, regionsPerDataNode, smallestMemory,
} from "../../plan/replication";
import { isMemorySize } from "../../rules";
import { DEFAULTS } from "../defaults";
import { dataNodes } from "../nodes";
import { Parsed, Problems, Raw } from "../problems";

/** The fields of `replication` (schema.ts has a row for each; test/unit/configSections.test.ts checks). */
export const REPLICATION_FIELDS = ["maxLagSeconds", "databases", "flushIntervalMs"];

/** A heap too small for what the pair carries starves the pipes or refuses regions: said at preview. */
function checkMemoryCarries(datanodeMemory: string, databases: number, sides: { sideA: SideConfig; sideB: SideConfig }, out: Problems): void {
    for (const [key, s] of Object.entries(sides)) {
        const dn = dataNodes(s).length;
        if (dn === 0) continue;
        // The canary's database (lib/plan/canary.ts) takes its regions besides the users' databases.
        const regions = regionsPerDataNode(databases + 1, dn, s.replication);
        const need = memoryNeeds(memoryMiB(datanodeMemory), regions, s.consensus.dataRegion);
        if (!need.fits) {
            out.add("memory.datanode", `${datanodeMemory} cannot carry ${databases} databases and the canary's on ${key} (${regions.schema} schema and ${regions.data} data regions a DataNode: direct buffers ${need.direct.toFixed(0)} of ${need.directLimit.toFixed(0)} MiB, pipe memory ${need.pipe.toFixed(0)} of ${need.pipeBudget.toFixed(0)} MiB); use at least ${smallestMemory(regions, s.consensus.dataRegion)}, or lower replication.databases`);
        }
    }
}

/** The replication key, checked against the sides and the DataNode memory it must fit in. */
export function parseReplication(raw: Raw, namespace: string, datanodeMemory: string, sides: { sideA: SideConfig; sideB: SideConfig }): Parsed<ReplicationConfig> {
    const out = new Problems(namespace);
    const lagRaw = raw.replication?.maxLagSeconds ?? DEFAULTS.replication.maxLagSeconds;
    const replication: ReplicationConfig = {
        maxLagSeconds: lagRaw, databases: DEFAULTS.replication.databases,
        flushIntervalMs: typeof lagRaw === "number" ? flushIntervalMs(lagRaw) : 0, ...(raw.replication ?? {}),
    };
    for (const k of Object.keys(raw.replication ?? {})) {
        if (!REPLICATION_FIELDS.includes(k)) out.add(`replication.${k}`, `is not a field of replication; its fields are ${REPLICATION_FIELDS.slice(0, -1).join(", ")} and ${REPLICATION_FIELDS.at(-1)}`);
    }
    const fi = replication.flushIntervalMs;
    if (!Number.isInteger(fi) || fi < 100 || fi > 3_600_000) {
        out.add("replication.flushIntervalMs", `${JSON.stringify(fi)} must be a whole number of milliseconds from 100 to 3600000`);
    } else if (typeof lagRaw === "number" && fi >= lagRaw * 1000) {
        out.add("replication.flushIntervalMs", `${fi} ms is not below replication.maxLagSeconds (${lagRaw} s): rows would wait longer than the bound; lower it or raise the bound`);
    }
    if (!Number.isInteger(replication.databases) || replication.databases < 1 || replication.databases > 10000) {
        out.add("replication.databases", `${JSON.stringify(replication.databases)} must be a whole number of databases from 1 to 10000`);
    } else if (isMemorySize(datanodeMemory)) {
        checkMemoryCarries(datanodeMemory, replication.databases, sides, out);
    }
    const lag = replication.maxLagSeconds;
    if (typeof lag !== "number" || !Number.isFinite(lag) || lag < MIN_MAX_LAG_SECONDS || lag > MAX_MAX_LAG_SECONDS) {
        out.add("replication.maxLagSeconds", `${JSON.stringify(lag)} must be a number of seconds from ${MIN_MAX_LAG_SECONDS} to ${MAX_MAX_LAG_SECONDS}`);
    }
    return { value: replication, problems: out.list };
}
