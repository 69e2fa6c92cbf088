// IoTDB SQL statements the project runs. Pure functions; values are quoted here and nowhere else.
import { isPipeName } from "../rules";
import { SYNC_PRIVILEGES, SYNC_GLOBAL_PRIVILEGE } from "../plan/syncAccess";
import { FLUSHER_CANARY_PRIVILEGES, FLUSHER_GLOBAL_PRIVILEGE } from "../plan/flusherAccess";

/** A single-quoted IoTDB string literal. Rejects line breaks and NUL (one statement per line on stdin). */
export function sqlString(value: string): string {
    if (/[\n\r\0]/.test(value)) throw new Error("an SQL value must not contain line breaks");
    return "'" + value.replace(/'/g, "''") + "'";
}

/** An IoTDB identifier the project creates (pipe ID, user); validated, never quoted. */
export function sqlIdentifier(name: string): string {
    if (!isPipeName(name)) throw new Error(`${JSON.stringify(name)} is not a valid IoTDB identifier`);
    return name;
}

function attributes(attrs: Record<string, string>): string {
    return Object.entries(attrs).map(([k, v]) => `${sqlString(k)}=${sqlString(v)}`).join(", ");
}

export interface PipeSpec {
    /** Pipe ID. */
    name: string;
    /** `host:port` of every DataNode of the receiving side. */
    peerNodeUrls: string[];
    /** User the sink logs in as on the receiving side. */
    syncUser: string;
    /** Extra source attributes, keys with the `source.` prefix. */
    source: Record<string, string>;
    /** Extra sink attributes, keys with the `sink.` prefix. */
    sink: Record<string, string>;
}

/**
 * Source attributes every dual-active pipe has. Double-living mode makes the pipe skip what another
 * pipe wrote (forwarding-pipe-requests false: no loop) and capture both the tree and table models.
 * IoTDB 2.0.10 refuses an explicit 'source.forwarding-pipe-requests'='false' ("cannot be set to
 * false"): the mode is the supported way to get it, so the attribute is never sent.
 */
export function pipeSourceAttributes(spec: PipeSpec): Record<string, string> {
    const extra = { ...spec.source };
    delete extra["source.forwarding-pipe-requests"];
    return { "source.mode.double-living": "true", ...extra };
}

/** Sink attributes without the password: what may be shown in a plan or a log. */
export function pipeSinkAttributes(spec: PipeSpec): Record<string, string> {
    return {
        "sink": "iotdb-thrift-sink",
        "sink.node-urls": spec.peerNodeUrls.join(","),
        "sink.username": spec.syncUser,
        ...spec.sink,
    };
}

/** CREATE PIPE with the sink password: this statement is a secret and travels on stdin only. */
export function createPipeSql(spec: PipeSpec, syncPassword: string): string {
    const sink = { ...pipeSinkAttributes(spec), "sink.password": syncPassword };
    return `CREATE PIPE IF NOT EXISTS ${sqlIdentifier(spec.name)} WITH SOURCE (${attributes(pipeSourceAttributes(spec))}) WITH SINK (${attributes(sink)})`;
}

/**
 * The passwords of an existing pipe put in place: its source's (the sending side's root, which the
 * pipe logs in as when its tasks start: IoTDB 2.0.10 stores it at CREATE PIPE) and its sink's (the
 * receiving side's sync user). IoTDB keeps the pipe's progress (AlterPipeProcedureV2 carries each
 * region's progress index over), so nothing is sent again.
 */
export function alterPipePasswordsSql(spec: PipeSpec, syncPassword: string, adminPassword: string): string {
    const sink = { ...pipeSinkAttributes(spec), "sink.password": syncPassword };
    return `ALTER PIPE ${sqlIdentifier(spec.name)} MODIFY SOURCE (${attributes({ "source.password": adminPassword })}) REPLACE SINK (${attributes(sink)})`;
}

/** The names IoTDB may give a pipe: its own, and the halves of an auto-split full pipe. */
export function pipeNameVariants(name: string): string[] {
    return [name, `${name}_history`, `${name}_realtime`];
}

export const startPipeSql = (name: string) => `START PIPE ${sqlIdentifier(name)}`;
export const stopPipeSql = (name: string) => `STOP PIPE ${sqlIdentifier(name)}`;
export const dropPipeSql = (name: string) => `DROP PIPE IF EXISTS ${sqlIdentifier(name)}`;
/** The source attribute of a pipe that says which paths it carries. */
export const PATTERN_ATTRIBUTE = "source.pattern.inclusion";
/**
 * Changes the paths a pipe carries in place: IoTDB 2.0.10's ALTER PIPE keeps each region's progress
 * (AlterPipeProcedureV2), where a DROP and CREATE re-sends the whole history. MODIFY keeps every
 * other attribute. The sink's password goes with it: 2.0.10 checks the sink again (a handshake) and
 * leaves the stored password out of that check unless the statement gives one
 * (ClusterConfigTaskExecutor.alterPipe): without it, 1107 "Authentication failed". A secret, like CREATE PIPE.
 */
export function alterPipePatternSql(name: string, pattern: string, syncPassword: string): string {
    pattern.split(",").forEach(sqlPath);
    return `ALTER PIPE ${sqlIdentifier(name)} MODIFY SOURCE (${attributes({ [PATTERN_ATTRIBUTE]: pattern })}) MODIFY SINK (${attributes({ "sink.password": syncPassword })})`;
}
export const SHOW_PIPES_SQL = "SHOW PIPES";
export const SHOW_CLUSTER_SQL = "SHOW CLUSTER";
export const LIST_USER_SQL = "LIST USER";

export const alterPasswordSql = (user: string, password: string) => `ALTER USER ${sqlIdentifier(user)} SET PASSWORD ${sqlString(password)}`;
export const createUserSql = (user: string, password: string) => `CREATE USER ${sqlIdentifier(user)} ${sqlString(password)}`;

/** GRANT statements: `privileges` on each of `paths`, then the global `global` (granted on root.**). */
function grantsSql(user: string, privileges: readonly string[], paths: readonly string[], global: string): string[] {
    const u = sqlIdentifier(user);
    if (paths.length === 0) throw new Error(`the user ${user} needs at least one path to write`);
    return [...paths.map((p) => `GRANT ${privileges.join(", ")} ON ${sqlPath(p)} TO USER ${u}`), `GRANT ${global} ON root.** TO USER ${u}`];
}

/**
 * What the replication user gets on the receiving side (lib/plan/syncAccess.ts): WRITE_DATA and
 * WRITE_SCHEMA on each path the sending side owns, and the global SYSTEM the 2.0.10 receiver asks
 * before every insert. Nothing on the receiving side's own paths, no SECURITY (users, roles, grants).
 */
export function grantSyncPrivilegesSql(user: string, paths: readonly string[]): string[] {
    return grantsSql(user, SYNC_PRIVILEGES, paths, SYNC_GLOBAL_PRIVILEGE);
}

/** What the flusher user gets (lib/plan/flusherAccess.ts): SYSTEM for FLUSH, and its side's heartbeat device to write. */
export function grantFlusherPrivilegesSql(user: string, paths: readonly string[]): string[] {
    return grantsSql(user, FLUSHER_CANARY_PRIVILEGES, paths, FLUSHER_GLOBAL_PRIVILEGE);
}

/** A tree path or pattern the project writes into SQL: validated (root, nodes of letters, digits, `_`), never quoted. */
export function sqlPath(p: string): string {
    if (!/^root(\.[A-Za-z0-9_]+)+(\.\*\*)?$/.test(p)) throw new Error(`${JSON.stringify(p)} is not a path the project writes into SQL`);
    return p;
}

export const createDatabaseSql = (database: string) => `CREATE DATABASE ${sqlPath(database)}`;
export const dropUserSql = (user: string) => `DROP USER ${sqlIdentifier(user)}`;
