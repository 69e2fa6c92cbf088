// The host scripts of rolling restarts (lib/plan/rollout.ts): side B's gate looks at side A with A's
// password on A's machine, at side B with B's password on B's, and watches A's journals for failures.
// No script ever gets the other side's password.
import { IOTDB_SQL_PATH } from "./hostScripts";
import { HOSTNAME_RE } from "../rules";
import { pipeNameVariants, SHOW_CLUSTER_SQL, SHOW_PIPES_SQL } from "./sql";
import { SqlTarget } from "./sqlScripts";
import { renderScript } from "./template";

/** The look at side A. */
export interface RolloutGateAParams {
    /** Side A's recording DataNode, where the look runs (its IoTDB home, SQL endpoint and journal). */
    target: SqlTarget;
    /** Side A's ticket of this rollout (lib/plan/rollout.ts rolloutTicket). */
    ticket: string;
    /** Hostnames of side A's nodes that must be Running. */
    awaited: string[];
    /** Pipe AB's name (it runs on A). */
    pipe: string;
}

/** The look at side B. */
export interface RolloutGateBParams {
    /** Side B's SQL node, where the look runs. */
    target: SqlTarget;
    /** Pipe BA's name (it runs on B). */
    pipe: string;
}

const checkTicket = (ticket: string) => {
    if (!/^[0-9a-f]{16}$/.test(ticket)) throw new Error(`rollout ticket ${JSON.stringify(ticket)} is not 16 hex digits`);
};

const sqlInputs = (t: SqlTarget) => ({
    sql_bin: `${t.home}/${IOTDB_SQL_PATH}`, sql_host: t.rpcHost, sql_port: String(t.rpcPort),
    show_pipes_sql: SHOW_PIPES_SQL,
    // pipe-health.sh's pipe_health is not used here; its sampling inputs are set for shellcheck's sake.
    health_samples: 1, health_gap: 0, trickle_events: 0,
});

/**
 * One look at side A: `ok` when A's recording DataNode has journaled `rollout <ticket>` as its last
 * rollout, the awaited nodes are Running in A's `show cluster` and pipe AB has no events left;
 * `restarting: <what>` while it has not (a rollout journaled as failed included: an earlier up's
 * failure is retried by this one, and a failure during this wait is the journal watch's to report);
 * else `waiting: <what>`.
 * stdin: root's password on side A.
 */
export function rolloutGateAScript(p: RolloutGateAParams): string {
    checkTicket(p.ticket);
    for (const h of p.awaited) if (!HOSTNAME_RE.test(h)) throw new Error(`${JSON.stringify(h)} is not a hostname`);
    if (p.awaited.length === 0) throw new Error("the rollout gate awaits no node of side A");
    return renderScript("iotdb-rollout-gate-a", {
        ...sqlInputs(p.target), journal_file: p.target.journalFile, ticket: p.ticket, awaited: p.awaited,
        show_cluster_sql: SHOW_CLUSTER_SQL, ab_ids: pipeNameVariants(p.pipe),
    }, ["sql", "pipe-health", "rollout-drain", "rollout-gate-a"]);
}

/** One look at side B: `ok` when pipe BA has no events left or B does not answer; else `waiting: <what>`. stdin: root's password on side B. */
export function rolloutGateBScript(p: RolloutGateBParams): string {
    return renderScript("iotdb-rollout-gate-b", { ...sqlInputs(p.target), ba_ids: pipeNameVariants(p.pipe) }, ["sql", "pipe-health", "rollout-drain", "rollout-gate-b"]);
}

/** What the gate watches on each machine of side A: `<journal lines>\t<last failure's line number, 0: none>\t<that line>`. */
export function rolloutWatchScript(journalFile: string): string {
    return renderScript("iotdb-rollout-watch", { journal_file: journalFile }, ["rollout-watch"]);
}
