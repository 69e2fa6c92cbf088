/*
 * iotdb-sql: a small, scriptable SQL runner for Apache IoTDB (tree model), built on the Session API
 * of the distribution's own lib/ (compiled by scripts/iotdb-dist.sh, run by tools/iotdb-sql/iotdb-sql).
 *
 * Usage: iotdb-sql --host H --port P --user U [--timeout-ms N] [--separate]
 *   stdin: first line = password; every following non-empty line = one SQL statement
 *          (surrounding blanks and one trailing ';' are stripped).
 *   stdout: for each statement that returns a result set: a header line with the column names, then
 *           one line per row; fields are tab-separated; '\', tab, newline and CR are escaped as
 *           \\, \t, \n, \r; null is the empty string. With --separate a line "--" precedes each
 *           result set. Statements without a result set print nothing.
 *   exit:   0 all statements ok; 1 a statement failed (stops there); 2 cannot connect or
 *           authenticate; 3 usage error.
 * Neither the password nor any statement text is ever printed: statements can carry passwords.
 * Quoted literals of a failed statement are masked in IoTDB's error message as well.
 */

import org.apache.iotdb.isession.SessionDataSet;
import org.apache.iotdb.rpc.IoTDBConnectionException;
import org.apache.iotdb.rpc.StatementExecutionException;
import org.apache.iotdb.session.Session;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class IotdbSql {
  static final int EXIT_OK = 0;
  static final int EXIT_STATEMENT = 1;
  static final int EXIT_CONNECT = 2;
  static final int EXIT_USAGE = 3;

  private static final String USAGE =
      "usage: iotdb-sql --host H --port P --user U [--timeout-ms N] [--separate]"
          + " (stdin: password line, then one SQL statement per line)";

  private IotdbSql() {}

  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static final class Options {
    String host;
    int port = -1;
    String user;
    int timeoutMs = 5000;
    boolean separate;
  }

  public static void main(String[] args) {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    silenceLogging();
    int code;
    try {
      code = run(args, err);
    } catch (UsageException e) {
      err.println("iotdb-sql: " + e.getMessage());
      err.println(USAGE);
      code = EXIT_USAGE;
    } catch (Throwable t) {
      // Unexpected: report the class only (a message could quote a statement).
      err.println("iotdb-sql: internal error: " + t.getClass().getName());
      code = EXIT_STATEMENT;
    }
    err.flush();
    System.out.flush();
    // Session may leave non-daemon threads behind: exit explicitly.
    System.exit(code);
  }

  /**
   * The client libraries log through slf4j/logback, and lib/ carries a logback-test.xml that logs
   * INFO to stdout. Their messages could quote statements and would mix with the result sets: switch
   * logging off before the Session classes load.
   */
  static void silenceLogging() {
    try {
      org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
      if (factory instanceof ch.qos.logback.classic.LoggerContext) {
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) factory;
        ctx.reset();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
      }
    } catch (RuntimeException | LinkageError e) {
      // no logging backend to silence
    }
  }

  static Options parseArgs(String[] args) throws UsageException {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--separate":
          o.separate = true;
          break;
        case "--host":
          o.host = value(args, ++i, a);
          break;
        case "--port":
          o.port = intValue(value(args, ++i, a), a, 1, 65535);
          break;
        case "--user":
          o.user = value(args, ++i, a);
          break;
        case "--timeout-ms":
          o.timeoutMs = intValue(value(args, ++i, a), a, 1, 3_600_000);
          break;
        case "-h":
        case "--help":
          throw new UsageException("help requested");
        default:
          throw new UsageException("unknown argument: " + a);
      }
    }
    if (o.host == null || o.host.isEmpty()) throw new UsageException("--host is required");
    if (o.port < 0) throw new UsageException("--port is required");
    if (o.user == null || o.user.isEmpty()) throw new UsageException("--user is required");
    return o;
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length) throw new UsageException(flag + " needs a value");
    return args[i];
  }

  private static int intValue(String s, String flag, int min, int max) throws UsageException {
    try {
      int v = Integer.parseInt(s);
      if (v < min || v > max) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be an integer in [" + min + ", " + max + "]");
    }
  }

  /** Removes surrounding blanks and one trailing ';'. */
  static String normalizeStatement(String line) {
    String s = line.strip();
    if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }

  static int run(String[] args, PrintStream err) throws UsageException, IOException {
    Options o = parseArgs(args);

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String password = in.readLine();
    if (password == null) throw new UsageException("no password line on stdin");
    if (password.endsWith("\r")) password = password.substring(0, password.length() - 1);
    List<String> statements = new ArrayList<>();
    for (String line; (line = in.readLine()) != null; ) {
      String s = normalizeStatement(line);
      if (!s.isEmpty()) statements.add(s);
    }

    Session session = newSession(o, password);
    try {
      session.open(false, o.timeoutMs);
    } catch (IoTDBConnectionException | RuntimeException e) {
      err.println(
          "iotdb-sql: cannot connect to "
              + o.host
              + ":"
              + o.port
              + " as "
              + o.user
              + ": "
              + oneLine(mask(describe(e), password)));
      return EXIT_CONNECT;
    }

    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    try {
      for (int n = 1; n <= statements.size(); n++) {
        String sql = statements.get(n - 1);
        try {
          execute(session, sql, o, out);
        } catch (StatementExecutionException | IoTDBConnectionException | RuntimeException e) {
          out.flush();
          String msg = maskParseError(mask(mask(describe(e), password), literalsOf(sql)));
          err.println("iotdb-sql: statement " + n + " failed: " + oneLine(msg));
          return EXIT_STATEMENT;
        }
      }
      out.flush();
      return EXIT_OK;
    } finally {
      try {
        session.close();
      } catch (Exception ignored) {
        // closing is best effort
      }
    }
  }

  /** A tree-model session to the node, without redirection or retries (the callers retry themselves). */
  static Session newSession(Options o, String password) {
    return new Session.Builder()
        .host(o.host)
        .port(o.port)
        .username(o.user)
        .password(password)
        .enableRedirection(false)
        .enableAutoFetch(true)
        .maxRetryCount(0)
        .retryIntervalInMs(0)
        .sqlDialect("tree")
        .build();
  }

  /**
   * First keywords of the tree-model statements that return a result set. The Session API has no
   * "execute anything" call: executeQueryStatement fails on a statement without result set (after
   * running it), executeNonQueryStatement discards a result set. So statements are classified by
   * their first keyword.
   */
  private static final java.util.Set<String> QUERY_KEYWORDS =
      java.util.Set.of("SELECT", "SHOW", "LIST", "COUNT", "EXPLAIN", "DESCRIBE", "DESC");

  static boolean isQuery(String sql) {
    int end = 0;
    while (end < sql.length() && Character.isLetter(sql.charAt(end))) end++;
    return QUERY_KEYWORDS.contains(sql.substring(0, end).toUpperCase(java.util.Locale.ROOT));
  }

  private static void execute(Session session, String sql, Options o, BufferedWriter out)
      throws StatementExecutionException, IoTDBConnectionException, IOException {
    if (!isQuery(sql)) {
      session.executeNonQueryStatement(sql);
      return;
    }
    SessionDataSet ds = session.executeQueryStatement(sql);
    try {
      List<String> names = ds.getColumnNames();
      if (names == null) names = List.of();
      if (o.separate) out.write("--\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) line.append('\t');
        line.append(escape(names.get(i)));
      }
      out.write(line.append('\n').toString());
      SessionDataSet.DataIterator it = ds.iterator();
      while (it.next()) {
        line.setLength(0);
        for (int i = 1; i <= names.size(); i++) {
          if (i > 1) line.append('\t');
          String v = it.isNull(i) ? null : it.getString(i);
          if (v != null) line.append(escape(v));
        }
        out.write(line.append('\n').toString());
      }
    } finally {
      ds.close();
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\':
          b.append("\\\\");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  /** The exception's message, plus its root cause (e.g. "Connection refused") when there is one. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
      root = root.getCause();
    }
    if (root != e) {
      String rm = root.getMessage();
      String r = root.getClass().getSimpleName() + (rm == null || rm.isBlank() ? "" : ": " + rm);
      if (!m.contains(r)) m = m + " (" + r + ")";
    }
    return m;
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ').strip();
  }

  /** The contents of the '...' and "..." literals of a statement (doubled quotes unescaped too). */
  static List<String> literalsOf(String sql) {
    List<String> lits = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char q = sql.charAt(i);
      if (q != '\'' && q != '"') {
        i++;
        continue;
      }
      StringBuilder raw = new StringBuilder();
      int j = i + 1;
      for (; j < sql.length(); j++) {
        char c = sql.charAt(j);
        if (c == q) {
          if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
            raw.append(q);
            j++;
            continue;
          }
          break;
        }
        raw.append(c);
      }
      // An unterminated literal runs to the end of the statement: mask it too.
      lits.add(raw.toString());
      String asWritten = sql.substring(i + 1, Math.min(j, sql.length()));
      if (!asWritten.equals(raw.toString())) lits.add(asWritten);
      i = j + 1;
    }
    return lits;
  }

  private static final java.util.regex.Pattern PARSE_ERROR =
      java.util.regex.Pattern.compile("line \\d+:\\d+");
  private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'[^']*'");

  /**
   * Parser errors quote the input they stumbled on ("mismatched input 'x'", "no viable alternative
   * at input '...'"), which may be an unquoted secret: mask every quoted span of such messages.
   */
  static String maskParseError(String msg) {
    if (!PARSE_ERROR.matcher(msg).find()) return msg;
    return QUOTED.matcher(msg).replaceAll("'***'");
  }

  static String mask(String msg, String secret) {
    List<String> one = new ArrayList<>();
    if (secret != null) one.add(secret);
    return mask(msg, one);
  }

  /** Replaces every occurrence of each secret (of length >= 3) with "***". */
  static String mask(String msg, List<String> secrets) {
    String m = msg;
    for (String s : secrets) {
      if (s != null && s.length() >= 3) m = m.replace(s, "***");
    }
    return m;
  }
}
