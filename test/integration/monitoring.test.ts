// Monitoring against a real pair (issue 13, item 3): `monitoring: { prometheus: true }` turns IoTDB's
// Prometheus reporter on at every node; the stack output scrapeTargets names them; each serves the
// metrics the alert rules use; a real Prometheus (Debian's, through scripts/prometheus.sh) scrapes every
// node and, pipe AB stopped by hand, fires IotdbPipeNotRunning for side A.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { Stack } from "@pulumi/pulumi/automation";
import { newRun, stackConfig, quiet, waitFor, pairHooks } from "./pairFixture";
import { REPO_ROOT, Workspace } from "./pulumiHarness";
import { runSql, RootPassword } from "./iotdbClient";

const run = newRun("mon");
const { home } = run;
const RULES = path.join(REPO_ROOT, "monitoring/iotdb-dual-active.rules.yml");
/** Where this suite's Prometheus listens (127.0.0.1 only). */
const PROM_PORT = 39090;

interface Target { targets: string[]; labels: Record<string, string> }
interface PromTarget { health: string; scrapeUrl: string; lastError: string; labels: Record<string, string> }
interface PromAlert { state: string; labels: Record<string, string> }

/** GET on this machine's Prometheus API, its `data`. */
async function api<T>(p: string): Promise<T> {
    const r = await fetch(`http://127.0.0.1:${PROM_PORT}${p}`);
    const body = await r.json() as { status: string; data: T };
    if (body.status !== "success") throw new Error(`${p}: ${JSON.stringify(body)}`);
    return body.data;
}

/** A reporter's metrics as served to Prometheus (from this machine, as Prometheus scrapes them). */
async function scrape(target: string): Promise<string> {
    const r = await fetch(`http://${target}/metrics`, { signal: AbortSignal.timeout(10_000) });
    assert.strictEqual(r.status, 200, `${target}/metrics: HTTP ${r.status}`);
    return r.text();
}

/** Polls the async `probe` every 2 s until it returns a value, for at most `seconds`; then fails with `why()`. */
async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>, why: () => string): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const v = await probe().catch(() => undefined);
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s; ${why()}`);
        await new Promise((r) => setTimeout(r, 2000));
    }
}

const names = (text: string): Set<string> => new Set(text.split("\n").filter((l) => /^[a-zA-Z_]/.test(l)).map((l) => l.split(/[{ ]/)[0]));

/** The metric names an expression of the rules file reads (Prometheus's own up and scrape_samples_scraped aside). */
function ruleMetrics(rules: string): string[] {
    const exprs = [...rules.matchAll(/expr: (\|\n(?:\s{10}.*\n)+|.*\n)/g)].map((m) => m[1]).join("\n");
    const found = [...exprs.matchAll(/([a-z_]+)\{job="iotdb"/g)].map((m) => m[1]);
    return [...new Set(found)].filter((n) => n !== "up" && n !== "scrape_samples_scraped").sort();
}

describe("monitoring: IoTDB's Prometheus reporter, the scrape targets and the alert rules (real pair, two hosts)", function () {
    this.timeout(30 * 60 * 1000);
    let ws: Workspace;
    let stack: Stack;
    let password: RootPassword = "";
    let targets: Target[] = [];
    let prometheus: ChildProcess | undefined;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "it-prometheus-"));

    pairHooks("monitoring", run, "mon", stackConfig(run, { monitoring: { prometheus: true } }), (w, s) => { ws = w; stack = s; });
    after(() => {
        if (prometheus?.pid) process.kill(prometheus.pid, "SIGTERM");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("up: the output scrapeTargets names each node's reporter, and each serves the metrics the rules read", async () => {
        const up = await stack.up(quiet);
        assert.strictEqual(up.summary.result, "succeeded");
        const a = String(up.outputs.adminPassword.value);
        password = { 1: a, 2: String(up.outputs.adminPasswordB?.value ?? a) };
        targets = up.outputs.scrapeTargets.value as Target[];
        assert.deepStrictEqual(targets.map((t) => `${t.labels.side} ${t.labels.hostname} ${t.labels.role} ${t.targets.join(",")}`), [
            "a iotdb-1 confignode 10.213.7.11:9091", "a iotdb-1 datanode 10.213.7.11:9092",
            "b iotdb-2 confignode 10.213.7.12:9091", "b iotdb-2 datanode 10.213.7.12:9092",
        ]);
        // Rows both ways, so the senders' and receivers' metrics exist; no FLUSH: the pair's own flusher carries them, as it does for users.
        const now = Date.now();
        runSql(1, home, password, [`insert into root.dual.mon(timestamp, s) values (${now}, 1)`]);
        runSql(2, home, password, [`insert into root.dual_b.mon(timestamp, s) values (${now}, 2)`]);
        await waitFor("rows crossed both ways", 120, () => {
            const [ab] = runSql(2, home, password, ["select count(s) from root.dual.mon"]);
            const [ba] = runSql(1, home, password, ["select count(s) from root.dual_b.mon"]);
            return ab?.rows[0]?.[0] === "1" && ba?.rows[0]?.[0] === "1" ? true : undefined;
        }, 3000);

        const served = new Map<string, Set<string>>();
        for (const t of targets) {
            const text = await scrape(t.targets[0]);
            served.set(`${t.labels.hostname} ${t.labels.role}`, names(text));
            fs.writeFileSync(path.join(dir, `${t.labels.hostname}-${t.labels.role}.metrics`), text);
            console.log(`      ${t.targets[0]} (${t.labels.role}): ${names(text).size} metric names, ${text.split("\n").filter((l) => /^[a-z]/.test(l)).length} samples`);
            for (const l of text.split("\n").filter((x) => /^(pipe_task_status|pipe_datanode_remaining|pipe_datanode_receiver_seconds_count|performance_overview_seconds_count)/.test(x))) console.log(`        ${l}`);
        }
        // Each metric an alert reads is served by the pair's nodes of the role it belongs to.
        const byRole = (role: string) => new Set([...served].filter(([k]) => k.endsWith(role)).flatMap(([, v]) => [...v]));
        const missing = ruleMetrics(fs.readFileSync(RULES, "utf8")).filter((m) => !byRole("confignode").has(m) && !byRole("datanode").has(m));
        assert.deepStrictEqual(missing, [], "metrics the rules read that no node serves");
        assert.ok(byRole("confignode").has("pipe_task_status"), "the ConfigNodes serve pipe_task_status");
        assert.ok(byRole("datanode").has("pipe_datanode_remaining_event_count"), "the DataNodes serve pipe_datanode_remaining_event_count");
    });

    it("a real Prometheus (scripts/prometheus.sh's config) scrapes every node of the pair: all targets up", async () => {
        // The rules with short `for:` so an alert fires within the test.
        const rules = path.join(dir, "rules.test-copy.yml");
        fs.writeFileSync(rules, fs.readFileSync(RULES, "utf8").replace(/for: \d+m/g, "for: 10s"));
        const conf = spawnSync("bash", [path.join(REPO_ROOT, "scripts/prometheus.sh"), "config", "mon", path.join(dir, "prom")], {
            cwd: REPO_ROOT, env: { ...process.env, ...ws.envVars, PULUMI_CWD: ws.dir, RULES_FILE: rules }, encoding: "utf8", timeout: 120_000,
        });
        assert.strictEqual(conf.status, 0, `${conf.stdout}\n${conf.stderr}`);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, "prom/targets.json"), "utf8")), targets);
        prometheus = spawn("prometheus", [`--config.file=${path.join(dir, "prom/prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "prom/data")}`,
            `--web.listen-address=127.0.0.1:${PROM_PORT}`, "--log.level=warn"], { stdio: ["ignore", "ignore", fs.openSync(path.join(dir, "prometheus.log"), "a")] });
        let last: PromTarget[] = [];
        await until("every target up in /api/v1/targets", 120, async () => {
            last = (await api<{ activeTargets: PromTarget[] }>("/api/v1/targets")).activeTargets;
            return last.length === 4 && last.every((t) => t.health === "up") ? true : undefined;
        }, () => JSON.stringify(last)).catch(() => undefined); // the assertion below says what is wrong
        console.log(`      targets: ${last.map((t) => `${t.labels.instance} ${t.health}`).join(", ")}`);
        assert.deepStrictEqual(last.map((t) => `${t.labels.instance} ${t.labels.side} ${t.labels.role} ${t.health}`).sort(), [
            "10.213.7.11:9091 a confignode up", "10.213.7.11:9092 a datanode up", "10.213.7.12:9091 b confignode up", "10.213.7.12:9092 b datanode up",
        ], JSON.stringify(last.map((t) => t.lastError)));
        // Healthy pair: no alert of the rules file firing.
        await new Promise((r) => setTimeout(r, 20_000));
        const firing = (await api<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts.filter((x) => x.state === "firing");
        assert.deepStrictEqual(firing.map((x) => x.labels.alertname), [], JSON.stringify(firing));
    });

    it("pipe AB stopped by hand: IotdbPipeNotRunning fires for side A in /api/v1/alerts, and clears once AB runs again", async () => {
        const started = Date.now();
        runSql(1, home, password, ["stop pipe AB"]);
        try {
            let alerts: PromAlert[] = [];
            const alert = await until("IotdbPipeNotRunning firing for side a", 180, async () => {
                alerts = (await api<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts;
                const a = alerts.find((x) => x.labels.alertname === "IotdbPipeNotRunning" && x.state === "firing" && x.labels.side === "a");
                return a ? { a, alerts } : undefined;
            }, () => JSON.stringify(alerts));
            console.log(`      firing after ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(alert.a.labels)}`);
            assert.ok(!alert.alerts.some((x) => x.state === "firing" && x.labels.side === "b"), `an alert for side b: ${JSON.stringify(alert.alerts)}`);
        } finally {
            runSql(1, home, password, ["start pipe AB"]);
        }
        let after: PromAlert[] = [];
        await until("IotdbPipeNotRunning cleared after start pipe AB", 120, async () => {
            after = (await api<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts;
            return after.some((x) => x.labels.alertname === "IotdbPipeNotRunning") ? undefined : true;
        }, () => JSON.stringify(after));
    });
});
