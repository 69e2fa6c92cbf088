// monitoring: the config block, the reporter's properties in every node's merge, the scrape targets,
// and the Prometheus alert rules under promtool's rule tests (skipped, saying so, without promtool).
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseMonitoring, MONITORING_FIELDS, MONITORING_PORT_FIELDS } from "../../lib/config/sections/monitoring";
import { parsePairConfig } from "../../lib/config/pairConfig";
import { DEFAULTS } from "../../lib/config/defaults";
import { documentedPaths } from "../../lib/config/schema";
import { monitoringProperties, scrapeTargets } from "../../lib/plan/monitoring";
import { finalNodeProperties } from "../../lib/plan/tuning";
import { planPair } from "../../lib/plan/pairPlan";
import { pairConfig } from "../fixtures/pairConfig";
import { minimalConfig } from "./configFixtures";

const ns = "iotdb-dual-active";
const on = { prometheus: true, level: "IMPORTANT", ports: { confignode: 9091, datanode: 9092 } };
const repo = path.join(__dirname, "../..");

describe("monitoring", () => {
    describe("config", () => {
        it("is off by default, with IoTDB's level and ports", () => {
            assert.deepStrictEqual(parseMonitoring({}, ns, DEFAULTS.ports), { value: { prometheus: false, level: "IMPORTANT", ports: { confignode: 9091, datanode: 9092 } }, problems: [] });
            assert.deepStrictEqual(parsePairConfig(minimalConfig(), { namespace: ns, isSecret: () => true }).monitoring, DEFAULTS.monitoring);
        });

        it("takes its fields, filling in the rest", () => {
            assert.deepStrictEqual(parseMonitoring({ monitoring: { prometheus: true, level: "ALL", ports: { datanode: 9192 } } }, ns, DEFAULTS.ports).value,
                { prometheus: true, level: "ALL", ports: { confignode: 9091, datanode: 9192 } });
        });

        it("documents exactly the fields it takes", () => {
            const documented = documentedPaths().filter((p) => p.startsWith("monitoring.")).map((p) => p.slice("monitoring.".length)).sort();
            assert.deepStrictEqual(documented, [...MONITORING_FIELDS.filter((f) => f !== "ports"), ...MONITORING_PORT_FIELDS.map((f) => `ports.${f}`)].sort());
        });

        it("names the field and the fix for each bad value", () => {
            const problems = (monitoring: unknown) => parseMonitoring({ monitoring }, ns, DEFAULTS.ports).problems;
            assert.deepStrictEqual(problems({ prometheus: "yes" }), [`${ns}:monitoring.prometheus: "yes" must be true or false`]);
            assert.deepStrictEqual(problems({ level: "OFF" }), [`${ns}:monitoring.level: "OFF" is not a metric level; use one of CORE, IMPORTANT, NORMAL, ALL`]);
            assert.deepStrictEqual(problems({ port: 1 }), [`${ns}:monitoring.port: is not a field of monitoring; its fields are prometheus, level and ports`]);
            assert.deepStrictEqual(problems({ ports: { cn: 1 } }), [`${ns}:monitoring.ports.cn: is not a field of monitoring.ports; its fields are confignode and datanode`]);
            assert.deepStrictEqual(problems({ ports: { datanode: 70000 } }), [`${ns}:monitoring.ports.datanode: 70000 is not a port number (1-65535)`]);
            assert.deepStrictEqual(problems({ ports: { confignode: 6667 } }), [`${ns}:monitoring.ports.confignode: 6667 is also ports.dnRpc; give the reporter a port of its own`]);
            assert.deepStrictEqual(problems({ ports: { confignode: 9092 } }), [`${ns}:monitoring.ports: confignode and datanode are both 9092; a machine running both roles needs two ports`]);
            assert.deepStrictEqual(problems([true]), [`${ns}:monitoring: must be an object such as { prometheus: true }`]);
        });

        it("is checked against the stack's own IoTDB ports, before anything runs", () => {
            assert.throws(() => parsePairConfig({ ...minimalConfig(), ports: { dnRpc: 9092 }, monitoring: { prometheus: true } }, { namespace: ns, isSecret: () => true }),
                /monitoring\.ports\.datanode: 9092 is also ports\.dnRpc/);
        });
    });

    describe("plan", () => {
        it("adds no property when off: IoTDB's default (no reporter) stays", () => {
            assert.deepStrictEqual(monitoringProperties(DEFAULTS.monitoring), {});
            const props = finalNodeProperties(pairConfig(), pairConfig().sideA);
            assert.deepStrictEqual(Object.keys(props).filter((k) => k.includes("metric")), []);
        });

        it("turns the Prometheus reporter on for both roles, at the level and ports given", () => {
            const c = pairConfig({ monitoring: { prometheus: true, level: "NORMAL", ports: { confignode: 9191, datanode: 9192 } } });
            for (const side of [c.sideA, c.sideB]) {
                const props = finalNodeProperties(c, side);
                assert.deepStrictEqual(Object.fromEntries(Object.entries(props).filter(([k]) => k.includes("metric"))), {
                    cn_metric_reporter_list: "PROMETHEUS", cn_metric_level: "NORMAL", cn_metric_prometheus_reporter_port: "9191",
                    dn_metric_reporter_list: "PROMETHEUS", dn_metric_level: "NORMAL", dn_metric_prometheus_reporter_port: "9192",
                });
            }
            assert.strictEqual(planPair(c).sides.b.properties.dn_metric_reporter_list, "PROMETHEUS");
        });

        it("lets the stack's systemProperties win over the block (the merge order of tuning.ts)", () => {
            const c = pairConfig({ monitoring: on, systemProperties: { dn_metric_level: "ALL" } });
            assert.strictEqual(finalNodeProperties(c, c.sideB).dn_metric_level, "ALL");
            assert.strictEqual(finalNodeProperties(c, c.sideB).cn_metric_level, "IMPORTANT");
        });

        it("scrape targets: every role of every machine that stays, by address, side A first; none when off", () => {
            assert.deepStrictEqual(scrapeTargets(pairConfig()), []);
            const t = scrapeTargets(pairConfig({ monitoring: on }));
            assert.deepStrictEqual(t.map((x) => `${x.labels.side} ${x.labels.hostname} ${x.labels.role} ${x.targets[0]}`), [
                "a iotdb-1 confignode 10.213.7.11:9091", "a iotdb-1 datanode 10.213.7.11:9092", "a iotdb-3 datanode 10.213.7.13:9092",
                "a iotdb-5 confignode 10.213.7.15:9091", "a iotdb-7 datanode 10.213.7.17:9092",
                "b iotdb-2 confignode 10.213.7.12:9091", "b iotdb-2 datanode 10.213.7.12:9092",
            ]);
            assert.deepStrictEqual(t[0].labels, { side: "a", hostname: "iotdb-1", role: "confignode" });
        });
    });

    describe("alert rules", () => {
        const rules = path.join(repo, "monitoring/iotdb-dual-active.rules.yml");
        const tests = path.join(repo, "monitoring/iotdb-dual-active.rules.test.yml");
        const promtool = spawnSync("promtool", ["--version"]).status === 0;

        it("promtool check rules accepts the rules file", function () {
            if (!promtool) { console.log("    promtool not installed (bash scripts/prometheus.sh install): rules not checked"); this.skip(); }
            execFileSync("promtool", ["check", "rules", rules], { stdio: "pipe" });
        });

        it("promtool test rules: each alert fires on its test series (and not on the healthy ones)", function () {
            if (!promtool) { console.log("    promtool not installed (bash scripts/prometheus.sh install): rule tests not run"); this.skip(); }
            const r = spawnSync("promtool", ["test", "rules", path.basename(tests)], { cwd: path.dirname(tests), encoding: "utf8" });
            assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
            assert.match(r.stdout, /SUCCESS/);
        });

        it("every alert of the rules file has a rule test that fires it", () => {
            const alerts = [...fs.readFileSync(rules, "utf8").matchAll(/^\s*- alert: (\w+)/gm)].map((m) => m[1]);
            const fired = new Set([...fs.readFileSync(tests, "utf8").matchAll(/^\s*- alertname: (\w+)\n\s*eval_time: \S+\n\s*exp_alerts:\n\s*- /gm)].map((m) => m[1]));
            assert.ok(alerts.length >= 5, `alerts: ${alerts.join(", ")}`);
            assert.deepStrictEqual(alerts.filter((a) => !fired.has(a)), []);
        });

        it("a broken rule makes promtool's rule tests fail (the test can fail)", function () {
            // promtool not installed (bash scripts/prometheus.sh install; npm test does): nothing to break.
            if (!promtool) this.skip();
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
            try {
                // The pipe-not-running alert made to look at a status no pipe has: its test must fail.
                fs.writeFileSync(path.join(dir, "iotdb-dual-active.rules.yml"), fs.readFileSync(rules, "utf8").replace(/exceptionStopped/g, "neverSeen").replace(/userStopped/g, "neverSeen"));
                fs.copyFileSync(tests, path.join(dir, "iotdb-dual-active.rules.test.yml"));
                const r = spawnSync("promtool", ["test", "rules", "iotdb-dual-active.rules.test.yml"], { cwd: dir, encoding: "utf8" });
                assert.notStrictEqual(r.status, 0, r.stdout);
            } finally { fs.rmSync(dir, { recursive: true, force: true }); }
        });
    });
});
