// Questions about a validated side: its ConfigNodes and DataNodes, the properties its replication
// and consensus settings render, and the name rules of a machine.
import type { NodeConfig, SideConfig } from "../model/config";
import { CONSENSUS_CLASSES } from "./defaults";
import { isAddress, isHostname, isPipeName, isPort } from "../rules";

/** The side's ConfigNodes, seed first. */
export const configNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("confignode"));
/** The side's DataNodes that stay in it, in config order. */
export const dataNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("datanode") && !n.decommission);
/** The DataNodes being taken out of the side. */
export const decommissionedNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.decommission);

/** iotdb-system.properties keys rendered from each side's config, and the field that sets them. */
export const PER_SIDE_PROPERTIES: Readonly<Record<string, string>> = {
    schema_replication_factor: "replication.schema", data_replication_factor: "replication.data",
    schema_region_consensus_protocol_class: "consensus.schemaRegion", data_region_consensus_protocol_class: "consensus.dataRegion",
};

/** The iotdb-system.properties entries of a side's replication and consensus settings. */
export function sideProperties(s: SideConfig): Record<string, string> {
    // A factor of 1 is IoTDB's default: left out, so a standalone side's file stays as it was.
    const out: Record<string, string> = {};
    if (s.replication.schema !== 1) out.schema_replication_factor = String(s.replication.schema);
    if (s.replication.data !== 1) out.data_replication_factor = String(s.replication.data);
    if (s.consensus.schemaRegion) out.schema_region_consensus_protocol_class = CONSENSUS_CLASSES[s.consensus.schemaRegion];
    if (s.consensus.dataRegion) out.data_region_consensus_protocol_class = CONSENSUS_CLASSES[s.consensus.dataRegion];
    return out;
}

/** A machine's own name: DNS labels, not an IPv4 address (lib/rules.ts). */
export const isValidHostname: (s: unknown) => s is string = isHostname;
/** An IPv4 address, or a DNS name (for machines reached by name). */
export const isValidAddress: (s: unknown) => s is string = isAddress;
/** A TCP port, 1 to 65535. */
export const isValidPort: (n: unknown) => n is number = isPort;
/** IoTDB pipe IDs: a letter, then letters, digits and `_`; `__` prefixes are IoTDB's own. */
export const isValidPipeName: (s: unknown) => s is string = isPipeName;
