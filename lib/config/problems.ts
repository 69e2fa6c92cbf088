// What every section parser of the stack config shares: the error listing all problems, what the
// caller knows beyond the values, and the collector that words a problem `<namespace>:<field>: <fix>`.

/** Every problem found in a configuration, each naming its field and the fix. */
export class ConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super("invalid stack configuration:\n" + problems.map((p) => "  - " + p).join("\n"));
        this.name = "ConfigError";
    }
}

/** What the caller knows of the raw config beyond the values: which keys are secrets. */
export interface ConfigContext {
    /** Project namespace of the keys, for messages (`iotdb-dual-active`). */
    namespace: string;
    /** Whether a key of the namespace is stored as a secret. */
    isSecret(key: string): boolean;
    /** Stack name, for the fixes messages suggest. */
    stack?: string;
    /** Probe for the SSH key file; omitted in pure tests that do not care. */
    fileExists?(path: string): boolean;
}

/** The raw stack config, as `pulumi.Config` gives each key (JSON parsed). */
export type Raw = Record<string, any>;

/** The problems one section found, in the order it found them. */
export class Problems {
    readonly list: string[] = [];
    constructor(private readonly namespace: string) {}

    /** The field as messages name it: `iotdb-dual-active:ssh.port`. */
    field(path: string): string {
        return `${this.namespace}:${path}`;
    }

    add(path: string, fix: string): void {
        this.list.push(`${this.field(path)}: ${fix}`);
    }

    /** Whether a problem about exactly this field was already reported. */
    has(path: string): boolean {
        return this.list.some((p) => p.startsWith(`${this.field(path)}: `));
    }
}

/** A section's value with defaults filled in, and the problems found on the way. */
export interface Parsed<T> {
    value: T;
    problems: string[];
}
