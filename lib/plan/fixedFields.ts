// Which config field sets each iotdb-system.properties key IoTDB fixes at first start: how a refused
// change names it (providers/fixedAtFirstStart.ts). Pure.
import { FIXED_AT_FIRST_START_KEYS } from "../render/properties";

/** How a refused change names the fixed values: property key -> config field, and the field of `rebuild`. */
export interface FixedFieldNames {
    fields: Record<string, string>;
    rebuild: string;
}

/** Property key -> config field, for node `index` of side `side` (`sideA`, `sideB`); other keys are `systemProperties.<key>`. */
export function fixedFieldNames(side: "sideA" | "sideB", index: number): FixedFieldNames {
    const node = `${side}.nodes[${index}]`;
    const named: Record<string, string> = {
        cluster_name: `${side}.clusterName`,
        cn_seed_config_node: `${side}.nodes (its first ConfigNode is the seed) or ports.cnInternal`,
        dn_seed_config_node: `${side}.nodes (its first ConfigNode is the seed) or ports.cnInternal`,
        cn_internal_address: `${node}.hostname`,
        dn_internal_address: `${node}.hostname`,
        cn_internal_port: "ports.cnInternal",
        cn_consensus_port: "ports.cnConsensus",
        dn_internal_port: "ports.dnInternal",
        dn_mpp_data_exchange_port: "ports.dnMpp",
        dn_schema_region_consensus_port: "ports.dnSchemaConsensus",
        dn_data_region_consensus_port: "ports.dnDataConsensus",
        schema_replication_factor: `${side}.replication.schema`,
        data_replication_factor: `${side}.replication.data`,
        schema_region_consensus_protocol_class: `${side}.consensus.schemaRegion`,
        data_region_consensus_protocol_class: `${side}.consensus.dataRegion`,
        pipe_lib_dir: "dataDir",
    };
    const fields: Record<string, string> = {};
    for (const k of ["cluster_name", ...FIXED_AT_FIRST_START_KEYS]) fields[k] = named[k] ?? `systemProperties.${k}`;
    return { fields, rebuild: `${node}.rebuild` };
}
