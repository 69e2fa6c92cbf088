/*
 * ReplicationLoad: writes to both sides of a dual-active pair at once, the way users write (several
 * databases, no FLUSH), measures each direction's lag while it runs, and reads back what each side
 * holds. Used by test/integration/replicationSoak.test.ts and bench/replication.ts; compiled there
 * against the IoTDB distribution's own lib/ (test/integration/replicationLoad.ts).
 *
 *   run     --a H:P --b H:P --databases N --devices N --tick-ms N --seconds N [--layout shared|owned]
 *           [--sample-ms N] [--prefix P] [--rows-per-tick N] [--insert records|tablets] [--only a|b]
 *           [--device-prefix P] [--keep-rate yes|no] [--stats yes|no]
 *     stdin: root's password on side A, then on side B (optional: A's). Side A writes devices a_0..a_{devices/2-1} and B writes b_* of every
 *     database P_0..P_{N-1} (layout shared), or A writes P_a_k and B P_b_k (layout owned). Each tick,
 *     each device gets one row at the current time in ms (INT64 value derived from device and time).
 *     A write refused (side down) is counted and retried at the next tick with a new session; only
 *     acknowledged rows count. Every --sample-ms it reads `select last` of the other side and prints
 *     a line `lag <dir> <ms>` (the largest, over the writer's devices, of newest written minus newest
 *     readable on the other side). At the end it prints `written <device> <count> <sum> <maxTime>`
 *     per device and `failed <side> <n>`.
 *     Options for rates and ceilings (defaults keep the behaviour above):
 *     --rows-per-tick N  each device gets N rows a tick, at the distinct times base..base+N-1 where
 *                        base = max(now - N + 1, newest written + 1): the newest row is stamped with the
 *                        current time while N <= tick-ms, so the lag stays a wall-clock figure.
 *     --insert tablets   one Session.insertTablets call a tick (a tablet per device) instead of
 *                        insertRecords.
 *     --only a|b         only that side writes; only its direction is sampled.
 *     --device-prefix P  (layout owned) devices P_j instead of d_j, and the sampled and verified
 *                        patterns are narrowed to them: runs sharing databases do not mix.
 *     --sample-ms 0      no lag sampling.
 *     --keep-rate yes    a tick whose call ended after the next one was due is made up: the next call
 *                        carries the rows of every tick missed meanwhile (a client that buffers), so
 *                        the rate holds while IoTDB's throughput does, however long a single call takes.
 *     --stats yes        at the end, per writer: `stats <side> <elapsedMs> <ticks> <lateTicks>` (from the
 *                        writer's start to its last acknowledged call; ticks whose call ended after the
 *                        next tick was due).
 *   verify  --a H:P --b H:P [--prefix P] [--device-prefix P]
 *     stdin: root's password on side A, then on side B (optional: A's). Prints `holds <side> <device> <count> <sum> <maxTime>` per device.
 * Exit 0, or 2 on a usage error.
 */

import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.session.Session;
import org.apache.tsfile.enums.TSDataType;
import org.apache.tsfile.write.record.Tablet;
import org.apache.tsfile.write.schema.IMeasurementSchema;
import org.apache.tsfile.write.schema.MeasurementSchema;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public final class ReplicationLoad {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private ReplicationLoad() {}

  static final class Args {
    String mode;
    String[] a;
    String[] b;
    int databases = 8;
    int devices = 10;
    int tickMs = 200;
    int seconds = 60;
    int sampleMs = 2000;
    String layout = "shared";
    String prefix = "root.load";
    int rowsPerTick = 1;
    String insert = "records";
    String only;
    String devicePrefix;
    boolean stats;
    boolean keepRate;
  }

  public static void main(String[] argv) throws Exception {
    Args o = parse(argv);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String password = in.readLine();
    if (password == null) usage("no password on stdin");
    // Each side has its own root password: line 2 is side B's (line 1's when there is none).
    String passwordB = in.readLine();
    if (passwordB == null || passwordB.isEmpty()) passwordB = password;
    IotdbSql.silenceLogging();
    if (o.mode.equals("verify")) {
      verify(o, "A", o.a, password);
      verify(o, "B", o.b, passwordB);
    } else {
      run(o, password, passwordB);
    }
    System.exit(0);
  }

  private static void usage(String why) {
    System.err.println("ReplicationLoad: " + why);
    System.exit(2);
  }

  static Args parse(String[] argv) {
    Args o = new Args();
    if (argv.length == 0) usage("run or verify?");
    o.mode = argv[0];
    if (!o.mode.equals("run") && !o.mode.equals("verify")) usage("run or verify?");
    for (int i = 1; i + 1 < argv.length; i += 2) {
      String k = argv[i];
      String v = argv[i + 1];
      switch (k) {
        case "--a": o.a = v.split(":"); break;
        case "--b": o.b = v.split(":"); break;
        case "--databases": o.databases = Integer.parseInt(v); break;
        case "--devices": o.devices = Integer.parseInt(v); break;
        case "--tick-ms": o.tickMs = Integer.parseInt(v); break;
        case "--seconds": o.seconds = Integer.parseInt(v); break;
        case "--sample-ms": o.sampleMs = Integer.parseInt(v); break;
        case "--layout": o.layout = v; break;
        case "--prefix": o.prefix = v; break;
        case "--rows-per-tick": o.rowsPerTick = Integer.parseInt(v); break;
        case "--insert": o.insert = v; break;
        case "--only": o.only = v; break;
        case "--device-prefix": o.devicePrefix = v; break;
        case "--stats": o.stats = v.equals("yes"); break;
        case "--keep-rate": o.keepRate = v.equals("yes"); break;
        default: usage("unknown argument " + k);
      }
    }
    if (o.a == null || o.b == null) usage("--a and --b are required");
    if (o.rowsPerTick < 1) usage("--rows-per-tick must be 1 or more");
    if (o.tickMs < 0 || o.sampleMs < 0) usage("--tick-ms and --sample-ms must be 0 or more");
    if (!o.insert.equals("records") && !o.insert.equals("tablets")) usage("--insert records or tablets?");
    if (o.only != null && !o.only.equals("a") && !o.only.equals("b")) usage("--only a or b?");
    if (o.devicePrefix != null && !o.devicePrefix.matches("[A-Za-z][A-Za-z0-9_]*")) usage("--device-prefix: a letter, then letters, digits and '_'");
    if (o.devicePrefix != null && o.mode.equals("run") && !o.layout.equals("owned")) usage("--device-prefix needs --layout owned");
    return o;
  }

  static Session open(String[] hp, String password) throws Exception {
    Session s = new Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).username("root").password(password)
        .enableRedirection(false).maxRetryCount(0).retryIntervalInMs(0).build();
    s.open(false, 5000);
    return s;
  }

  static void closeQuietly(Session s) {
    if (s == null) return;
    try {
      s.close();
    } catch (Exception ignored) {
      // best effort
    }
  }

  /** The devices side ("a" or "b") writes. */
  static List<String> devicesOf(Args o, String side) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < o.databases; k++) {
      for (int j = 0; j < o.devices / 2; j++) {
        out.add(o.layout.equals("owned")
            ? o.prefix + "_" + side + "_" + k + "." + (o.devicePrefix == null ? "d" : o.devicePrefix) + "_" + j
            : o.prefix + "_" + k + "." + side + "_" + j);
      }
    }
    return out;
  }

  static long value(String device, long t) {
    return Math.floorMod(t * 31 + device.hashCode() * 7919L, 1_000_003L);
  }

  static final class Written {
    long count;
    long sum;
    long maxTime = -1;
  }

  static final class Writer extends Thread {
    final String side;
    final String[] hp;
    final List<String> devices;
    final Args o;
    final String password;
    final long until;
    final Map<String, Written> written = new ConcurrentHashMap<>();
    final AtomicLong failed = new AtomicLong();
    long elapsedMs;
    long ticks;
    long late;

    Writer(String side, String[] hp, List<String> devices, Args o, String password, long until) {
      this.side = side;
      this.hp = hp;
      this.devices = devices;
      this.o = o;
      this.password = password;
      this.until = until;
      for (String d : devices) written.put(d, new Written());
      setName("writer-" + side);
    }

    @Override
    public void run() {
      Session s = null;
      long last = 0;
      long began = System.currentTimeMillis();
      long next = began;
      // Rows a device gets this call: rowsPerTick, times the ticks missed since the last call with --keep-rate.
      int n = o.rowsPerTick;
      List<String> measurement = List.of("s");
      List<TSDataType> type = List.of(TSDataType.INT64);
      List<IMeasurementSchema> schema = List.of(new MeasurementSchema("s", TSDataType.INT64));
      while (System.currentTimeMillis() < until) {
        long t = Math.max(System.currentTimeMillis() - (n - 1), last + 1);
        ticks++;
        try {
          if (s == null) s = open(hp, password);
          if (o.insert.equals("tablets")) {
            Map<String, Tablet> tablets = new LinkedHashMap<>();
            for (String d : devices) {
              Tablet tablet = new Tablet(d, schema, n);
              for (int r = 0; r < n; r++) {
                tablet.addTimestamp(r, t + r);
                tablet.addValue("s", r, (Object) Long.valueOf(value(d, t + r)));
              }
              tablet.setRowSize(n);
              tablets.put(d, tablet);
            }
            s.insertTablets(tablets, true);
          } else {
            List<String> ds = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            List<List<String>> ms = new ArrayList<>();
            List<List<TSDataType>> ts = new ArrayList<>();
            List<List<Object>> vs = new ArrayList<>();
            for (int r = 0; r < n; r++) {
              for (String d : devices) {
                ds.add(d);
                times.add(t + r);
                ms.add(measurement);
                ts.add(type);
                vs.add(List.of((Object) value(d, t + r)));
              }
            }
            s.insertRecords(ds, times, ms, ts, vs);
          }
          last = t + n - 1;
          elapsedMs = System.currentTimeMillis() - began;
          for (String d : devices) {
            long sum = 0;
            for (int r = 0; r < n; r++) sum += value(d, t + r);
            Written w = written.get(d);
            synchronized (w) {
              w.count += n;
              w.sum += sum;
              w.maxTime = last;
            }
          }
        } catch (Exception e) {
          if (failed.incrementAndGet() % 50 == 1) System.err.println("write " + side + ": " + e);
          closeQuietly(s);
          s = null;
        }
        next += o.tickMs;
        long wait = next - System.currentTimeMillis();
        n = o.rowsPerTick;
        if (wait < 0) {
          if (o.tickMs > 0) late++;
          if (o.keepRate && o.tickMs > 0) {
            long missed = -wait / o.tickMs;
            n = (int) Math.min((long) o.rowsPerTick * (1 + missed), 1_000_000L);
            next += missed * o.tickMs;
          } else {
            next = System.currentTimeMillis();
          }
        } else {
          pause(wait);
        }
      }
      closeQuietly(s);
    }

    private static void pause(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Newest time per device of `pattern` on a side, by `select last`. */
  static Map<String, Long> newest(Session s, String pattern) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (SessionDataSet ds = s.executeQueryStatement("select last s from " + pattern)) {
      SessionDataSet.DataIterator it = ds.iterator();
      while (it.next()) {
        String series = it.getString("Timeseries");
        out.put(series.substring(0, series.length() - 2), it.getLong("Time"));
      }
    }
    return out;
  }

  static String patternOf(Args o, String side) {
    if (o.devicePrefix != null) return o.prefix + "_" + side + "_*." + o.devicePrefix + "_*";
    return o.layout.equals("owned") ? o.prefix + "_" + side + "_*.**" : o.prefix + "_*." + side + "_*";
  }

  static void run(Args o, String password, String passwordB) throws Exception {
    long start = System.currentTimeMillis();
    long until = start + o.seconds * 1000L;
    boolean writeA = o.only == null || o.only.equals("a");
    boolean writeB = o.only == null || o.only.equals("b");
    Writer wa = new Writer("A", o.a, devicesOf(o, "a"), o, password, until);
    Writer wb = new Writer("B", o.b, devicesOf(o, "b"), o, passwordB, until);
    List<Writer> writers = new ArrayList<>();
    if (writeA) writers.add(wa);
    if (writeB) writers.add(wb);
    for (Writer w : writers) w.start();
    Session onA = null;
    Session onB = null;
    long next = start + o.sampleMs;
    while (o.sampleMs > 0 && System.currentTimeMillis() < until) {
      Thread.sleep(Math.max(1, next - System.currentTimeMillis()));
      next += o.sampleMs;
      if (writeA) {
        try {
          if (onB == null) onB = open(o.b, passwordB);
          OUT.println("lag AB " + lag(wa, newest(onB, patternOf(o, "a")), start));
        } catch (Exception e) {
          closeQuietly(onB);
          onB = null;
          OUT.println("unreadable B");
        }
      }
      if (writeB) {
        try {
          if (onA == null) onA = open(o.a, password);
          OUT.println("lag BA " + lag(wb, newest(onA, patternOf(o, "b")), start));
        } catch (Exception e) {
          closeQuietly(onA);
          onA = null;
          OUT.println("unreadable A");
        }
      }
    }
    for (Writer w : writers) w.join();
    closeQuietly(onA);
    closeQuietly(onB);
    for (Writer w : writers) {
      for (Map.Entry<String, Written> e : w.written.entrySet()) {
        Written x = e.getValue();
        OUT.println("written " + e.getKey() + " " + x.count + " " + x.sum + " " + x.maxTime);
      }
      OUT.println("failed " + w.side + " " + w.failed.get());
    }
    if (o.stats) {
      for (Writer w : writers) OUT.println("stats " + w.side + " " + w.elapsedMs + " " + w.ticks + " " + w.late);
    }
  }

  /** Largest newest-written minus newest-readable over the writer's devices, in ms. */
  static long lag(Writer w, Map<String, Long> seen, long start) {
    long worst = 0;
    for (Map.Entry<String, Written> e : w.written.entrySet()) {
      long wrote;
      synchronized (e.getValue()) {
        wrote = e.getValue().maxTime;
      }
      if (wrote < 0) continue;
      long have = seen.getOrDefault(e.getKey(), start);
      worst = Math.max(worst, wrote - have);
    }
    return worst;
  }

  static void verify(Args o, String side, String[] hp, String password) throws Exception {
    Session s = open(hp, password);
    try (SessionDataSet ds = s.executeQueryStatement(
        "select count(s), sum(s), max_time(s) from " + o.prefix + "_*."
            + (o.devicePrefix == null ? "**" : o.devicePrefix + "_*") + " align by device")) {
      SessionDataSet.DataIterator it = ds.iterator();
      while (it.next()) {
        if (it.isNull(2) || it.isNull(3)) continue;
        OUT.println("holds " + side + " " + it.getString(1) + " " + it.getString(2) + " "
            + (long) Double.parseDouble(it.getString(3)) + " " + it.getString(4));
      }
    } finally {
      closeQuietly(s);
    }
  }
}
