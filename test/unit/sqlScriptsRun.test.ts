// The SQL host scripts run for real against the fake iotdb-sql runner (fakeSqlRunner.ts): users and
// root's password, a pipe's creation and health check, a DataNode's removal. pipeHealth.test.ts runs
// the pipe's resume and removal the same way.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkPipeScript, credentialsScript, credentialsStdin, ensurePipeScript, removeDataNodeScript, SqlTarget, stdinLines } from "../../lib/render/sqlScripts";
import { flusherPassword } from "../../lib/plan/flusherAccess";
import { alterPasswordSql, alterPipePasswordsSql, alterPipePatternSql, createPipeSql, createUserSql } from "../../lib/render/sql";
import { updateStdin } from "../../providers/remoteScript";
import { fakeSqlRunner, SHOW_PIPES_HEADER } from "./fakeSqlRunner";

/** A fresh fake IoTDB home; `run` runs a script there with `stdin`, then reads what the fake recorded. */
function sandbox(prefix: string) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const target: SqlTarget = { home, rpcHost: "h", rpcPort: 1, journalFile: path.join(home, "journal") };
    const read = (f: string) => (fs.existsSync(path.join(home, f)) ? fs.readFileSync(path.join(home, f), "utf8") : "");
    const run = (script: string, stdin: string) => {
        fs.rmSync(path.join(home, "statements"), { force: true });
        const r = spawnSync("bash", ["-c", script], { input: stdin, encoding: "utf8", timeout: 30_000 });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, statements: read("statements").trim().split("\n"), journal: read("journal") };
    };
    const write = (f: string, content: string) => fs.writeFileSync(path.join(home, f), content);
    return { home, target, run, read, write, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

describe("SQL host scripts, run against a fake iotdb-sql", function () {
    this.timeout(30_000);

    describe("credentialsScript", () => {
        const admin = "Adm1n-pw";
        const access = { writePaths: ["root.site_b.**", "root.plant.b.d1.s"], databases: ["root.site_b", "root.plant"] };
        const flusherPaths = ["root.__dual_active_canary.a.**"];
        const script = (user = "replicator") => credentialsScript(box.target, user, access, flusherPaths);
        const stdin = credentialsStdin(admin, "replicator", "Sync-pw");
        const flusherPw = flusherPassword(admin);
        const flusherGrants = ["GRANT WRITE_DATA, WRITE_SCHEMA ON root.__dual_active_canary.a.** TO USER dual_active_flusher", "GRANT SYSTEM ON root.** TO USER dual_active_flusher"];
        const grants = ["GRANT WRITE_DATA, WRITE_SCHEMA ON root.site_b.** TO USER replicator", "GRANT WRITE_DATA, WRITE_SCHEMA ON root.plant.b.d1.s TO USER replicator",
            "GRANT SYSTEM ON root.** TO USER replicator"];
        const ready = "users replicator and dual_active_flusher ready\n";
        let box: ReturnType<typeof sandbox>;
        beforeEach(() => {
            box = sandbox("sql-credentials-");
            box.write("password", "root");
            box.write("users", "root\n");
            box.write("databases", "");
            // Logs in with the password of $h/password (801 otherwise); LIST USER from $h/users; CREATE DATABASE
            // refuses one in $h/databases (501) and root.conflict (529).
            fakeSqlRunner(box.home, `  if [[ $pw != "$(cat "$h/password")" ]]; then echo "iotdb-sql: cannot connect to h:1 as root: 801: Authentication failed." >&2; exit 2; fi
  case $s in
    "LIST USER") printf 'User\\n'; cat "$h/users" ;;
    "CREATE USER "*) read -r _ _ u _ <<<"$s"; echo "$u" >>"$h/users" ;;
    "DROP USER "*) read -r _ _ u <<<"$s"; grep -vx "$u" "$h/users" >"$h/users.new" || true; mv "$h/users.new" "$h/users" ;;
    "CREATE DATABASE root.conflict") echo "iotdb-sql: statement 1 failed: 529: root.conflict.x has already been created as database" >&2; exit 1 ;;
    "CREATE DATABASE "*) d=\${s#CREATE DATABASE }; if grep -qx "$d" "$h/databases"; then echo "iotdb-sql: statement 1 failed: 501: $d has already been created as database" >&2; exit 1; fi; echo "$d" >>"$h/databases" ;;
    "ALTER USER root SET PASSWORD "*) p=\${s#*PASSWORD \\'}; printf '%s' "\${p%\\'}" >"$h/password" ;;
  esac`);
        });
        afterEach(() => box.cleanup());

        it("on a fresh side: creates the databases, the users with only their grants, then sets root's password last; a second run re-creates the sync user", () => {
            let r = box.run(script(), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "root password set\n" + ready);
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "SHOW CLUSTER", "CREATE DATABASE root.site_b", "CREATE DATABASE root.plant", "LIST USER",
                "CREATE USER replicator 'Sync-pw'", ...grants, `CREATE USER dual_active_flusher '${flusherPw}'`, ...flusherGrants,
                `ALTER USER root SET PASSWORD '${admin}'`, "SHOW CLUSTER"]);
            assert.ok(!r.statements.some((s) => /SECURITY|MANAGE|ALL|WRITE ON/.test(s)), "no privilege beyond writing the peer's paths and SYSTEM");
            assert.strictEqual(box.read("password"), admin);
            assert.match(r.journal, /CREATE DATABASE root.site_b\n.*CREATE DATABASE root.plant\n.* user replicator created\n.* user dual_active_flusher created\n.* root password set\n$/);
            assert.ok(!r.stderr.includes(admin) && !r.stdout.includes(admin), "no password in the output");

            r = box.run(script(), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, ready);
            // The databases are there (501: fine); an existing sync user is dropped and created again: exactly its
            // grants; the flusher's keeps its name (a running flusher stays logged in), its password set again.
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "CREATE DATABASE root.site_b", "CREATE DATABASE root.plant", "LIST USER",
                "DROP USER replicator", "CREATE USER replicator 'Sync-pw'", ...grants, `ALTER USER dual_active_flusher SET PASSWORD '${flusherPw}'`, ...flusherGrants]);
            assert.match(r.stderr, /CREATE DATABASE root.site_b: there already/);
            assert.match(r.journal, / user replicator re-created with its grants\n.* user dual_active_flusher password set\n$/);
            assert.ok(!r.stderr.includes(flusherPw) && !r.stdout.includes(flusherPw), "no password in the output");
        });

        it("takes a database that conflicts with one above or below it; fails on any other refusal", () => {
            let r = box.run(credentialsScript(box.target, "replicator", { writePaths: ["root.conflict.x.**"], databases: ["root.conflict"] }, flusherPaths), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stderr, /CREATE DATABASE root.conflict: there already .*529/);
            r = box.run(credentialsScript(box.target, "replicator", { writePaths: ["root.x.**"], databases: ["root.x"] }, flusherPaths), "nothing-logs-in\n");
            assert.strictEqual(r.status, 1);
        });

        it("fails naming the fix when neither the admin password nor the default one logs in", () => {
            box.write("password", "changed-by-hand");
            const r = box.run(script(), stdin);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /cannot log in as root with the configured admin password, the previous one, nor the default one:\n.*801/);
            assert.match(r.stderr, /set this side's key \(adminPassword for side A, adminPasswordB for side B; as a secret\) to it/);
            assert.strictEqual(box.read("password"), "changed-by-hand");
        });

        it("rotates root's password: logs in with the previous one (stdin after its own lines), sets the new one, re-creates the user with its new password", () => {
            box.write("password", "Old-pw");
            const previous = credentialsStdin("Old-pw", "replicator", "Old-sync");
            const r = box.run(script(), updateStdin({ stdin: previous }, { stdin, previousStdinOnUpdate: true })!);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "root password set\n" + ready);
            assert.deepStrictEqual(r.statements.slice(-3), [...flusherGrants.slice(-1), `ALTER USER root SET PASSWORD '${admin}'`, "SHOW CLUSTER"]);
            assert.ok(r.statements.includes(`CREATE USER dual_active_flusher '${flusherPw}'`), "the flusher's user gets the password derived from the new root password");
            assert.ok(r.statements.includes("CREATE USER replicator 'Sync-pw'"));
            assert.strictEqual(box.read("password"), admin);
            assert.ok(!r.stderr.includes("Old-pw") && !r.stdout.includes("Old-pw"), "no password in the output");
        });

        it("refuses a user name that is not an IoTDB identifier", () => {
            assert.throws(() => credentialsScript(box.target, "x; DROP", access, flusherPaths), /is not a valid IoTDB identifier/);
            assert.throws(() => credentialsScript(box.target, "replicator", { writePaths: ["root.a.** TO USER x"], databases: [] }, flusherPaths), /is not a path/);
            assert.throws(() => credentialsScript(box.target, "replicator", { writePaths: [], databases: [] }, flusherPaths), /at least one path/);
            assert.throws(() => credentialsScript(box.target, "replicator", access, ["root.a; DROP"]), /is not a path/);
        });
    });

    describe("ensurePipeScript and checkPipeScript", () => {
        const spec = { name: "AB", peerNodeUrls: ["iotdb-2:6667"], syncUser: "replicator", source: {}, sink: {} };
        const stdin = stdinLines(["pw", createPipeSql(spec, "Sync-pw")]);
        let box: ReturnType<typeof sandbox>;
        beforeEach(() => {
            box = sandbox("sql-pipe-");
            box.write("header", SHOW_PIPES_HEADER.join("\t") + "\n");
            // SHOW PIPES lists AB in the state of $h/state while that file exists; CREATE makes it
            // RUNNING, START makes it what $h/started says (RUNNING unless written).
            fakeSqlRunner(box.home, `  case $s in
    "SHOW PIPES") cat "$h/header"; if [[ -f $h/state ]]; then printf 'AB\\tt\\t%s\\t%s\\tp\\tk\\t\\t0\\t0\\n' "$(cat "$h/state")" "$(cat "$h/source" 2>/dev/null || echo s)"; fi ;;
    "ALTER PIPE AB MODIFY SOURCE ('source.pattern.inclusion'='root.a.**,root.__dual_active_canary.a.**') MODIFY SINK ('sink.password'='Sync-pw')") echo "{source.inclusion=data, source.pattern.inclusion=root.a.**,root.__dual_active_canary.a.**}" >"$h/source" ;;
    "CREATE PIPE IF NOT EXISTS AB "*) echo RUNNING >"$h/state" ;;
    "START PIPE AB") cat "$h/started" 2>/dev/null >"$h/state" || echo RUNNING >"$h/state" ;;
  esac`);
        });
        afterEach(() => box.cleanup());

        it("creates a missing pipe with the statement from stdin and waits until it runs", () => {
            const r = box.run(ensurePipeScript(box.target, "AB", 10), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "RUNNING\n");
            assert.ok(r.statements.includes(createPipeSql(spec, "Sync-pw")), r.statements.join("\n"));
            assert.match(r.journal, / pipe AB created\n$/);
            assert.strictEqual(box.run(checkPipeScript(box.target, "AB"), "pw\n").stdout, "ok\n");
        });

        it("starts a stopped pipe, and leaves a running one as it is", () => {
            box.write("state", "STOPPED\n");
            let r = box.run(ensurePipeScript(box.target, "AB", 10), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), ["START PIPE AB"]);
            assert.match(r.journal, / pipe AB started\n$/);
            r = box.run(ensurePipeScript(box.target, "AB", 10), stdin);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), []);
        });

        it("alters in place a pipe that carries other paths than asked (one made before the canary), and leaves one that carries them", () => {
            box.write("state", "RUNNING\n");
            box.write("source", "{source.inclusion=data, source.pattern.inclusion=root.a.**, source.realtime.mode=file}\n");
            const pattern = "root.a.**,root.__dual_active_canary.a.**";
            const alter = alterPipePatternSql("AB", pattern, "Sync-pw");
            const withAlter = stdinLines(["pw", createPipeSql(spec, "Sync-pw"), alter]);
            // Without the ALTER line (stdin of an older caller): it says what is missing.
            let r = box.run(ensurePipeScript(box.target, "AB", 10, { pattern }), stdin);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /pipe AB carries other paths than root\.a\.\*\*,root\.__dual_active_canary\.a\.\*\*, and no ALTER PIPE statement came on stdin/);
            r = box.run(ensurePipeScript(box.target, "AB", 10, { pattern }), withAlter);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "RUNNING\n");
            assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), [alter]);
            assert.ok(!r.stderr.includes("Sync-pw") && !r.journal.includes("Sync-pw"), "the sink password in the output");
            assert.match(r.journal, / pipe AB altered in place: it carries root\.a\.\*\*,root\.__dual_active_canary\.a\.\*\*\n$/);
            r = box.run(ensurePipeScript(box.target, "AB", 10, { pattern }), withAlter);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.statements.filter((s) => s !== "SHOW PIPES"), [], "altered again though it carries the pattern");
            assert.throws(() => alterPipePatternSql("AB", "root.a.**,root.b'); DROP", "pw"), /not a path the project writes/);
        });

        it("new passwords on an update (the sink's, or root's): ALTER PIPE puts both in place; the same ones: nothing", () => {
            box.write("state", "RUNNING\n");
            const lines = (admin: string, sync: string) => stdinLines([admin, createPipeSql(spec, sync), "", alterPipePasswordsSql(spec, sync, admin)]);
            const alters = (previous: string, now: string) => {
                const r = box.run(ensurePipeScript(box.target, "AB", 10), updateStdin({ stdin: previous }, { stdin: now, previousStdinOnUpdate: true })!);
                assert.strictEqual(r.status, 0, r.stderr);
                return { statements: r.statements.filter((s) => s !== "SHOW PIPES"), journal: r.journal };
            };
            let r = alters(lines("pw", "Old-sync"), lines("pw", "Sync-pw"));
            assert.deepStrictEqual(r.statements, [alterPipePasswordsSql(spec, "Sync-pw", "pw")]);
            assert.match(r.journal, / pipe AB passwords replaced\n$/);
            r = alters(lines("Old-pw", "Sync-pw"), lines("pw", "Sync-pw"));
            assert.deepStrictEqual(r.statements, [alterPipePasswordsSql(spec, "Sync-pw", "pw")]);
            assert.deepStrictEqual(alters(lines("pw", "Sync-pw"), lines("pw", "Sync-pw")).statements, []);
            assert.match(alterPipePasswordsSql(spec, "Sync-pw", "pw"), /^ALTER PIPE AB MODIFY SOURCE \('source\.password'='pw'\) REPLACE SINK \(.*'sink\.password'='Sync-pw'/);
        });

        it("fails with the states when the pipe does not run within the timeout", () => {
            box.write("state", "STOPPED\n");
            box.write("started", "STOPPED\n");
            const r = box.run(ensurePipeScript(box.target, "AB", 1), stdin);
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /pipe AB is not RUNNING after 1s; states: STOPPED/);
            assert.strictEqual(box.run(checkPipeScript(box.target, "AB"), "pw\n").stdout, "not running: STOPPED\n");
        });

        it("checkPipeScript: missing when SHOW PIPES does not list it", () => {
            assert.strictEqual(box.run(checkPipeScript(box.target, "AB"), "pw\n").stdout, "missing\n");
        });
    });

    describe("removeDataNodeScript", () => {
        let box: ReturnType<typeof sandbox>;
        beforeEach(() => {
            box = sandbox("sql-datanode-");
            // SHOW CLUSTER lists iotdb-5 as DataNode 3 until REMOVE DATANODE 3, unless $h/stuck exists.
            box.write("listed", "");
            fakeSqlRunner(box.home, `  case $s in
    "SHOW CLUSTER")
      if [[ -f $h/down ]]; then echo "iotdb-sql: 1107: timed out waiting for the ConfigNode" >&2; exit 1; fi
      printf 'NodeID\\tNodeType\\tStatus\\tInternalAddress\\tInternalPort\\n1\\tDataNode\\tRunning\\tiotdb-4\\t10730\\n'
      if [[ -f $h/listed ]]; then printf '3\\tDataNode\\tRunning\\tiotdb-5\\t10730\\n'; fi ;;
    "REMOVE DATANODE 3")
      if [[ -f $h/refuse ]]; then echo "iotdb-sql: 1600: the DataNodes left cannot keep the data replication factor" >&2; exit 1; fi
      [[ -f $h/stuck ]] || rm -f "$h/listed" ;;
  esac`);
        });
        afterEach(() => box.cleanup());

        it("removes the DataNode by the id show cluster gives it, waits until it is gone; idempotent", () => {
            let r = box.run(removeDataNodeScript(box.target, "iotdb-5", 60), "pw\n");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "DataNode iotdb-5 (id 3) removed\n");
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "REMOVE DATANODE 3", "SHOW CLUSTER"]);
            assert.match(r.journal, / datanode iotdb-5 removed\n$/);
            r = box.run(removeDataNodeScript(box.target, "iotdb-5", 60), "pw\n");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.stdout, "DataNode iotdb-5 is not in the cluster\n");
        });

        it("fails when the DataNode is still listed after the timeout", () => {
            box.write("stuck", "");
            const r = box.run(removeDataNodeScript(box.target, "iotdb-5", 0), "pw\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /DataNode iotdb-5 not removed: still in the cluster after 0s \(id 3; its regions may still be moving\)\. It stays in the cluster and keeps running/);
            assert.doesNotMatch(r.journal, /removed/);
        });

        it("fails naming the node and the cause when IoTDB refuses REMOVE DATANODE", () => {
            box.write("refuse", "");
            const r = box.run(removeDataNodeScript(box.target, "iotdb-5", 60), "pw\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /DataNode iotdb-5 not removed: REMOVE DATANODE 3 failed: iotdb-sql: 1600: the DataNodes left cannot keep the data replication factor.*keeps running/);
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER", "REMOVE DATANODE 3"]);
            assert.strictEqual(r.journal, "");
        });

        it("fails naming the node when show cluster does not answer (the ConfigNode down), before any REMOVE", () => {
            box.write("down", "");
            const r = box.run(removeDataNodeScript(box.target, "iotdb-5", 60), "pw\n");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /DataNode iotdb-5 not removed: show cluster did not answer through h:1\. It stays in the cluster/);
            assert.deepStrictEqual(r.statements, ["SHOW CLUSTER"]);
        });
    });
});
