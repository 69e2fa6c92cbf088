// How the pair replicates, and what it costs each DataNode: the single place for the IoTDB tuning
// the pipes need. Pure; every figure below was read from Apache IoTDB 2.0.10's sources and checked on
// the test hosts (see README "Replication" and BENCHMARKS.md).
//
// Three facts of 2.0.10 shape it:
// 1. Every user pipe gets a TsFile-only realtime source (IoTDBDataRegionSource.constructRealtimeSource;
//    the tablet-capturing sources are reserved to IoTDB's own subscription and consensus pipes): a row
//    crosses only once its memtable is sealed. IoTDB's timed flush only seals memtables that stopped
//    receiving writes, so a flusher beside each DataNode runs FLUSH ON LOCAL every interval.
// 2. That realtime source always forwards what another pipe wrote
//    (PipeRealtimeDataRegionSource.customize sets isForwardingPipeRequests = true; double-living mode
//    only filters the history). A path carried both ways loops for good: measured, 12,000 rows a side
//    became 1.18 million points written a side within a minute of the writers stopping, still rising.
//    So each side owns path patterns (`owns`), its pipe carries those and nothing else, and the two
//    lists may not overlap.
// 3. Pipe memory is a tenth of the heap, and each listened data region and each sink take fixed
//    blocks from it before any TsFile is parsed; direct buffers are 0.8 of the off-heap part and each
//    region takes a WAL or Ratis buffer. With IoTDB's defaults a 1 GiB DataNode starved its pipes
//    after three databases (RUNNING, 7 events left, for good) and refused a third database's regions.

/** Default bound on replication lag, in seconds (BENCHMARKS.md gives what it costs). */
export const DEFAULT_MAX_LAG_SECONDS = 2;
export const MIN_MAX_LAG_SECONDS = 1;
export const MAX_MAX_LAG_SECONDS = 3600;
/** Default number of databases the pair carries (each side holds all of them). */
export const DEFAULT_DATABASES = 16;

/** What the transfer takes after a flush (parse, send, write), kept out of the flush interval. */
export const TRANSFER_ALLOWANCE_MS = 1000;

/** Milliseconds between two flushes of a DataNode for a lag bound: the bound less the transfer. */
export function flushIntervalMs(maxLagSeconds: number): number {
    return Math.max(500, Math.round(maxLagSeconds * 1000 - TRANSFER_ALLOWANCE_MS));
}

// ---- Path ownership -------------------------------------------------------------------------------

/**
 * A path pattern a side owns: a prefix `root.<node>...<node>.**` or a full path `root.<node>...<node>`,
 * nodes of letters, digits and `_`. IoTDB 2.0.10 refuses any other pattern on a pipe that carries
 * deletions ("Only prefix or full path is allowed", IoTDBDataRegionSource.validatePattern).
 */
const PATTERN_RE = /^root(\.[A-Za-z0-9_]+)+(\.\*\*)?$/;

/** Why a pattern is not one the project accepts, or undefined when it is. */
export function patternProblem(p: unknown): string | undefined {
    if (typeof p !== "string") return "is not a string";
    if (p === "root.**") return `${JSON.stringify(p)} is every path; a side owns part of the tree, the other side the rest`;
    if (!PATTERN_RE.test(p)) return `${JSON.stringify(p)} is not a prefix like root.site_a.** nor a full path like root.site_a.d1.s; nodes hold letters, digits and '_' (IoTDB takes no other pattern on a pipe that carries deletions)`;
    return undefined;
}

/** Whether some path matches both patterns: one is the other, or a prefix of it. */
export function patternsOverlap(a: string, b: string): boolean {
    const base = (p: string) => p.replace(/\.\*\*$/, "");
    const [x, y] = [base(a), base(b)];
    const under = (p: string, prefix: string) => p === prefix || p.startsWith(prefix + ".");
    return (a.endsWith(".**") && under(y, x)) || (b.endsWith(".**") && under(x, y)) || x === y;
}

// ---- What the pipes and nodes get -----------------------------------------------------------------

const MIB = 1024 * 1024;

/** What crosses: inserts and deletes of the owned paths (schema, TTL and users stay on their side). */
export const PIPE_INCLUSION = "data";

/** The source and sink attributes a pipe gets from the project; the user's own attributes win. */
export function pipeAttributes(owned: string[], peerDataReplication: number): { source: Record<string, string>; sink: Record<string, string> } {
    return {
        source: {
            "source.pattern.inclusion": owned.join(","),
            "source.inclusion": PIPE_INCLUSION,
            // 2.0.10 gives user pipes the TsFile source whatever this says; `file` also spares them
            // the 15 MiB floating-memory check at CREATE PIPE, which a 1 GiB DataNode cannot pass.
            "source.realtime.mode": "file",
        },
        sink: {
            // Tablets, never TsFiles: a TsFile loaded on the peer was sent back (README).
            "sink.format": "tablet",
            // One sink subtask: each takes two batch buffers from the pipe memory.
            "sink.parallel.tasks": "1",
            // Towards a side that keeps each row on several DataNodes, one tablet at a time, to
            // whichever DataNode takes it while one is down.
            ...(peerDataReplication > 1 ? { "sink.batch.enable": "false" } : {}),
        },
    };
}

/**
 * Pipe attributes a stack may set (`pipes.<ab|ba>.source` / `.sink`), each safe for dual-active: what
 * to send of the history, batching, rate, compression, retries. Anything else is refused at preview:
 * the project sets what makes the pair (the peer, the sync user, the owned patterns, double-living
 * mode, data only, tablets), and other keys can reopen the loop (`sink.mark-as-pipe-request`,
 * `sink.format=tsfile`, `source.inclusion` with schema), send to another target, or put a password on
 * the pipe's line. Names are IoTDB 2.0.10's (PipeSourceConstant, PipeSinkConstant).
 */
export const PIPE_ATTRIBUTES_ALLOWED = {
    source: ["source.history.enable", "source.history.start-time", "source.history.end-time", "source.history.loose-range",
        "source.start-time", "source.end-time", "source.realtime.loose-range", "source.skipif"],
    sink: ["sink.batch.enable", "sink.batch.max-delay-ms", "sink.batch.max-delay-seconds", "sink.batch.size-bytes",
        "sink.rate-limit-bytes-per-second", "sink.compressor", "sink.compressor.zstd.level", "sink.load-balance-strategy",
        "sink.parallel.tasks", "sink.enable-send-tsfile-limit", "sink.leader-cache.enable", "sink.skipif",
        "sink.exception.conflict.resolve-strategy", "sink.exception.conflict.retry-max-time-seconds", "sink.exception.conflict.record-ignored-data",
        "sink.exception.others.retry-max-time-seconds", "sink.exception.others.record-ignored-data", "sink.exception.data.convert-on-type-mismatch"],
} as const;

/** Sizes the project sets on every DataNode (and ConfigNode: one properties file per machine). */
export const BUFFERS = {
    walBuffer: 4 * MIB,
    ratisAppender: 4 * MIB,
    ringSize: 16,
    ringEntry: 73_728,
    tablet: 1 * MIB,
    chunk: 1 * MIB,
    floatingProportion: 0.1,
} as const;

/** Milliseconds between two handshakes of a sink with a peer it lost (IoTDB's default is 800). */
export const SINK_RETRY_INTERVAL_MS = 250;
/** IoTDB's longest sleep between two tries of a failed transfer: a literal in 2.0.10 (PipeReportableSubtask). */
export const IOTDB_LONGEST_RETRY_SLEEP_MS = 10_000;

/**
 * Longest a pipe takes to send again once its peer is back (restarted or reachable again): IoTDB
 * retries a lost peer with up to 5 handshakes, the k-th k × SINK_RETRY_INTERVAL_MS after the one
 * before, then sleeps up to IOTDB_LONGEST_RETRY_SLEEP_MS before the next transfer (2.0.10,
 * PipeAbstractSinkSubtask.onPipeConnectionException and PipeReportableSubtask).
 */
export function reconnectMs(): number {
    return 5 * SINK_RETRY_INTERVAL_MS + IOTDB_LONGEST_RETRY_SLEEP_MS;
}

/** iotdb-system.properties entries for the pipes and regions (both sides send and receive). */
export function replicationProperties(): Record<string, string> {
    return {
        // A write is acknowledged once its WAL entry is on disk. With IoTDB's ASYNC default a SIGKILL
        // lost the last second of acknowledged rows: on the killed side, and the rows its peer's pipe
        // had just delivered there (the soak test saw 5 rows a device missing on B, for good).
        wal_mode: "SYNC",
        wal_buffer_size_in_byte: String(BUFFERS.walBuffer),
        schema_region_ratis_log_appender_buffer_size_max: String(BUFFERS.ratisAppender),
        data_region_ratis_log_appender_buffer_size_max: String(BUFFERS.ratisAppender),
        default_data_region_group_num_per_database: "1",
        pipe_total_floating_memory_proportion: String(BUFFERS.floatingProportion),
        pipe_source_assigner_disruptor_ring_buffer_size: String(BUFFERS.ringSize),
        pipe_data_structure_tablet_size_in_bytes: String(BUFFERS.tablet),
        pipe_max_reader_chunk_size: String(BUFFERS.chunk),
        pipe_sink_retry_interval_ms: String(SINK_RETRY_INTERVAL_MS),
        // The ConfigNode re-sends every pipe's metadata to the DataNodes each interval, which builds a
        // task a DataNode could not build at its start (peer unreachable then). IoTDB's 3 min, both,
        // left a side's rows waiting 161 s; `up` also resumes the pipes itself (resumePipeScript).
        pipe_meta_syncer_initial_sync_delay_minutes: "1",
        pipe_meta_syncer_sync_interval_minutes: "1",
    };
}

// ---- Memory: what a DataNode heap carries ---------------------------------------------------------

/** MEMORY_SIZE ("1G", "1536M") in MiB. */
export function memoryMiB(size: string): number {
    const n = Number(size.slice(0, -1));
    return size.endsWith("G") ? n * 1024 : n;
}

/** The heap and off-heap datanode-env.sh gives a MEMORY_SIZE (2.0.10), in MiB. */
export function heapSplit(memMiB: number): { heap: number; offHeap: number } {
    const heap = memMiB < 4096 ? Math.floor(memMiB / 4) * 3 : memMiB < 16384 ? Math.floor(memMiB / 5) * 4
        : memMiB < 131072 ? Math.floor(memMiB / 8) * 7 : memMiB - 16384;
    return { heap, offHeap: memMiB - heap };
}

/** Regions one DataNode of a side holds when the pair carries `databases` databases. */
export function regionsPerDataNode(databases: number, dataNodes: number, replication: { schema: number; data: number }): { schema: number; data: number } {
    return {
        schema: Math.ceil((databases * replication.schema) / dataNodes),
        data: Math.ceil((databases * replication.data) / dataNodes),
    };
}

/** Fixed pipe memory besides the regions' rings: one sink (2 batch buffers), 5 parsers (3 blocks), receiver (3 tablets). */
const PIPE_FIXED_MIB = 2 + 5 * 3 + 3;
/** IoTDB itself below this heap is not worth running. */
export const MIN_DATANODE_MIB = 512;

/** What a DataNode needs and has, in MiB, for a number of regions. */
export function memoryNeeds(memMiB: number, regions: { schema: number; data: number }, dataConsensus: string | undefined) {
    const { heap, offHeap } = heapSplit(memMiB);
    const dataRegionBuffer = dataConsensus === "RatisConsensus" ? BUFFERS.ratisAppender : dataConsensus === "IoTConsensusV2" ? BUFFERS.walBuffer * 4 / 3 : BUFFERS.walBuffer;
    const direct = (regions.schema * BUFFERS.ratisAppender + regions.data * dataRegionBuffer) / MIB;
    const pipe = (regions.data * BUFFERS.ringSize * BUFFERS.ringEntry) / MIB + PIPE_FIXED_MIB;
    // Pipe memory: a tenth of the heap, less the floating share; its leader cache may hold a tenth of that.
    const pipeBudget = (heap / 10) * (1 - BUFFERS.floatingProportion) * 0.9;
    return { direct, directLimit: offHeap * 0.8, pipe, pipeBudget, fits: memMiB >= MIN_DATANODE_MIB && direct <= offHeap * 0.8 && pipe <= pipeBudget };
}

/** The smallest MEMORY_SIZE (a multiple of 256M) that carries the regions. */
export function smallestMemory(regions: { schema: number; data: number }, dataConsensus: string | undefined): string {
    for (let m = MIN_DATANODE_MIB; ; m += 256) {
        if (memoryNeeds(m, regions, dataConsensus).fits) return m % 1024 === 0 ? `${m / 1024}G` : `${m}M`;
    }
}
