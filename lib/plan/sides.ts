// Which machine of a side does what: its ConfigNodes, its DataNodes, the ones being taken out, and the
// iotdb-system.properties entries its replication and consensus settings give. Pure; reads only the
// config model (lib/model/config.ts), never the parser.
import type { NodeConfig, SideConfig } from "../model/config";

/** Consensus protocols IoTDB 2.0 offers, by the short name the config uses, and their classes. */
export const CONSENSUS_CLASSES: Readonly<Record<string, string>> = Object.freeze({
    IoTConsensus: "org.apache.iotdb.consensus.iot.IoTConsensus",
    IoTConsensusV2: "org.apache.iotdb.consensus.pipe.IoTConsensusV2",
    RatisConsensus: "org.apache.iotdb.consensus.ratis.RatisConsensus",
    SimpleConsensus: "org.apache.iotdb.consensus.simple.SimpleConsensus",
});

/** The side's ConfigNodes, seed first. */
export const configNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("confignode"));
/** The side's DataNodes that stay in it, in config order. */
export const dataNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.roles.includes("datanode") && !n.decommission);
/** The DataNodes being taken out of the side. */
export const decommissionedNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => n.decommission);
/** The machines that stay in the side (everything but the DataNodes being taken out), in config order. */
export const keptNodes = (s: SideConfig): NodeConfig[] => s.nodes.filter((n) => !n.decommission);

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
