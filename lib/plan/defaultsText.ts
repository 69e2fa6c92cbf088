// What the plan gives by default, in words for the config reference (lib/config/schema.ts renders
// docs/configuration.md): read from the same functions and figures the plan uses, so the reference
// cannot fall behind the tuning.
import { BUFFERS, pipeAttributes, replicationProperties } from "./replication";
import { CANARY_DATABASE } from "./canary";

const MIB = 1024 * 1024;
const PATTERN_KEY = "source.pattern.inclusion";
const pairs = (attrs: Record<string, string>) => Object.entries(attrs).map(([k, v]) => `\`${k}=${v}\``);

/** The source attributes every pipe gets unless the stack sets its own (`pipes.<ab|ba>.source`). */
export function pipeSourceDefaultsText(): string {
    const { [PATTERN_KEY]: _owned, ...fixed } = pipeAttributes(["root.x.**"], 1).source;
    return [`\`${PATTERN_KEY}\` from the side's \`owns\` and its canary device (\`${CANARY_DATABASE}.<a|b>.**\`)`, ...pairs(fixed)].join(", ") + " (lib/plan/replication.ts)";
}

/** The sink attributes every pipe gets unless the stack sets its own (`pipes.<ab|ba>.sink`). */
export function pipeSinkDefaultsText(): string {
    const single = pipeAttributes(["root.x.**"], 1).sink;
    const replicated = pipeAttributes(["root.x.**"], 2).sink;
    const extra = Object.fromEntries(Object.entries(replicated).filter(([k, v]) => single[k] !== v));
    return `${pairs(single).join(", ")} (towards a side with \`replication.data\` above 1, also ${pairs(extra).join(", ")})`;
}

/** The iotdb-system.properties entries every node gets unless `systemProperties` sets its own. */
export function systemPropertiesDefaultsText(): string {
    const p = replicationProperties();
    const mib = (bytes: number | string) => `${Number(bytes) / MIB} MiB`;
    const buffers = BUFFERS.walBuffer === BUFFERS.ratisAppender ? `WAL and Ratis buffers of ${mib(BUFFERS.walBuffer)}` : `WAL buffers of ${mib(BUFFERS.walBuffer)}, Ratis buffers of ${mib(BUFFERS.ratisAppender)}`;
    const regions = p.default_data_region_group_num_per_database === "1" ? "one data region a database" : `${p.default_data_region_group_num_per_database} data regions a database`;
    const tablets = BUFFERS.tablet === BUFFERS.chunk ? `${mib(BUFFERS.tablet)} tablets and chunks` : `${mib(BUFFERS.tablet)} tablets, ${mib(BUFFERS.chunk)} chunks`;
    return `the pipe and region sizes of \`replicationProperties()\` in lib/plan/replication.ts: ${buffers}, ${regions}, pipe rings of ${BUFFERS.ringSize}, ${tablets}, floating pipe memory ${BUFFERS.floatingProportion} (README, "Memory")`;
}
