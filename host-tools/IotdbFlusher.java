/*
 * iotdb-flusher: hands a DataNode's unflushed writes to its pipes at a fixed interval.
 *
 * Apache IoTDB 2.0.10 gives every user pipe a TsFile-only realtime source
 * (IoTDBDataRegionSource.constructRealtimeSource): a row crosses to the other side only once its
 * memtable is sealed into a TsFile, and IoTDB's own timed flush only seals memtables that stopped
 * receiving writes. This daemon runs `FLUSH ON LOCAL` on its DataNode every --interval-ms, so the
 * rows written since the last run are sealed and picked up by the pipes.
 *
 * With --heartbeat DEVICE it first writes the canary's heartbeat (lib/plan/canary.ts) on each run:
 * `INSERT INTO DEVICE(timestamp, beat) VALUES (now(), <this machine's epoch milliseconds>)`, so the
 * flush that follows seals it and the side's pipe carries it; the other side's newest heartbeat gives
 * `npm run status` the replication lag.
 *
 * Usage: iotdb-flusher --host H --port P --user U --interval-ms N [--heartbeat DEVICE]
 *   stdin: one line, the password (kept in memory only; stdin is not read again).
 *   stderr: one line per change of state (connected, lost, refused) and a summary every 10 minutes;
 *           never the password.
 * It runs until SIGTERM, reconnecting (every 2 s, every 30 s after a rejected password) when the
 * DataNode is away. Exit: 0 on SIGTERM, 3 on a usage error.
 */

import org.apache.iotdb.rpc.IoTDBConnectionException;
import org.apache.iotdb.rpc.StatementExecutionException;
import org.apache.iotdb.session.Session;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

public final class IotdbFlusher {
  private static final int EXIT_USAGE = 3;
  private static final long SUMMARY_EVERY_MS = 10 * 60 * 1000L;
  private static final long RECONNECT_MS = 2000L;
  private static final long REJECTED_RECONNECT_MS = 30000L;
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private static volatile boolean stopping;

  private IotdbFlusher() {}

  public static void main(String[] args) throws Exception {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    IotdbSql.Options o;
    long intervalMs;
    String heartbeat;
    String password;
    try {
      intervalMs = Long.parseLong(valueOf(args, "--interval-ms", true, "^[0-9]{3,7}$", "an integer in [100, 3600000]"));
      if (intervalMs < 100 || intervalMs > 3_600_000) throw new IotdbSql.UsageException("--interval-ms must be an integer in [100, 3600000]");
      heartbeat = valueOf(args, "--heartbeat", false, HEARTBEAT_DEVICE, "a device path like root.__dual_active_canary.a");
      o = IotdbSql.parseArgs(without(without(args, "--interval-ms"), "--heartbeat"));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      password = in.readLine();
      if (password == null || password.isEmpty()) throw new IotdbSql.UsageException("no password line on stdin");
      if (password.endsWith("\r")) password = password.substring(0, password.length() - 1);
    } catch (IotdbSql.UsageException e) {
      err.println("iotdb-flusher: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    IotdbSql.silenceLogging();
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping = true;
      main.interrupt();
      try {
        main.join(5000);
      } catch (InterruptedException ignored) {
        // shutting down anyway
      }
    }));
    new IotdbFlusher.Loop(o, password, intervalMs, heartbeat, err).run();
    // The Session may leave non-daemon threads; on SIGTERM the JVM is already exiting.
    if (!stopping) System.exit(0);
  }

  /** What --heartbeat may name: a device path the project writes into SQL unquoted. */
  static final String HEARTBEAT_DEVICE = "^root(\\.[A-Za-z0-9_]+)+$";

  /** The value of an option, checked against a pattern; null when absent and not required. */
  static String valueOf(String[] args, String name, boolean required, String pattern, String what)
      throws IotdbSql.UsageException {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name)) {
        if (i + 1 >= args.length || !args[i + 1].matches(pattern)) {
          throw new IotdbSql.UsageException(name + " must be " + what);
        }
        return args[i + 1];
      }
    }
    if (required) throw new IotdbSql.UsageException(name + " is required");
    return null;
  }

  /** The arguments without an option and its value. */
  static String[] without(String[] args, String name) {
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name)) {
        i++;
        continue;
      }
      rest.add(args[i]);
    }
    return rest.toArray(new String[0]);
  }

  static final class Loop {
    private final IotdbSql.Options o;
    private final String password;
    private final long intervalMs;
    private final String heartbeat;
    private final PrintStream err;
    private Session session;
    private String lastProblem = "";
    private long flushes;
    private long failures;
    private long flushMillis;
    private long maxFlushMillis;

    Loop(IotdbSql.Options o, String password, long intervalMs, String heartbeat, PrintStream err) {
      this.o = o;
      this.password = password;
      this.intervalMs = intervalMs;
      this.heartbeat = heartbeat;
      this.err = err;
    }

    void run() {
      say("started: " + (heartbeat == null ? "" : "heartbeat into " + heartbeat + ", then ")
          + "FLUSH ON LOCAL on " + o.host + ":" + o.port + " every " + intervalMs + " ms");
      long nextSummary = System.currentTimeMillis() + SUMMARY_EVERY_MS;
      long next = System.currentTimeMillis();
      while (!stopping) {
        long pause = RECONNECT_MS;
        if (session == null) pause = connect();
        if (session != null) {
          flushOnce();
          next += intervalMs;
          long now = System.currentTimeMillis();
          // Behind (a slow flush, a pause of the JVM): start again from now rather than catch up.
          if (next < now) next = now;
          pause = next - now;
        }
        if (System.currentTimeMillis() >= nextSummary) {
          summary();
          nextSummary += SUMMARY_EVERY_MS;
        }
        sleep(pause);
      }
      summary();
      close();
      say("stopped");
    }

    /** Opens the session; returns how long to wait before the next attempt when it failed. */
    private long connect() {
      Session s = IotdbSql.newSession(o, password);
      try {
        s.open(false, CONNECT_TIMEOUT_MS);
        session = s;
        problem("");
        say("connected to " + o.host + ":" + o.port);
        return 0;
      } catch (IoTDBConnectionException | RuntimeException e) {
        String msg = IotdbSql.mask(IotdbSql.describe(e), password);
        boolean rejected = msg.contains("801");
        problem((rejected ? "login refused: " : "cannot connect: ") + oneLine(msg));
        return rejected ? REJECTED_RECONNECT_MS : RECONNECT_MS;
      }
    }

    private void flushOnce() {
      long t0 = System.nanoTime();
      try {
        if (heartbeat != null) {
          session.executeNonQueryStatement(
              "INSERT INTO " + heartbeat + "(timestamp, beat) VALUES (now(), " + System.currentTimeMillis() + ")");
        }
        session.executeNonQueryStatement("FLUSH ON LOCAL");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        flushes++;
        flushMillis += ms;
        maxFlushMillis = Math.max(maxFlushMillis, ms);
        problem("");
      } catch (StatementExecutionException | IoTDBConnectionException | RuntimeException e) {
        failures++;
        problem((heartbeat == null ? "flush" : "heartbeat or flush") + " failed: " + oneLine(IotdbSql.mask(IotdbSql.describe(e), password)));
        if (e instanceof IoTDBConnectionException) close();
      }
    }

    /** Logs a problem when it differs from the last one ("" = none: logs the recovery). */
    private void problem(String p) {
      if (p.equals(lastProblem)) return;
      if (p.isEmpty()) say("ok again after: " + lastProblem);
      else say(p);
      lastProblem = p;
    }

    private void summary() {
      say(String.format("%d flushes (mean %d ms, max %d ms), %d failed since start",
          flushes, flushes == 0 ? 0 : flushMillis / flushes, maxFlushMillis, failures));
    }

    private void close() {
      if (session == null) return;
      try {
        session.close();
      } catch (Exception ignored) {
        // best effort
      }
      session = null;
    }

    private void sleep(long ms) {
      if (ms <= 0 || stopping) return;
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }

    private void say(String line) {
      err.println(Instant.now() + " iotdb-flusher: " + line);
    }

    private static String oneLine(String s) {
      return s.replace('\r', ' ').replace('\n', ' ').strip();
    }
  }
}
