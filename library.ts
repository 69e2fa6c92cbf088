// The package's entry for other Pulumi TypeScript programs: the components, their Args types and the
// config parser (package.json "exports"; `npm run build:lib` compiles it into dist/). index.ts stays
// this project's own Pulumi program and is not part of the package's API.
export { DualActivePair } from "./components/dualActivePair";
export type { DualActivePairArgs } from "./components/dualActivePair";
export { IotdbNode } from "./components/iotdbNode";
export type { IotdbNodeArgs } from "./components/iotdbNode";
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

// Types the Args above refer to.
export type { SshConnection } from "./providers/ssh";
export type { SqlTarget } from "./lib/render/sqlScripts";
export type { PipeSpec } from "./lib/render/sql";
export type { HostsLine } from "./lib/render/hostsFile";
