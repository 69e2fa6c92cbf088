// What the sync user of each side may do: the least a pipe receiver needs on IoTDB 2.0.10. Pure.
//
// Read from IoTDB 2.0.10's sources (iotdb-server, node-commons) and measured on the test hosts
// (test/integration/privacy.test.ts):
// - The receiver (IoTDBDataNodeReceiver) logs the sink in as its user and checks each tree-model
//   insert with AuthorityChecker.checkAuthority: WRITE_DATA on every path written
//   (TreeAccessCheckVisitor.visitInsertBase).
// - A series the receiver does not know yet is created on the fly, checked as a create of the series:
//   WRITE_SCHEMA on its path (AutoCreateSchemaExecutor, visitInternalCreateTimeseries).
// - Before every tree insert that carries its database name (the 2.0.10 sink always sends it, for
//   tablets and TsFiles alike), the receiver asks MANAGE_DATABASE of its user, whether the database
//   exists or not (IoTDBDataNodeReceiver.autoCreateTreeDatabaseIfNecessary, added by apache/iotdb
//   #17991, checks checkCanCreateDatabaseForTree before it creates). 2.0.10 folds MANAGE_DATABASE into
//   the global SYSTEM privilege. Measured on the test hosts: without SYSTEM every transfer is refused
//   ("No permissions for this operation, please add privilege SYSTEM", status 305 on the sender, the
//   pipe stays RUNNING with its backlog); with it the rows cross.
// - SYSTEM does not hold MANAGE_USER or MANAGE_ROLE (2.0.10 moved them to SECURITY): the sync user
//   cannot create users, grant, or change root's password, nor write, delete or read the receiving
//   side's own paths. It can create, drop and set TTL on databases: IoTDB 2.0.10 has no narrower
//   privilege the receiver accepts (docs: README, "Passwords and privileges").
// - root still creates, ahead, the databases the peer's owned paths land in where the pattern is deep
//   enough to name one (one already there is fine), so the data types are settled before rows arrive.
// - The pipes carry data only (`source.inclusion=data`, lib/plan/replication.ts): no schema, user or
//   TTL statement reaches the receiver, so no other privilege is needed.

import { CANARY_DATABASE, canaryPattern } from "./canary";
import type { SideKey } from "./pairPlan";

/** IoTDB's property for the level of the databases it creates on the fly, and its default. */
export const DATABASE_LEVEL_KEY = "default_database_level";
export const DEFAULT_DATABASE_LEVEL = 1;

/** The privileges of the sync user, on each path the sending side owns. */
export const SYNC_PRIVILEGES = ["WRITE_DATA", "WRITE_SCHEMA"] as const;

/** The global privilege the 2.0.10 receiver asks of the sync user before each insert (MANAGE_DATABASE, folded into it). */
export const SYNC_GLOBAL_PRIVILEGE = "SYSTEM";

/** What one side's sync user (the login of the other side's pipe) gets on this side. */
export interface SyncAccess {
    /** The paths it may write (data and schema): the sending side's `owns` and its canary device. */
    writePaths: string[];
    /**
     * The databases root creates ahead: one per owned path deep enough to name one at this side's
     * database level, and the canary's (lib/plan/canary.ts), which this side's own heartbeat is written into too.
     */
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
 * The sync access a receiving side gives the sending side's pipe: the sender's `owns` and its canary
 * device to write, and the databases root creates ahead (a pattern shallower than the database level
 * names none; the receiver creates those from the sender's database names), the canary's among them.
 */
export function syncAccess(senderOwns: readonly string[], receiverProperties: Readonly<Record<string, string>>, sender: SideKey): SyncAccess {
    const level = databaseLevel(receiverProperties);
    const databases = [...new Set(senderOwns.map((p) => databaseOf(p, level)).filter((db): db is string => db !== undefined))];
    return { writePaths: [...senderOwns, canaryPattern(sender)], databases: [...databases, CANARY_DATABASE] };
}
