// How the pair keeps the other side within the lag bound. Pure.
//
// Apache IoTDB 2.0.10 gives every user pipe a TsFile-only realtime source
// (IoTDBDataRegionSource.constructRealtimeSource: the tablet-capturing sources are reserved to
// IoTDB's own subscription and consensus pipes), so a row crosses only once its memtable is sealed
// into a TsFile; IoTDB's timed flush seals only memtables that stopped receiving writes. Each
// DataNode therefore gets a flusher (host-tools/IotdbFlusher.java) that seals what was written since
// its last run. A row then waits at most one flush interval, plus the pipe's transfer.

/** Default bound on replication lag, in seconds (see docs/configuration.md for what it costs). */
export const DEFAULT_MAX_LAG_SECONDS = 2;
export const MIN_MAX_LAG_SECONDS = 1;
export const MAX_MAX_LAG_SECONDS = 3600;

/**
 * What the transfer takes after a flush (parse the sealed file, send the tablets, write them), kept
 * out of the lag budget. Measured on the test hosts: see BENCHMARKS.md.
 */
export const TRANSFER_ALLOWANCE_MS = 1000;

/** Milliseconds between two flushes of a DataNode for a lag bound: the bound less the transfer. */
export function flushIntervalMs(maxLagSeconds: number): number {
    return Math.max(500, Math.round(maxLagSeconds * 1000 - TRANSFER_ALLOWANCE_MS));
}
