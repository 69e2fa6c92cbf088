// pipes.ab and pipes.ba: each pipe's ID and the extra source and sink attributes a stack may set.
import type { PipeConfig } from "../../model/config";
import { PIPE_ATTRIBUTES_ALLOWED } from "../../plan/replication";
import { isPipeName } from "../../rules";
import { DEFAULTS } from "../defaults";
import { Parsed, Problems, Raw } from "../problems";

const ATTR_KEY_RE = /^[a-z][a-z0-9._-]*$/;
/** A value safe inside the single-quoted attribute of a CREATE PIPE statement or a properties line. */
export const SAFE_VALUE_RE = /^[^\n\r\0']*$/;

type PipeKey = "ab" | "ba";

/** The attributes of one kind, each key given its `source.`/`sink.` prefix. */
function attributes(key: PipeKey, kind: "source" | "sink", given: Raw | undefined, out: Problems): Record<string, string> {
    const attrs: Record<string, string> = {};
    for (const [k0, v0] of Object.entries(given ?? {})) {
        const k = k0.startsWith(kind + ".") ? k0 : `${kind}.${k0}`;
        const v = String(v0);
        if (!ATTR_KEY_RE.test(k)) out.add(`pipes.${key}.${kind}.${k0}`, "is not a valid attribute name (lower-case letters, digits, '.', '-', '_')");
        if (!SAFE_VALUE_RE.test(v)) out.add(`pipes.${key}.${kind}.${k0}`, "value must not contain quotes or line breaks");
        attrs[k] = v;
    }
    return attrs;
}

/** The attributes the project sets itself, each refused with the reason. */
function checkProjectAttributes(key: PipeKey, source: Record<string, string>, sink: Record<string, string>, out: Problems): void {
    const forwarding = source["source.forwarding-pipe-requests"];
    if (forwarding !== undefined && forwarding !== "false") {
        out.add(`pipes.${key}.source.forwarding-pipe-requests`, "must be false for dual-active (true sends every row back and forth forever); remove it: the project's double-living mode already makes it false");
    } else if (forwarding !== undefined) {
        out.add(`pipes.${key}.source.forwarding-pipe-requests`, "is set by the project (double-living mode makes it false; IoTDB 2.x refuses it spelled out); remove it");
    }
    for (const k of ["source.mode.double-living", "source.capture.tree", "source.capture.table"]) {
        if (source[k] !== undefined) out.add(`pipes.${key}.source.${k.replace(/^source\./, "")}`, "is set by the project (dual-active needs double-living mode on both models); remove it");
    }
    for (const k of ["source.path", "source.pattern", "source.pattern.inclusion", "source.pattern.exclusion", "source.path.exclusion"]) {
        if (source[k] !== undefined) out.add(`pipes.${key}.source.${k.replace(/^source\./, "")}`, `is set by the project from side${key === "ab" ? "A" : "B"}.owns (what the pipe carries); set that instead`);
    }
    for (const k of ["sink", "sink.ip", "sink.host", "sink.port", "sink.node-urls", "sink.username", "sink.user", "sink.password"]) {
        if (sink[k] !== undefined) out.add(`pipes.${key}.sink.${k.replace(/^sink\./, "")}`, "is set by the project (the peer side and the sync user); remove it");
    }
}

/** Every other attribute: only what PIPE_ATTRIBUTES_ALLOWED names (a key already refused keeps its own message). */
function checkAllowedAttributes(key: PipeKey, source: Record<string, string>, sink: Record<string, string>, out: Problems): void {
    const told = new Set(out.list.map((x) => x.slice(0, x.indexOf(": "))));
    for (const [kind, attrs] of [["source", source], ["sink", sink]] as const) {
        const allowed: readonly string[] = PIPE_ATTRIBUTES_ALLOWED[kind];
        for (const k of Object.keys(attrs)) {
            const field = `pipes.${key}.${kind}.${k.slice(kind.length + 1)}`;
            if (allowed.includes(k) || told.has(out.field(field))) continue;
            out.add(field, `is not an attribute a stack may set: the project sets the pipe's peer, user, paths and mode, and other keys can make rows loop or go elsewhere; allowed ${kind} attributes: ${allowed.map((a) => a.slice(kind.length + 1)).join(", ")}`);
        }
    }
}

function parsePipe(key: PipeKey, given: Raw, out: Problems): PipeConfig {
    const name = given.name ?? DEFAULTS.pipeNames[key];
    if (!isPipeName(name)) {
        out.add(`pipes.${key}.name`, `${JSON.stringify(name)} is not a valid pipe name; use a letter then letters, digits or '_' (at most 64)`);
    }
    const source = attributes(key, "source", given.source, out);
    const sink = attributes(key, "sink", given.sink, out);
    checkProjectAttributes(key, source, sink, out);
    checkAllowedAttributes(key, source, sink, out);
    return { name, source, sink };
}

/** Both pipes; their IDs must differ. */
export function parsePipes(raw: Raw, namespace: string): Parsed<{ ab: PipeConfig; ba: PipeConfig }> {
    const out = new Problems(namespace);
    const pipes = { ab: parsePipe("ab", raw.pipes?.ab ?? {}, out), ba: parsePipe("ba", raw.pipes?.ba ?? {}, out) };
    if (pipes.ab.name && pipes.ab.name === pipes.ba.name) {
        out.add("pipes.ba.name", `must differ from pipes.ab.name (${pipes.ab.name})`);
    }
    return { value: pipes, problems: out.list };
}
