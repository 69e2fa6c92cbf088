// The script `npm run status` runs on each machine (sh/status-probe.sh): its roles' processes and, on
// the side's SQL node, SHOW CLUSTER, the canary's newest heartbeats and SHOW PIPES samples. stdin: root's password (SQL node only).
import { IOTDB_SQL_PATH } from "./hostScripts";
import type { IotdbRole } from "../model/config";
import { renderScript } from "./template";
import { CANARY_DATABASE, CANARY_MEASUREMENT } from "../plan/canary";

/** The newest heartbeat of each side the machine's side holds (lib/plan/canary.ts). */
export const CANARY_SQL = `SELECT last ${CANARY_MEASUREMENT} FROM ${CANARY_DATABASE}.*`;

export interface StatusProbe {
    /** IoTDB home on the machine. */
    home: string;
    /** Roles the machine runs. */
    roles: IotdbRole[];
    /** Set on the side's SQL node: where SHOW CLUSTER and SHOW PIPES are asked. */
    sql?: { rpcHost: string; rpcPort: number; samples: number; gapSeconds: number };
}

export function statusProbeScript(p: StatusProbe): string {
    return renderScript("iotdb-status", {
        home: p.home, roles: p.roles, sql_node: p.sql ? 1 : 0,
        sql_bin: `${p.home}/${IOTDB_SQL_PATH}`, sql_host: p.sql?.rpcHost ?? "", sql_port: String(p.sql?.rpcPort ?? 0),
        samples: p.sql?.samples ?? 0, gap: p.sql?.gapSeconds ?? 0, canary_sql: CANARY_SQL,
    }, p.sql ? ["roles", "sql", "status-probe"] : ["roles", "status-probe"]);
}
