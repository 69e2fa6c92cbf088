// The refusal of a change IoTDB fixes at a node's first start (issue 14): run by RemoteScript's
// provider `check`, which sees the inputs recorded at the last up, before anything runs anywhere. A
// node whose data directory holds the old value would be stopped, configured with the new one and
// then fail to start; only an explicit rebuild (a new `rebuild` value: the node's IoTDB data deleted
// on purpose) lets such a change through.

/** What a node's configuration step records of the values IoTDB fixed at its first start. */
export interface FixedAtFirstStart {
    /** The node, as messages name it (its hostname). */
    node: string;
    /** iotdb-system.properties key -> value, for every key IoTDB fixes at first start that is set. */
    values: Record<string, string>;
    /** Property key -> the config field that sets it (e.g. cluster_name -> sideA.clusterName). */
    fields?: Record<string, string>;
    /** The node's rebuild request: a value it did not have at the last up asks for a rebuild. */
    rebuild?: string;
    /** The config field of that request (e.g. sideA.nodes[0].rebuild). */
    rebuildField?: string;
}

/** A refusal, as a provider's check failure. */
export interface FixedChangeFailure {
    property: string;
    reason: string;
}

const shown = (v: string | undefined) => (v === undefined ? "IoTDB's default" : JSON.stringify(v));

/**
 * The keys fixed at first start whose value differs between the recorded and the new inputs, unless a
 * rebuild was asked (a `rebuild` value other than the recorded one). Nothing to compare (a node made
 * before this was recorded, or a new node) refuses nothing.
 */
export function fixedChanges(olds: FixedAtFirstStart | undefined, news: FixedAtFirstStart | undefined): string[] {
    if (!olds?.values || !news?.values) return [];
    if (news.rebuild !== undefined && news.rebuild !== olds.rebuild) return [];
    const keys = [...new Set([...Object.keys(olds.values), ...Object.keys(news.values)])].sort();
    return keys.filter((k) => olds.values[k] !== news.values[k]);
}

/** The check failure for a refused change, naming each field, its old and new value, and the way out; none when allowed. */
export function fixedKeyRefusal(olds: FixedAtFirstStart | undefined, news: FixedAtFirstStart | undefined): FixedChangeFailure[] {
    const changed = fixedChanges(olds, news);
    if (changed.length === 0) return [];
    const fields = news!.fields ?? {};
    const what = changed.map((k) => `${fields[k] ?? k} (\`${k}\`) from ${shown(olds!.values[k])} to ${shown(news!.values[k])}`);
    const rebuild = news!.rebuildField ?? "the node's `rebuild`";
    return [{
        property: "",
        reason: `${news!.node}: ${what.join(", ")} refused: IoTDB fixed ${changed.length > 1 ? "these" : "this"} at the node's first start, `
            + `and its data directory keeps the old value, so the node would not start again. Nothing was changed. Put the old value back, `
            + `or rebuild the node on purpose: set ${rebuild} to a new value (e.g. the date) and run up; that DELETES the node's IoTDB data `
            + `and starts it empty with the new value (docs/configuration.md, \`rebuild\`).`,
    }];
}
