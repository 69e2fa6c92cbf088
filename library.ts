// The package's entry for other Pulumi TypeScript programs: the components, their Args types and the
// config parser (package.json "exports"; `npm run build:lib` compiles it into dist/). index.ts stays
// this project's own Pulumi program and is not part of the package's API.
export { DualActivePair } from "./components/dualActivePair";
export type {
    DualActivePairArgs, PairSideArgs, PairNodeArgs, SideReplicationArgs, SideConsensusArgs, PairSshArgs, PairMemoryArgs, PairPortsArgs,
    PairPipesArgs, PairPipeArgs, PairDistributionArgs, PairReplicationArgs, PairMonitoringArgs, PairMonitoringPortsArgs, PairEndpoints, PipeName, PairPipeNames,
} from "./components/dualActivePair";
export { IotdbNode } from "./components/iotdbNode";
export type { ScrapeTarget } from "./lib/plan/monitoring";
export type { IotdbNodeArgs, IotdbNodeOptions, StartAfter, ResourceList, Endpoint } from "./components/iotdbNode";
export { HostsEntry } from "./components/hostsEntry";
export type { HostsEntryArgs } from "./components/hostsEntry";
export { SideCredentials } from "./components/sideCredentials";
export type { SideCredentialsArgs } from "./components/sideCredentials";
export { Pipe } from "./components/pipe";
export type { PipeArgs } from "./components/pipe";

export { parsePairConfig, ConfigError, CONFIG_KEYS, SUPPORTED_IOTDB_VERSIONS } from "./lib/config/pairConfig";
export type { PairConfig, SideConfig, NodeConfig, SshConfig, PipeConfig, Ports, DistributionSource, ConfigContext } from "./lib/config/pairConfig";
export { CONFIG_REFERENCE } from "./lib/config/reference";
export type { ConfigEntry } from "./lib/config/reference";
export { locateDistribution, distributionPath } from "./lib/config/distribution";
// The plan a DualActivePair is built from: what runs where, with which settings, in which order.
export { planPair } from "./lib/plan/pairPlan";
export type { PairPlan, SidePlan, NodePlan, PipePlan, ServiceRef, SideKey } from "./lib/plan/pairPlan";

// Types the Args above refer to.
export type { SshConnection } from "./providers/ssh";
export type { SqlTarget } from "./lib/render/sqlScripts";
export type { PipeSpec } from "./lib/render/sql";
export type { HostsLine } from "./lib/render/hostsFile";
export type { MemorySizes, ReplicationFactors, ConsensusProtocols, PairPipes, DistributionSettings, ReplicationConfig } from "./lib/model/config";
export type { ConfigNodeRestart } from "./lib/render/sqlScripts";
export type { NodeFacts, PipeFacts, PipeSender } from "./components/support/policyFacts";
