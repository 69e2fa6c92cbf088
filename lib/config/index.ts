// lib/config: parsing and validation of the stack config, its reference, passwords and distribution.
export * from "./pairConfig";
export { CONFIG_REFERENCE, documentedPaths, entryFor } from "./reference";
export type { ConfigEntry, FixedAtFirstStart } from "./reference";
export { PASSWORD_KEYS, IOTDB_PASSWORD_RE, PASSWORD_ALPHABET, generatePassword } from "./passwords";
export { locateDistribution, distributionPath } from "./distribution";
