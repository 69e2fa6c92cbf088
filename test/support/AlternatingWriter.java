/*
 * AlternatingWriter: a client that writes to side A and side B of a dual-active pair in turn, one
 * attempt every tick (A, then B a tick later, ...; each side has its own thread, so a side that hangs
 * does not hold the other back), and records every attempt: when it started and ended, on which side,
 * and whether the side took it. Used by test/integration/rolling.test.ts (rolling restarts).
 *
 *   --a H:P --b H:P [--tick-ms 200] [--prefix root.load] [--device-prefix roll] [--devices 2]
 *   stdin: root's password on A, root's password on B, then nothing until the end: the writers stop
 *   when stdin closes, after one last round that retries what is still pending (up to 60 s).
 *
 * Side A writes devices <prefix>_a_0.<device-prefix>_j, side B <prefix>_b_0.<device-prefix>_j. Each
 * attempt writes one row a device at the current time (INT64 value derived from device and time),
 * plus the rows of that side's refused attempts before it, at their own times: a refused row is
 * written again until a side takes it, so what a side holds is exactly what it acknowledged.
 * Prints, as they happen: `attempt <side> <startMs> <endMs> ok|refused [<why>]`; at the end:
 * `written <device> <count> <sum> <maxTime>` per device (acknowledged rows) and `pending <side> <n>`.
 */

import org.apache.iotdb.session.Session;
import org.apache.tsfile.enums.TSDataType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class AlternatingWriter {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static volatile boolean stopping;

  private AlternatingWriter() {}

  static long value(String device, long t) {
    return Math.floorMod(t * 31 + device.hashCode() * 7919L, 1_000_003L);
  }

  static final class Row {
    final String device;
    final long time;

    Row(String device, long time) {
      this.device = device;
      this.time = time;
    }
  }

  static final class Side extends Thread {
    final String name;
    final String[] hp;
    final List<String> devices;
    final String password;
    final long tickMs;
    final long offsetMs;
    final List<Row> pending = new ArrayList<>();
    final Map<String, long[]> written = new LinkedHashMap<>();
    Session session;
    long last;

    Side(String name, String[] hp, List<String> devices, String password, long tickMs, long offsetMs) {
      this.name = name;
      this.hp = hp;
      this.devices = devices;
      this.password = password;
      this.tickMs = tickMs;
      this.offsetMs = offsetMs;
      for (String d : devices) written.put(d, new long[] {0, 0, -1});
      setName("writer-" + name);
    }

    /** One attempt: the pending rows and, when `fresh`, a new row per device. */
    boolean attempt(boolean fresh) {
      if (fresh) {
        long t = Math.max(System.currentTimeMillis(), last + 1);
        last = t;
        for (String d : devices) pending.add(new Row(d, t));
      }
      if (pending.isEmpty()) return true;
      long start = System.currentTimeMillis();
      try {
        if (session == null) {
          session = new Session.Builder().host(hp[0]).port(Integer.parseInt(hp[1])).username("root").password(password)
              .enableRedirection(false).maxRetryCount(0).retryIntervalInMs(0).build();
          session.open(false, 2000);
        }
        List<String> ds = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<List<String>> ms = new ArrayList<>();
        List<List<TSDataType>> ts = new ArrayList<>();
        List<List<Object>> vs = new ArrayList<>();
        for (Row r : pending) {
          ds.add(r.device);
          times.add(r.time);
          ms.add(List.of("s"));
          ts.add(List.of(TSDataType.INT64));
          vs.add(List.of((Object) value(r.device, r.time)));
        }
        session.insertRecords(ds, times, ms, ts, vs);
        for (Row r : pending) {
          long[] w = written.get(r.device);
          w[0]++;
          w[1] += value(r.device, r.time);
          w[2] = Math.max(w[2], r.time);
        }
        pending.clear();
        OUT.println("attempt " + name + " " + start + " " + System.currentTimeMillis() + " ok");
        return true;
      } catch (Exception e) {
        String why = String.valueOf(e.getMessage()).replace('\n', ' ');
        OUT.println("attempt " + name + " " + start + " " + System.currentTimeMillis() + " refused " + why.substring(0, Math.min(160, why.length())));
        try {
          if (session != null) session.close();
        } catch (Exception ignored) {
          // best effort
        }
        session = null;
        return false;
      }
    }

    @Override
    public void run() {
      long next = System.currentTimeMillis() + offsetMs;
      while (!stopping) {
        long wait = next - System.currentTimeMillis();
        if (wait > 0) {
          try {
            Thread.sleep(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopping) break;
        attempt(true);
        next = Math.max(next + 2 * tickMs, System.currentTimeMillis());
      }
      // The last round: what is pending gets up to 60 s to be taken.
      long until = System.currentTimeMillis() + 60_000;
      while (!pending.isEmpty() && System.currentTimeMillis() < until) {
        if (!attempt(false)) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) o.put(argv[i], argv[i + 1]);
    if (!o.containsKey("--a") || !o.containsKey("--b")) {
      System.err.println("AlternatingWriter: --a and --b are required");
      System.exit(2);
    }
    long tickMs = Long.parseLong(o.getOrDefault("--tick-ms", "200"));
    String prefix = o.getOrDefault("--prefix", "root.load");
    String devicePrefix = o.getOrDefault("--device-prefix", "roll");
    int devices = Integer.parseInt(o.getOrDefault("--devices", "2"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String password = in.readLine();
    String passwordB = in.readLine();
    if (password == null || passwordB == null) {
      System.err.println("AlternatingWriter: root's passwords of A and B expected on stdin");
      System.exit(2);
    }
    IotdbSql.silenceLogging();
    List<String> da = new ArrayList<>();
    List<String> db = new ArrayList<>();
    for (int j = 0; j < devices; j++) {
      da.add(prefix + "_a_0." + devicePrefix + "_" + j);
      db.add(prefix + "_b_0." + devicePrefix + "_" + j);
    }
    Side a = new Side("A", o.get("--a").split(":"), da, password, tickMs, 0);
    Side b = new Side("B", o.get("--b").split(":"), db, passwordB, tickMs, tickMs);
    a.start();
    b.start();
    while (in.readLine() != null) {
      // runs until stdin closes
    }
    stopping = true;
    a.join();
    b.join();
    for (Side s : List.of(a, b)) {
      for (Map.Entry<String, long[]> e : s.written.entrySet()) {
        long[] w = e.getValue();
        OUT.println("written " + e.getKey() + " " + w[0] + " " + w[1] + " " + w[2]);
      }
      OUT.println("pending " + s.name + " " + s.pending.size());
      try {
        if (s.session != null) s.session.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    System.exit(0);
  }
}
