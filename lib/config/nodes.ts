// Questions about a validated side (its ConfigNodes and DataNodes, the properties its replication and
// consensus settings render: lib/plan/sides.ts, re-exported) and the name rules of a machine.
import { isAddress, isHostname, isPipeName, isPort } from "../rules";

export { configNodes, dataNodes, decommissionedNodes, sideProperties } from "../plan/sides";

/** iotdb-system.properties keys rendered from each side's config, and the field that sets them. */
export const PER_SIDE_PROPERTIES: Readonly<Record<string, string>> = {
    schema_replication_factor: "replication.schema", data_replication_factor: "replication.data",
    schema_region_consensus_protocol_class: "consensus.schemaRegion", data_region_consensus_protocol_class: "consensus.dataRegion",
};

/** A machine's own name: DNS labels, not an IPv4 address (lib/rules.ts). */
export const isValidHostname: (s: unknown) => s is string = isHostname;
/** An IPv4 address, or a DNS name (for machines reached by name). */
export const isValidAddress: (s: unknown) => s is string = isAddress;
/** A TCP port, 1 to 65535. */
export const isValidPort: (n: unknown) => n is number = isPort;
/** IoTDB pipe IDs: a letter, then letters, digits and `_`; `__` prefixes are IoTDB's own. */
export const isValidPipeName: (s: unknown) => s is string = isPipeName;
