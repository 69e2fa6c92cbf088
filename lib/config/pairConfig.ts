// The stack configuration: validation and defaults, a parser per section (sections/), composed here.
// Pure: no Pulumi, no I/O beyond the optional `fileExists` probe passed in, so every rule has a plain
// unit test. Also the module path other code imports the config's names from (lib/config/index.ts too).
import type { IotdbRole, NodeConfig, SideConfig, SshConfig, IotdbPorts, Ports, PipeConfig, DistributionSource, PairConfig, ReplicationConfig } from "../model/config";
import { ConfigError, ConfigContext, Raw } from "./problems";
import { placeholderProblems, passwordProblems } from "./sections/secrets";
import { parseSides } from "./sections/sides";
import { parseSsh } from "./sections/ssh";
import { parseMemory, parsePaths, parsePorts } from "./sections/host";
import { parsePipes } from "./sections/pipes";
import { parseDistribution, parseIotdbVersion, parseRunSettings, parseSystemProperties } from "./sections/settings";
import { parseReplication } from "./sections/replication";
import { parseMonitoring } from "./sections/monitoring";

export type { IotdbRole, NodeConfig, SideConfig, SshConfig, IotdbPorts, Ports, PipeConfig, DistributionSource, PairConfig, ReplicationConfig };
export { ConfigError } from "./problems";
export type { ConfigContext } from "./problems";
export { SUPPORTED_IOTDB_VERSIONS, IOTDB_ROLES, CONSENSUS_CLASSES } from "./defaults";
export { CONFIG_KEYS } from "./schema";
export { configNodes, dataNodes, decommissionedNodes, sideProperties, isValidHostname, isValidAddress, isValidPort, isValidPipeName } from "./nodes";

/**
 * Validates the raw stack config (as `pulumi.Config` would give each key) and fills in defaults.
 * Throws ConfigError listing every problem; never touches a host.
 */
export function parsePairConfig(raw: Raw, ctx: ConfigContext): PairConfig {
    const ns = ctx.namespace;
    // Example stacks ship placeholders like "<address of machine A>": say what to fill, not "invalid".
    const placeholders = placeholderProblems(raw, ns);
    if (placeholders.length > 0) throw new ConfigError(placeholders);

    const passwords = passwordProblems(raw, ctx);
    const iotdbVersion = parseIotdbVersion(raw, ns);
    const sides = parseSides(raw, ns);
    const ssh = parseSsh(raw, ctx);
    const paths = parsePaths(raw, ns);
    const memory = parseMemory(raw, ns);
    const ports = parsePorts(raw, ns);
    const pipes = parsePipes(raw, ns);
    const run = parseRunSettings(raw, ns);
    const systemProperties = parseSystemProperties(raw, ns);
    const distribution = parseDistribution(raw, ns);
    const replication = parseReplication(raw, ns, memory.value.datanode, sides.value);
    const monitoring = parseMonitoring(raw, ns, ports.value);

    const problems = [passwords, iotdbVersion, sides, ssh, paths, memory, ports, pipes, run, systemProperties, distribution, replication, monitoring]
        .flatMap((p) => Array.isArray(p) ? p : p.problems);
    if (problems.length > 0) throw new ConfigError(problems);
    return {
        iotdbVersion: iotdbVersion.value, ...sides.value, ssh: ssh.value, ...paths.value, memory: memory.value, ports: ports.value,
        pipes: pipes.value, ...run.value, systemProperties: systemProperties.value, distribution: distribution.value, replication: replication.value,
        monitoring: monitoring.value,
    };
}
