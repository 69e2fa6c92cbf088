// Which changes of iotdbVersion `up` makes in place (issue 15). The rule, from what IoTDB's maintainers
// say and what 2.0.10's sources do:
// - From 1.0 on, an in-place upgrade is the new release's lib/, sbin/ and conf/ over the same data
//   directories, one minor release at a time (1.0 -> 1.1 -> 1.2 -> 1.3), each checked before the next
//   (apache/iotdb#13262); 1.3 data is read by 2.0 in place (apache/iotdb#16350, which advises going
//   through a late 1.3 release first).
// - Nothing goes back: each start writes the running version into the data directory's
//   system.properties (`iotdb_version`, IoTDBStartCheck and ConfigNode's SystemPropertiesUtils in
//   2.0.10) and no release reads a newer one's data by design.
// - 0.x data is refused by 2.0.10's DataNode at start (IoTDBStartCheck: "upgrade to v0.10 first", 0.x).
// Run by RemoteScript's provider `check` with the version the install step recorded at the last up, so a
// refused change fails the preview before any machine is touched.

/** What a node's install step records of the IoTDB it installed. */
export interface InstalledVersion {
    /** The node, as messages name it (its hostname). */
    node: string;
    /** The IoTDB version installed (`iotdbVersion`). */
    version: string;
    /**
     * The node is one of several of its side: its seed ConfigNode is another machine's. (A cluster
     * side's seed node cannot tell; its other nodes can, and one refusal fails the preview.)
     */
    sideOfSeveral?: boolean;
}

/** A refusal, as a provider's check failure. */
export interface VersionChangeFailure {
    property: string;
    reason: string;
}

type Version = [major: number, minor: number, patch: number];

/** `major.minor.patch` (a suffix such as `-1` ignored), or undefined. */
export function parseVersion(v: string): Version | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:[-.][0-9A-Za-z.-]+)?$/.exec(v);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Version, b: Version): number {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
}

/** The release line an in-place upgrade from `from` may go to next, besides its own (`major.minor`). */
export function nextLine([major, minor]: Version): string {
    return major === 1 && minor === 3 ? "2.0" : `${major}.${minor + 1}`;
}

/**
 * Why IoTDB cannot go from `from` to `to` in place, or undefined when it can (or nothing changes):
 * a newer patch of the same line, or a release of the next line (1.3 -> 2.0 included).
 */
export function upgradeRefusal(from: string, to: string): string | undefined {
    if (from === to) return undefined;
    const a = parseVersion(from), b = parseVersion(to);
    if (!a || !b) return `cannot tell whether ${JSON.stringify(from)} -> ${JSON.stringify(to)} is an upgrade (not major.minor.patch)`;
    const c = compare(a, b);
    if (c === 0) return undefined;
    if (c > 0) {
        return `${from} -> ${to} is a downgrade: every start writes the running version into the data directory `
            + `and IoTDB offers no way back to an older release`;
    }
    if (a[0] === 0) return `${from} is a 0.x release, whose data IoTDB ${to} refuses at start (its DataNode asks for a data migration first)`;
    const line = `${b[0]}.${b[1]}`;
    if (line === `${a[0]}.${a[1]}` || line === nextLine(a)) return undefined;
    return `${from} -> ${to} skips a release line: IoTDB upgrades in place one line at a time `
        + `(1.0 -> 1.1 -> 1.2 -> 1.3 -> 2.0, apache/iotdb#13262); go to a ${nextLine(a)} release first, run up, then on`;
}

/**
 * Why a version change of a side of several nodes is refused: `up` restarts a side one node at a time
 * (a mixed-version cluster meanwhile), and IoTDB's maintainers upgrade a cluster stopped as a whole.
 */
const SIDE_OF_SEVERAL = "a version change of a side of several nodes is not automated: up restarts a side one node at a time, "
    + "and IoTDB's maintainers upgrade a cluster stopped as a whole (apache/iotdb#16350)";

/**
 * The check failure for a refused change of the version a node runs, naming `iotdbVersion`, the old
 * and new value and the way out; none when allowed. Nothing recorded (a node installed before this was
 * recorded, or a new node) refuses nothing.
 */
export function versionChangeRefusal(olds: InstalledVersion | undefined, news: InstalledVersion | undefined): VersionChangeFailure[] {
    if (!olds?.version || !news?.version) return [];
    const why = upgradeRefusal(olds.version, news.version)
        ?? (news.sideOfSeveral && olds.version !== news.version ? SIDE_OF_SEVERAL : undefined);
    if (!why) return [];
    return [{
        property: "",
        reason: `${news.node}: iotdbVersion from ${JSON.stringify(olds.version)} to ${JSON.stringify(news.version)} refused: ${why}. `
            + `Nothing was changed. Set iotdbVersion back to ${JSON.stringify(olds.version)} (docs/runbook.md, "Upgrade IoTDB").`,
    }];
}
