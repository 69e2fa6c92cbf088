// The host script of rolling restarts (lib/plan/rollout.ts): side B's gate looks at side A.
import { HOSTNAME_RE } from "../rules";
import { pipeNameVariants, SHOW_CLUSTER_SQL, SHOW_PIPES_SQL } from "./sql";
import { SqlTarget } from "./sqlScripts";
import { renderScript } from "./template";

/** What the gate looks at. */
export interface RolloutGateParams {
    /** Side A's SQL node, reached from the recording machine (whose IoTDB home and journal `target` names). */
    target: SqlTarget;
    /** Side A's ticket of this rollout (lib/plan/rollout.ts rolloutTicket). */
    ticket: string;
    /** Hostnames of side A's nodes that must be Running. */
    awaited: string[];
    /** Pipe AB (runs on A) and pipe BA (runs on B). */
    pipes: { ab: string; ba: string };
    /** Hostname of side B's SQL node (same RPC port as A's). */
    peerHost: string;
}

/**
 * One look at whether side B may restart: prints `ok` when side A's recording DataNode has journaled
 * `rollout <ticket>` as its last rollout, the awaited nodes are Running in A's `show cluster`, and
 * neither pipe has events left (BA only when B answers: a B that is down is not made any less
 * available by its restart); else `waiting: <what>`. stdin: root's password on A, then on B (when
 * the sides' differ; A's when the line is absent). The gate
 * (providers/rolloutGate.ts) runs it until it prints `ok`.
 */
export function rolloutGateScript(p: RolloutGateParams): string {
    if (!/^[0-9a-f]{16}$/.test(p.ticket)) throw new Error(`rollout ticket ${JSON.stringify(p.ticket)} is not 16 hex digits`);
    for (const h of [...p.awaited, p.peerHost]) {
        if (!HOSTNAME_RE.test(h)) throw new Error(`${JSON.stringify(h)} is not a hostname`);
    }
    if (p.awaited.length === 0) throw new Error("the rollout gate awaits no node of side A");
    return renderScript("iotdb-rollout-gate", {
        sql_bin: `${p.target.home}/tools/iotdb-sql/iotdb-sql`, sql_host: p.target.rpcHost, sql_port: String(p.target.rpcPort),
        journal_file: p.target.journalFile, ticket: p.ticket, awaited: p.awaited,
        show_cluster_sql: SHOW_CLUSTER_SQL, show_pipes_sql: SHOW_PIPES_SQL,
        // pipe-health.sh's pipe_health is not used here; its sampling inputs are set for shellcheck's sake.
        health_samples: 1, health_gap: 0,
        ab_ids: pipeNameVariants(p.pipes.ab), ba_ids: pipeNameVariants(p.pipes.ba), peer_host: p.peerHost,
    }, ["sql", "pipe-health", "rollout-gate"]);
}
