// The pieces the config schema's rows (schema.ts) are made of: the row type, and the builders and
// wordings several rows share.
import { DEFAULTS } from "./defaults";
import { PIPE_ATTRIBUTES_ALLOWED } from "../plan/replication";
import { pipeSourceDefaultsText } from "../plan/defaultsText";

/** Whether IoTDB fixes a value when a node first starts (a change then needs a new node). */
export type FixedAtFirstStart = "yes" | "no" | "per field" | "per key";

/** One row of the reference. */
export interface ConfigEntry {
    /**
     * Paths below the namespace that share this row, e.g. `sideA.nodes[].hostname`: dots separate
     * fields, `[]` stands for every item of a list.
     */
    keys: string[];
    /** What it is. */
    meaning: string;
    /** The default exactly as the code fills it in, or `required`, or `none`. */
    default: string;
    fixedAtFirstStart: FixedAtFirstStart;
    /** Stored with `pulumi config set --secret` (the program refuses a plain value). */
    secret: boolean;
    /** What the next `up` does after a change. */
    onChange: string;
    /** Its keys are free (a map of attributes or properties), not fields of the project's. */
    freeFormKeys?: boolean;
    /** The value the parser fills in when the field is not set (`default` is its text). */
    value?: unknown;
    /** A top-level key's type, as Pulumi.yaml declares it. */
    type?: ConfigType;
}

/** Types Pulumi 3.259 takes in a project's `config:` declarations (and checks a stack's values against). */
export type ConfigType = "string" | "integer" | "boolean" | "object";

/** A row's `value` and `default`: the value the parser fills in, and its text (a list's items joined). */
export const filled = (value: unknown): { value: unknown; default: string } =>
    ({ value, default: Array.isArray(value) ? value.join(", ") : String(value) });

export const FIXED_CHANGE = "refused at preview, naming the field, before anything runs: IoTDB keeps the value of its first start in the data directory and would not start with another. It goes through only with the node's `rebuild` set to a new value (every node of a side, for a side's value), which DELETES that node's IoTDB data and starts it empty";
export const RESTART = "rewrites the configuration and restarts the node";
export const RERUN = "re-runs the steps' scripts (each is idempotent; nothing restarts)";
export const PASSWORD_DEFAULT = "required (`npm run passwords -- STACK` generates any that is missing)";

export const both = (field: string) => [`sideA${field}`, `sideB${field}`];

export const port = (key: keyof typeof DEFAULTS.ports, property: string, fixed: boolean, what = ""): ConfigEntry => ({
    keys: [`ports.${key}`],
    meaning: `\`${property}\`${what}`,
    ...filled(DEFAULTS.ports[key]),
    fixedAtFirstStart: fixed ? "yes" : "no",
    secret: false,
    onChange: fixed ? FIXED_CHANGE : `${RESTART} on both sides; both pipes are replaced (they send to this port)`,
});

export const pipe = (key: "ab" | "ba", from: string, to: string): ConfigEntry[] => [
    {
        keys: [`pipes.${key}.name`],
        meaning: `ID of the pipe on side ${from} that sends to side ${to}`,
        ...filled(DEFAULTS.pipeNames[key]), fixedAtFirstStart: "no", secret: false,
        onChange: "replaces the pipe (stopped and dropped, then created under the new name)",
    },
    {
        keys: [`pipes.${key}.source`],
        meaning: `extra source attributes (\`source.\` is added when missing), only these (PIPE_ATTRIBUTES_ALLOWED in lib/plan/replication.ts): ${PIPE_ATTRIBUTES_ALLOWED.source.map((a) => a.slice(7)).join(", ")}; any other is refused at preview (double-living mode, the captured models, the paths from \`owns\` and what is carried are the project's)`,
        default: pipeSourceDefaultsText(), fixedAtFirstStart: "no", secret: false, freeFormKeys: true,
        onChange: "replaces the pipe",
    },
    {
        keys: [`pipes.${key}.sink`],
        meaning: `extra sink attributes (\`sink.\` is added when missing), only these (PIPE_ATTRIBUTES_ALLOWED in lib/plan/replication.ts): ${PIPE_ATTRIBUTES_ALLOWED.sink.map((a) => a.slice(5)).join(", ")}; any other is refused at preview (the peer, the user, the password and the format are the project's; keys such as mark-as-pipe-request could make rows loop)`,
        default: "`sink.format=tablet`, `sink.parallel.tasks=1` (towards a side with `replication.data` above 1, also `sink.batch.enable=false`)", fixedAtFirstStart: "no", secret: false, freeFormKeys: true,
        onChange: "replaces the pipe",
    },
];
