// monitoring: IoTDB's Prometheus reporter on every node, its level and ports (lib/plan/monitoring.ts).
import type { MonitoringConfig, Ports } from "../../model/config";
import { METRIC_LEVELS } from "../../plan/monitoring";
import { isPort } from "../../rules";
import { DEFAULTS } from "../defaults";
import { Parsed, Problems, Raw } from "../problems";

/** The fields of `monitoring` and of `monitoring.ports` (schema.ts has a row for each; test/unit/monitoring.test.ts checks). */
export const MONITORING_FIELDS = ["prometheus", "level", "ports"];
export const MONITORING_PORT_FIELDS = ["confignode", "datanode"] as const;

const list = (xs: readonly string[]) => `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;

/** The monitoring key; its ports must differ from each other and from every IoTDB port of `ports`. */
export function parseMonitoring(raw: Raw, namespace: string, iotdbPorts: Ports): Parsed<MonitoringConfig> {
    const out = new Problems(namespace);
    const given = raw.monitoring ?? {};
    if (typeof given !== "object" || Array.isArray(given)) {
        out.add("monitoring", "must be an object such as { prometheus: true }");
        return { value: { ...DEFAULTS.monitoring }, problems: out.list };
    }
    for (const k of Object.keys(given)) {
        if (!MONITORING_FIELDS.includes(k)) out.add(`monitoring.${k}`, `is not a field of monitoring; its fields are ${list(MONITORING_FIELDS)}`);
    }
    const givenPorts = given.ports ?? {};
    for (const k of Object.keys(givenPorts)) {
        if (!(MONITORING_PORT_FIELDS as readonly string[]).includes(k)) out.add(`monitoring.ports.${k}`, `is not a field of monitoring.ports; its fields are ${list(MONITORING_PORT_FIELDS)}`);
    }
    const value: MonitoringConfig = {
        prometheus: given.prometheus ?? DEFAULTS.monitoring.prometheus,
        level: given.level ?? DEFAULTS.monitoring.level,
        ports: { confignode: givenPorts.confignode ?? DEFAULTS.monitoring.ports.confignode, datanode: givenPorts.datanode ?? DEFAULTS.monitoring.ports.datanode },
    };
    if (typeof value.prometheus !== "boolean") out.add("monitoring.prometheus", `${JSON.stringify(value.prometheus)} must be true or false`);
    if (!(METRIC_LEVELS as readonly string[]).includes(value.level)) {
        out.add("monitoring.level", `${JSON.stringify(value.level)} is not a metric level; use one of ${METRIC_LEVELS.join(", ")}`);
    }
    for (const k of MONITORING_PORT_FIELDS) {
        const p = value.ports[k];
        if (!isPort(p)) { out.add(`monitoring.ports.${k}`, `${JSON.stringify(p)} is not a port number (1-65535)`); continue; }
        const clash = Object.entries(iotdbPorts).find(([, v]) => v === p);
        if (clash) out.add(`monitoring.ports.${k}`, `${p} is also ports.${clash[0]}; give the reporter a port of its own`);
    }
    if (value.ports.confignode === value.ports.datanode) {
        out.add("monitoring.ports", `confignode and datanode are both ${value.ports.confignode}; a machine running both roles needs two ports`);
    }
    return { value, problems: out.list };
}
