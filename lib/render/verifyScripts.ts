// The script `npm run verify` runs on a side's SQL node (sh/verify-query.sh): the statements it is given
// on stdin, after root's password, through the distribution's iotdb-sql runner. Reads, never writes.
import { renderScript } from "./template";
import { IOTDB_SQL_PATH } from "./hostScripts";

export interface VerifyQuery {
    /** IoTDB home on the machine. */
    home: string;
    /** The node's RPC address and port. */
    rpcHost: string;
    rpcPort: number;
    /** Milliseconds each statement may take. */
    timeoutMs: number;
}

export function verifyQueryScript(q: VerifyQuery): string {
    return renderScript("iotdb-verify", {
        sql_bin: `${q.home}/${IOTDB_SQL_PATH}`, sql_host: q.rpcHost, sql_port: String(q.rpcPort), timeout_ms: Math.floor(q.timeoutMs),
    }, ["sql", "verify-query"]);
}
