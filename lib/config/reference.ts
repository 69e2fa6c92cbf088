// The config reference, kept importable from its former module path: it is the schema's rows
// (schema.ts), which also give CONFIG_KEYS and Pulumi.yaml's declarations.
export { CONFIG_REFERENCE, CONFIG_KEYS, documentedPaths, entryFor, projectConfigDeclarations } from "./schema";
export type { ConfigEntry, ConfigType, FixedAtFirstStart, ProjectConfigDeclaration } from "./schema";
