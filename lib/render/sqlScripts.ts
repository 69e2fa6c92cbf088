// Host scripts that talk SQL to a running IoTDB through the distribution's iotdb-sql runner.
// Secrets (passwords, and SQL that carries one) arrive on stdin, one per line, in the order each
// script documents; the script text itself never holds one. Their bash: sh/sql.sh (the runner),
// sh/journal.sh, and one file a script (credentials, pipe-*, datanode-*), see template.ts.
import { IOTDB_SQL_PATH } from "./hostScripts";
import { PATTERN_ATTRIBUTE, pipeNameVariants, startPipeSql, stopPipeSql, dropPipeSql, SHOW_PIPES_SQL, SHOW_CLUSTER_SQL, LIST_USER_SQL, sqlIdentifier, createDatabaseSql, dropUserSql, grantSyncPrivilegesSql, grantFlusherPrivilegesSql, alterPasswordSql, createUserSql } from "./sql";
import { FLUSHER_USER, flusherPassword } from "../plan/flusherAccess";
import { CANARY_TRICKLE_EVENTS } from "../plan/canary";
import type { SyncAccess } from "../plan/syncAccess";
import { HOSTNAME_RE } from "../rules";
import { renderFragment, renderScript, ShellInput, templateBody } from "./template";

export interface SqlTarget {
    /** IoTDB home on the machine (where IOTDB_SQL_PATH is). */
    home: string;
    /** RPC address and port the runner connects to (the node's own). */
    rpcHost: string;
    rpcPort: number;
    /** File the scripts append their events to (timestamped), read by tests and operators. */
    journalFile: string;
}

/** The inputs of sh/sql.sh and sh/journal.sh for a target. */
function targetInputs(t: SqlTarget): Record<string, ShellInput> {
    return { sql_bin: `${t.home}/${IOTDB_SQL_PATH}`, sql_host: t.rpcHost, sql_port: String(t.rpcPort), journal_file: t.journalFile };
}

/** A whole SQL script: the prelude, the target's runner and journal, `inputs`, then `templates`. */
function sqlScript(tag: string, t: SqlTarget, inputs: Record<string, ShellInput>, templates: string[]): string {
    return renderScript(tag, { ...targetInputs(t), ...inputs }, ["journal", "sql", ...templates]);
}

/** The start of a script that talks SQL: the prelude, then run_sql, run_sql_within, journal and column for the target. */
export function sqlPrelude(t: SqlTarget, tag = "iotdb-sql"): string {
    return sqlScript(tag, t, {}, []);
}

/** The IDs a pipe may have and its START, STOP and DROP statements, index for index (bash arrays). */
function pipeStatements(pipeName: string): Record<string, string[]> {
    const ids = pipeNameVariants(pipeName);
    return { pipe_ids: ids, start_sqls: ids.map(startPipeSql), stop_sqls: ids.map(stopPipeSql), drop_sqls: ids.map(dropPipeSql) };
}

/**
 * Sets root's password, creates the databases the other side's rows land in (one already there is
 * fine), (re-)creates the replication user with exactly its grants (lib/plan/syncAccess.ts), and
 * creates the flusher's user or sets its password, with its grants on `flusherPaths`
 * (lib/plan/flusherAccess.ts); idempotent. stdin: admin password; ALTER USER root statement; CREATE
 * USER (sync) statement; CREATE USER and ALTER USER (flusher) statements.
 */
export function credentialsScript(t: SqlTarget, syncUser: string, access: SyncAccess, flusherPaths: readonly string[]): string {
    const inputs = {
        sync_user: sqlIdentifier(syncUser), show_cluster_sql: SHOW_CLUSTER_SQL, list_user_sql: LIST_USER_SQL,
        drop_sync_sql: dropUserSql(syncUser), database_sqls: access.databases.map(createDatabaseSql),
        grant_sqls: grantSyncPrivilegesSql(syncUser, access.writePaths),
        flusher_user: sqlIdentifier(FLUSHER_USER), flusher_grant_sqls: grantFlusherPrivilegesSql(FLUSHER_USER, flusherPaths),
    };
    return sqlScript("iotdb-credentials", t, inputs, ["credentials"]);
}

/**
 * credentialsScript's stdin: root's password, the statement that sets it, the sync user's CREATE, the
 * flusher user's CREATE and ALTER (its password derived from root's, lib/plan/flusherAccess.ts).
 */
export function credentialsStdin(adminPassword: string, syncUser: string, syncPassword: string): string {
    const flusher = flusherPassword(adminPassword);
    return stdinLines([adminPassword, alterPasswordSql("root", adminPassword), createUserSql(syncUser, syncPassword),
        createUserSql(FLUSHER_USER, flusher), alterPasswordSql(FLUSHER_USER, flusher)]);
}

/**
 * Creates the pipe unless it (or its auto-split halves) exists; one that exists and carries other
 * paths than `pattern` is altered in place (alterPipePatternSql: it keeps its progress); starts it
 * if stopped, and waits until RUNNING. A pipe that was there already and is stalled (see pipeHealthFunctions) is dropped and
 * created again, and must then drain within the timeout, or the script fails naming the cause and
 * the fix. stdin: admin password; the CREATE PIPE statement (it carries the sink password); with
 * `pattern`, the ALTER PIPE statement that sets it (alterPipePatternSql: it carries the password too).
 * Prints the final state (RUNNING).
 */
export function ensurePipeScript(t: SqlTarget, pipeName: string, timeoutSeconds: number, opts: { pattern?: string; datanodeLog?: string } = {}): string {
    const { start_sqls, drop_sqls } = pipeStatements(pipeName);
    return sqlScript("iotdb-pipe", t, {
        ...healthInputs(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS),
        pipe_name: pipeName, timeout: Math.floor(timeoutSeconds), start_sqls, drop_sqls, datanode_log: opts.datanodeLog ?? `${t.home}/logs/log_datanode_all.log`,
        pattern: opts.pattern ?? "", pattern_attr: PATTERN_ATTRIBUTE,
    }, ["pipe-health", "pipe-ensure"]);
}

/**
 * What a pipe is doing, judged from `SHOW PIPES` sampled `samples` times `gapSeconds` apart: bash
 * functions `pipe_rows` and `pipe_health`. pipe_health prints `ok`, `missing`, `not running: <states>`
 * or `stalled: <why>`: RUNNING but its RemainingEventCount never falling over the window and, at its
 * end, above the canary's trickle (CANARY_TRICKLE_EVENTS) (IoTDB 2.0.10's memory deadlock of issue 12
 * looked so: RUNNING, no ExceptionMessage, 7 events, EstimatedRemainingSeconds at its one-year sentinel,
 * for good). It returns early on a backlog of 0.
 */
export function pipeHealthFunctions(pipeName: string, samples: number, gapSeconds: number): string {
    return renderFragment(healthInputs(pipeName, samples, gapSeconds), ["pipe-health"]);
}

function healthInputs(pipeName: string, samples: number, gapSeconds: number): Record<string, ShellInput> {
    return { pipe_ids: pipeNameVariants(pipeName), show_pipes_sql: SHOW_PIPES_SQL, health_samples: Math.floor(samples), health_gap: Math.floor(gapSeconds), trickle_events: CANARY_TRICKLE_EVENTS };
}

/** Samples of the drift check and of the repair's verdict (the window is (n-1) x gap seconds). */
export const PIPE_HEALTH_SAMPLES = 6;
export const PIPE_HEALTH_GAP_SECONDS = 3;

/**
 * Drift check of a pipe: prints `ok` when it (or both auto-split halves) exists, runs and drains,
 * else `missing`, `not running: <states>` or `stalled: <why>` (see pipeHealthFunctions). stdin: admin password.
 */
export function checkPipeScript(t: SqlTarget, pipeName: string): string {
    return sqlScript("iotdb-pipe-check", t, healthInputs(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS), ["pipe-health", "pipe-check"]);
}

/** Restarting a machine's ConfigNode apart from its service resource: its stop and start scripts (stdin: root's password) and its log. */
export interface ConfigNodeRestart {
    stop: string;
    start: string;
    log: string;
}

/** How many times pipeStatementRunner restarts a ConfigNode that kept its pipe lock before it gives up. */
export const PIPE_LOCK_REPAIRS = 3;

/** Milliseconds a pipe statement gets before pipeStatementRunner suspects IoTDB's lost pipe lock. */
export const PIPE_LOCK_PROBE_MS = 15_000;

/**
 * Bash function `pipe_sql STATEMENT` for the pipe procedures (START, STOP PIPE), which wait for the
 * side's pipe lock. IoTDB 2.0.10 can run a pipe procedure twice while a ConfigNode recovers (its log:
 * "The executing procedure should in RUNNABLE state, but it's not" for a procedure.impl.pipe class,
 * at nearly every restart on the test hosts); now and then the second run keeps the lock for good
 * (fixed upstream after 2.0.10, apache/iotdb#17902). Every pipe command of that side then answers
 * 1107 after 60 s, and IoTDB's own pipe heartbeat and metadata sync skip their rounds, until that
 * ConfigNode restarts.
 *
 * With `configNode` (this machine runs the side's ConfigNode), the statement first gets
 * PIPE_LOCK_PROBE_MS; when it does not answer and that log line is there since the ConfigNode's last
 * start, the ConfigNode is restarted (at most PIPE_LOCK_REPAIRS times) and the statement tried again.
 * Without it, or without the line, the statement gets the usual 60 s and a failure names the fix.
 * Needs sqlPrelude, `admin_pw`.
 */
export function pipeStatementRunner(configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    const { inputs, templates } = statementRunner(configNode, settleSeconds);
    return renderFragment(inputs, templates);
}

function statementRunner(configNode: ConfigNodeRestart | undefined, settleSeconds: number): { inputs: Record<string, ShellInput>; templates: string[] } {
    if (!configNode) return { inputs: {}, templates: ["pipe-lock", "pipe-sql"] };
    return {
        inputs: {
            cn_log: configNode.log, cn_stop: configNode.stop, cn_start: configNode.start,
            lock_probe_ms: PIPE_LOCK_PROBE_MS, lock_repairs: PIPE_LOCK_REPAIRS, settle_seconds: Math.floor(settleSeconds),
        },
        templates: ["pipe-lock", "pipe-sql-restart"],
    };
}

/**
 * Re-sends a pipe's metadata to the DataNodes of its side (START PIPE on a RUNNING pipe does that in
 * IoTDB 2.0.10, StartPipeProcedureV2), run after a DataNode of either side started. Why: a DataNode
 * builds its pipe tasks at start, and a sink that cannot reach the peer then is never built
 * ("Failed to construct PipeConnector ... All target servers ... are not available"): the pipe stays
 * RUNNING with nothing behind it until the ConfigNode pushes the metadata again on its own (its
 * PipeMetaSyncer). Seen when both sides restarted at once: B's rows crossed 161 s later. A DataNode
 * that has the tasks ignores the push. START PIPE runs through pipeStatementRunner (a ConfigNode
 * that lost IoTDB's pipe lock is restarted). Prints the pipe's states. stdin: admin password.
 */
export function resumePipeScript(t: SqlTarget, pipeName: string, configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    const runner = statementRunner(configNode, settleSeconds);
    const { start_sqls } = pipeStatements(pipeName);
    return sqlScript("iotdb-pipe-resume", t, {
        ...healthInputs(pipeName, PIPE_HEALTH_SAMPLES, PIPE_HEALTH_GAP_SECONDS), ...runner.inputs, pipe_name: pipeName, start_sqls,
    }, ["pipe-health", ...runner.templates, "pipe-resume"]);
}

/** Seconds removePipeScript waits for a pipe to be gone once IoTDB's DROP PIPE did not answer in time. */
export const PIPE_DROP_WAIT_SECONDS = 300;

/** Seconds after DROP PIPE removePipeScript restarts a ConfigNode (when it has one) whose pipe is still listed. */
export const PIPE_DROP_REPAIR_AFTER_SECONDS = 120;

/**
 * Stops, then drops the pipe and its auto-split halves; idempotent. STOP PIPE and DROP PIPE are
 * ConfigNode procedures that can outlast the runner's 60 s (1107 "Timed out to wait for procedure
 * return", seen in CI on destroy): the procedure goes on, so the script then waits up to
 * PIPE_DROP_WAIT_SECONDS for the pipe to leave SHOW PIPES. Still listed: it fails naming the pipe, and
 * its error carries the nodes' last warnings and the threads waiting in pipe code (sh/pipe-stuck.sh).
 * With `configNode`, STOP PIPE runs through pipeStatementRunner (a ConfigNode that lost IoTDB's pipe
 * lock is restarted), and a pipe still listed PIPE_DROP_REPAIR_AFTER_SECONDS after DROP PIPE restarts
 * that ConfigNode once and is dropped again: 2.0.10's pipe lock is a semaphore no procedure owns, and
 * only the ConfigNode's recovery frees one lost (seen once in CI on a cluster's destroy, with no
 * "run twice" line). stdin: admin password.
 */
export function removePipeScript(t: SqlTarget, pipeName: string, waitSeconds = PIPE_DROP_WAIT_SECONDS, configNode?: ConfigNodeRestart, settleSeconds = 10): string {
    const runner = configNode ? statementRunner(configNode, settleSeconds) : { inputs: {}, templates: [] };
    const { pipe_ids, stop_sqls, drop_sqls } = pipeStatements(pipeName);
    return sqlScript("iotdb-pipe-remove", t, {
        ...runner.inputs, home: t.home, pipe_name: pipeName, pipe_ids, stop_sqls, drop_sqls, wait_seconds: Math.floor(waitSeconds),
        first_wait_seconds: Math.floor(configNode ? Math.min(PIPE_DROP_REPAIR_AFTER_SECONDS, waitSeconds) : waitSeconds),
        stop_through_pipe_sql: configNode ? 1 : 0, show_pipes_sql: SHOW_PIPES_SQL,
    }, [...runner.templates, "roles", "pipe-stuck", "pipe-remove"]);
}

/**
 * Takes the DataNode of `hostname` out of the cluster: `remove datanode <id>` (IoTDB migrates its
 * regions to the other DataNodes, then stops it), and waits until `show cluster` no longer lists it.
 * Idempotent: a node not listed is done. Fails naming the node, and saying it stays in the cluster
 * and keeps running, when show cluster does not answer, REMOVE DATANODE is refused, or the node is
 * still listed after `timeoutSeconds`. stdin: admin password.
 */
export function removeDataNodeScript(t: SqlTarget, hostname: string, timeoutSeconds: number): string {
    if (!HOSTNAME_RE.test(hostname)) throw new Error(`${JSON.stringify(hostname)} is not a hostname`);
    const timeout = Math.floor(timeoutSeconds);
    const head = sqlScript("iotdb-datanode-remove", t, { hostname, timeout, show_cluster_sql: SHOW_CLUSTER_SQL }, ["datanode-remove"]);
    // The wait's bound counts from REMOVE DATANODE's answer, as a line between the two parts.
    return [head.trimEnd(), `deadline=$(( SECONDS + ${timeout} ))`, templateBody("datanode-wait"), ""].join("\n");
}

/**
 * What a DataNodeRemoval (components/dataNodeRemoval.ts) runs while its DataNode stays in the side:
 * nothing on the cluster, a line saying so.
 */
export function memberDataNodeScript(hostname: string): string {
    if (!HOSTNAME_RE.test(hostname)) throw new Error(`${JSON.stringify(hostname)} is not a hostname`);
    return renderScript("iotdb-datanode-member", { hostname }, ["datanode-member"]);
}

/** The stdin payload of a script: one value per line (each validated to hold no line break). */
export function stdinLines(lines: string[]): string {
    for (const l of lines) if (/[\n\r]/.test(l)) throw new Error("a stdin value must not contain line breaks");
    return lines.join("\n") + "\n";
}
