// Monitoring: IoTDB's Prometheus reporter on every ConfigNode and DataNode, and where Prometheus
// scrapes it. Pure. Property names and defaults from IoTDB 2.0.10's iotdb-system.properties.template
// (lib/node-commons-2.0.10.jar): `cn_`/`dn_metric_reporter_list` (empty: no reporter),
// `cn_`/`dn_metric_level` (IMPORTANT), `cn_`/`dn_metric_prometheus_reporter_port` (9091, 9092).
import type { MonitoringConfig, PairConfig, SideConfig } from "../model/config";
import { keptNodes } from "./sides";

/** IoTDB's metric levels a reporter is useful at (`OFF` would turn the metrics off): each includes the ones before. */
export const METRIC_LEVELS = ["CORE", "IMPORTANT", "NORMAL", "ALL"] as const;

/** IoTDB's default reporter ports (the template's `cn_`/`dn_metric_prometheus_reporter_port`). */
export const DEFAULT_METRIC_PORTS = Object.freeze({ confignode: 9091, datanode: 9092 });

/** `monitoring` when the stack does not set it: no reporter, as IoTDB ships. */
export const DEFAULT_MONITORING: Readonly<MonitoringConfig> = Object.freeze({ prometheus: false, level: "IMPORTANT", ports: DEFAULT_METRIC_PORTS });

/**
 * The properties that turn the Prometheus reporter on, for every node (both roles' keys: a machine
 * reads only its roles'); nothing when off, so IoTDB's own default (no reporter) applies.
 */
export function monitoringProperties(m: MonitoringConfig): Record<string, string> {
    if (!m.prometheus) return {};
    return {
        cn_metric_reporter_list: "PROMETHEUS", cn_metric_level: m.level, cn_metric_prometheus_reporter_port: String(m.ports.confignode),
        dn_metric_reporter_list: "PROMETHEUS", dn_metric_level: m.level, dn_metric_prometheus_reporter_port: String(m.ports.datanode),
    };
}

/**
 * One group of Prometheus's file-based discovery (`file_sd_configs`): a node's reporter and what it is.
 * IoTDB labels every sample with `cluster` (the side's clusterName), `nodeType` and `nodeId` itself.
 */
export interface ScrapeTarget {
    /** `address:port` of the reporter: the node's `address` (where Pulumi reaches it too). */
    targets: string[];
    labels: ScrapeLabels;
}

/** The labels of a scrape target (named, and plain strings, for the component package's schema). */
export interface ScrapeLabels {
    /** `a` or `b`. */
    side: string;
    hostname: string;
    /** `confignode` or `datanode`. */
    role: string;
}

/**
 * The reporter of every role of every machine that stays in the pair, side A first, in Prometheus's
 * file_sd format (the stack output `scrapeTargets`); empty when `monitoring.prometheus` is off.
 */
export function scrapeTargets(c: Pick<PairConfig, "sideA" | "sideB" | "monitoring">): ScrapeTarget[] {
    if (!c.monitoring.prometheus) return [];
    const side = (key: "a" | "b", s: SideConfig): ScrapeTarget[] => keptNodes(s).flatMap((n) => n.roles.map((role): ScrapeTarget => ({
        targets: [`${n.address}:${c.monitoring.ports[role]}`], labels: { side: key, hostname: n.hostname, role },
    })));
    return [...side("a", c.sideA), ...side("b", c.sideB)];
}
