// What the sync user of each side may do: the least a pipe receiver needs on IoTDB 2.0.10. Pure.
//
// Read from IoTDB 2.0.10's sources (iotdb-server, node-commons) and measured on the test hosts
// (test/integration/privacy.test.ts):
// - The receiver (IoTDBDataNodeReceiver) logs the sink in as its user and checks each tree-model
//   insert with AuthorityChecker.checkAuthority: WRITE_DATA on every path written
//   (TreeAccessCheckVisitor.visitInsertBase).
// - A series the receiver does not know yet is created on the fly, checked as a create of the series:
//   WRITE_SCHEMA on its path (AutoCreateSchemaExecutor, visitInternalCreateTimeseries).
// - A database it does not know yet is created on the fly too, checked as MANAGE_DATABASE
//   (PartitionCache, checkCreateOrAlterDatabasePermission), which 2.0.10 folds into SYSTEM, a global
//   privilege that also lets its holder drop every database. So the sync user gets no SYSTEM: root
//   creates, ahead, the databases the peer's owned paths land in (CREATE DATABASE is idempotent here:
//   "already exists" is fine), and the user gets WRITE_DATA and WRITE_SCHEMA under those paths only.
// - The pipes carry data only (`source.inclusion=data`, lib/plan/replication.ts): no schema, user or
//   TTL statement reaches the receiver, so no other privilege is needed.

/** IoTDB's property for the level of the databases it creates on the fly, and its default. */
export const DATABASE_LEVEL_KEY = "default_database_level";
export const DEFAULT_DATABASE_LEVEL = 1;

/** The privileges of the sync user, on each path the sending side owns. */
export const SYNC_PRIVILEGES = ["WRITE_DATA", "WRITE_SCHEMA"] as const;

/** What one side's sync user (the login of the other side's pipe) gets on this side. */
export interface SyncAccess {
    /** The paths it may write (data and schema): the sending side's `owns`. */
    writePaths: string[];
    /** The databases root creates for it ahead, one per owned path, at this side's database level. */
    databases: string[];
}

/** The database level of a side, from its properties (IoTDB's default 1). */
export function databaseLevel(properties: Readonly<Record<string, string>>): number {
    const v = properties[DATABASE_LEVEL_KEY] ?? properties["default_storage_group_level"];
    const n = v === undefined ? DEFAULT_DATABASE_LEVEL : Number(v);
    return Number.isInteger(n) && n >= 1 ? n : DEFAULT_DATABASE_LEVEL;
}

/**
 * The database IoTDB puts the rows of an owned pattern in at `level`: its first `level` nodes after
 * root, or undefined when the pattern is shallower than that (its devices' databases depend on rows
 * not known ahead). A prefix `root.a.b.**` holds devices root.a.b and below; a full path
 * `root.a.d.s` is series s of device root.a.d.
 */
export function databaseOf(pattern: string, level: number): string | undefined {
    const prefix = pattern.endsWith(".**");
    const nodes = pattern.replace(/\.\*\*$/, "").split(".");
    const device = prefix ? nodes : nodes.slice(0, -1);
    if (device.length - 1 < level) return undefined;
    return device.slice(0, level + 1).join(".");
}

/**
 * The sync access a receiving side gives the sending side's pipe.
 *
 * @param senderKey the config key of the sending side (`sideA` or `sideB`), for messages
 * @param senderOwns the sending side's `owns`
 * @param receiverProperties the receiving side's iotdb-system.properties entries
 * @throws Error naming the field and the fix when a pattern is shallower than the database level
 */
export function syncAccess(senderKey: string, senderOwns: readonly string[], receiverProperties: Readonly<Record<string, string>>): SyncAccess {
    const level = databaseLevel(receiverProperties);
    const databases: string[] = [];
    const problems: string[] = [];
    senderOwns.forEach((p, i) => {
        const db = databaseOf(p, level);
        if (db === undefined) {
            problems.push(`${senderKey}.owns[${i}]: ${JSON.stringify(p)} is shallower than the receiving side's ${DATABASE_LEVEL_KEY} (${level}): `
                + "the database its rows land in cannot be created ahead, and the sync user may not create databases; own deeper paths (one pattern a database)");
        } else if (!databases.includes(db)) {
            databases.push(db);
        }
    });
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return { writePaths: [...senderOwns], databases };
}
