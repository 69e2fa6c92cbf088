// The rules of the policy pack (policy/index.ts), as pure functions of the facts the components
// record (components/support/policyFacts.ts). Each returns the violations it finds, as messages that name the
// resource, what is wrong and the fix; none ever repeats a password.
import { NodeFacts, PipeFacts, SecretInputs, isPasswordKey } from "../components/support/policyFacts";

/** A component's facts, named as the engine names the component. */
export interface Subject<T> {
    name: string;
    urn?: string;
    facts: T;
}

/** A violation a stack policy reports against one resource. */
export interface Violation {
    message: string;
    urn?: string;
}

/** IoTDB reads a source attribute under `source.` or its older name `extractor.`. */
function sourceAttribute(attrs: Record<string, string>, name: string): { key: string; value: string }[] {
    return [`source.${name}`, `extractor.${name}`].filter((k) => attrs[k] !== undefined).map((k) => ({ key: k, value: attrs[k] }));
}

const isTrue = (v: string) => v.trim().toLowerCase() === "true";
const isFalse = (v: string) => v.trim().toLowerCase() === "false";

/**
 * (a) A dual-active pipe must not forward pipe requests (what the other side's pipe wrote), or rows
 * loop between the sides. It forwards when forwarding-pipe-requests is true, or when it is not set to
 * false and double-living mode (which implies false) is absent or off: IoTDB's default is true.
 */
export function forwardingViolations(pipe: PipeFacts): string[] {
    const at = `pipe ${pipe.name} (on ${pipe.from.hostname})`;
    const forwarding = sourceAttribute(pipe.source, "forwarding-pipe-requests");
    const doubleLiving = sourceAttribute(pipe.source, "mode.double-living");
    const on = forwarding.find((a) => isTrue(a.value));
    if (on) {
        return [`${at} sets '${on.key}'='${on.value}': it would forward pipe requests, sending what the other side's pipe wrote `
            + "back again, so rows loop between the sides. Remove it: 'source.mode.double-living'='true' makes it false."];
    }
    const off = forwarding.length > 0 && forwarding.every((a) => isFalse(a.value));
    const living = doubleLiving.length > 0 && doubleLiving.every((a) => isTrue(a.value));
    if (off || living) return [];
    const mode = doubleLiving.length === 0 ? "has no 'source.mode.double-living'" : `sets '${doubleLiving[0].key}'='${doubleLiving[0].value}'`;
    return [`${at} ${mode}, so it forwards pipe requests (IoTDB's default) and rows loop between the sides. `
        + "Set 'source.mode.double-living'='true' (it implies forwarding-pipe-requests=false)."];
}

/**
 * (a') What the sink does can reopen the loop too: a receiver told the rows are not a pipe's
 * (`sink.mark-as-pipe-request` false, or `mark-as-general-write-request` true) writes them as its
 * clients' and its own pipe sends them back; TsFiles (`sink.format` tsfile or hybrid) loaded on the
 * peer were sent back on IoTDB 2.0.10 (README, *What crosses*). Older `connector.*` names count too.
 */
export function sinkLoopViolations(pipe: PipeFacts): string[] {
    const at = `pipe ${pipe.name} (on ${pipe.from.hostname})`;
    const get = (name: string) => [`sink.${name}`, `connector.${name}`].filter((k) => pipe.sink[k] !== undefined).map((k) => ({ key: k, value: pipe.sink[k] }));
    const out: string[] = [];
    for (const a of get("mark-as-pipe-request")) {
        if (!isTrue(a.value)) out.push(`${at} sets '${a.key}'='${a.value}': the peer would take its rows for its clients' and send them back, so rows loop between the sides. Remove it.`);
    }
    for (const a of get("mark-as-general-write-request")) {
        if (isTrue(a.value)) out.push(`${at} sets '${a.key}'='${a.value}': the peer would take its rows for its clients' and send them back, so rows loop between the sides. Remove it.`);
    }
    for (const a of get("format")) {
        if (a.value.trim().toLowerCase() !== "tablet") out.push(`${at} sets '${a.key}'='${a.value}': TsFiles loaded on the peer are sent back by its pipe (IoTDB 2.0.10), so rows loop. Use 'tablet'.`);
    }
    return out;
}

/** A host and port a pipe's sink sends to. */
export interface SinkTarget {
    host: string;
    port?: number;
}

/** Where a pipe's sink sends: `sink.node-urls` (host:port,...) or `sink.ip`/`sink.host` and `sink.port` (or `connector.*`). */
export function sinkTargets(sink: Record<string, string>): SinkTarget[] {
    const get = (name: string) => sink[`sink.${name}`] ?? sink[`connector.${name}`];
    const port = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
    const urls = get("node-urls");
    if (urls !== undefined) {
        return urls.split(",").map((u) => u.trim()).filter(Boolean).map((u) => {
            const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(u) ?? /^([^:]+)(?::(\d+))?$/.exec(u);
            return m ? { host: m[1], port: port(m[2]) } : { host: u };
        });
    }
    const host = get("ip") ?? get("host");
    return host !== undefined ? [{ host: host.trim(), port: port(get("port")) }] : [];
}

const showTarget = (t: SinkTarget) => (t.port !== undefined ? `${t.host}:${t.port}` : t.host);
const isLoopback = (host: string) => /^(localhost|127(\.\d+){3}|::1|0\.0\.0\.0)$/i.test(host);

/** (d) A pipe must never point at its own side: not at its own node, nor at loopback. */
export function ownSideViolations(pipe: PipeFacts): string[] {
    const at = `pipe ${pipe.name} on ${pipe.from.hostname} (${pipe.from.address})`;
    const targets = sinkTargets(pipe.sink);
    if (targets.length === 0) {
        return [`${at} names no sink target (sink.node-urls): a dual-active pipe must point at the other side's nodes.`];
    }
    const own = new Set([pipe.from.hostname, pipe.from.address].map((h) => h.toLowerCase()));
    return targets.filter((t) => own.has(t.host.toLowerCase()) || isLoopback(t.host)).map((t) =>
        `${at} points at ${showTarget(t)}, its own side: a dual-active pipe must point at the other side's nodes, never at its own.`);
}

/**
 * (c) Passwords must be secrets: each password-ish input the component recorded must have arrived as a
 * secret, and no password may sit among a pipe's plain attributes.
 */
export function plaintextPasswordViolations(what: string, facts: { secretInputs: SecretInputs; source?: Record<string, string>; sink?: Record<string, string> }): string[] {
    const out: string[] = [];
    for (const [input, secret] of Object.entries(facts.secretInputs)) {
        if (!secret) {
            out.push(`${what}: ${input} is plain text; pass it as a Pulumi secret (config.requireSecret, pulumi.secret): `
                + "a plain value is stored in the clear in the state and can show in plans and logs.");
        }
    }
    for (const key of Object.keys({ ...facts.source, ...facts.sink }).filter(isPasswordKey)) {
        out.push(`${what}: attribute ${key} puts a password among the pipe's plain attributes (kept in the clear in the state); `
            + "remove it: the pipe logs in with the syncPassword secret.");
    }
    return out;
}

/**
 * (b) The two sides need distinct hostnames and addresses: no two nodes share either. Reported on
 * the later node by name, whatever order the engine lists them in.
 */
export function sharedIdentityViolations(nodes: Subject<NodeFacts>[]): Violation[] {
    const out: Violation[] = [];
    const byName = [...nodes].sort((x, y) => x.name.localeCompare(y.name));
    for (const what of ["hostname", "address"] as const) {
        const first = new Map<string, Subject<NodeFacts>>();
        for (const n of byName) {
            const key = n.facts[what].toLowerCase();
            const earlier = first.get(key);
            if (!earlier) { first.set(key, n); continue; }
            out.push({
                urn: n.urn,
                message: `${what} ${n.facts[what]} is used by both ${earlier.name} (side ${earlier.facts.clusterName}) and ${n.name} `
                    + `(side ${n.facts.clusterName}): the two sides need distinct hostnames and addresses, one machine each.`,
            });
        }
    }
    return out;
}

const isNode = (n: NodeFacts, host: string) => [n.hostname, n.address].some((h) => h.toLowerCase() === host.toLowerCase());

/**
 * (d) Each pipe runs on a node of one side and points at nodes of the other side (hostname or
 * address, at their RPC port). Nothing to check in a stack without nodes.
 */
export function otherSideViolations(pipes: Subject<PipeFacts>[], nodes: Subject<NodeFacts>[]): Violation[] {
    if (nodes.length === 0) return [];
    const out: Violation[] = [];
    for (const p of pipes) {
        const from = p.facts.from;
        // The SQL runs through the node's hostname: that names the node, the address only when no hostname does.
        const own = nodes.find((n) => isNode(n.facts, from.hostname)) ?? nodes.find((n) => isNode(n.facts, from.address));
        if (!own) {
            out.push({ urn: p.urn, message: `pipe ${p.facts.name} runs on ${from.hostname} (${from.address}), which is no IotdbNode of this stack: a pipe runs on a node of one side.` });
            continue;
        }
        const side = own.facts.clusterName;
        const others = nodes.filter((n) => n.facts.clusterName !== side);
        const otherList = others.map((n) => `${n.facts.hostname}:${n.facts.rpcPort}`).join(", ") || "none";
        for (const t of sinkTargets(p.facts.sink)) {
            const node = nodes.find((n) => isNode(n.facts, t.host));
            const at = `pipe ${p.facts.name} (side ${side}) points at ${showTarget(t)}`;
            if (!node) {
                out.push({ urn: p.urn, message: `${at}, which is no node of the other side (${otherList}).` });
            } else if (node.facts.clusterName === side) {
                out.push({ urn: p.urn, message: `${at}, a node of its own side: it must point at the other side (${otherList}).` });
            } else if (t.port !== undefined && t.port !== node.facts.rpcPort) {
                out.push({ urn: p.urn, message: `${at}, but ${node.facts.hostname} serves RPC on port ${node.facts.rpcPort}.` });
            }
        }
    }
    return out;
}

/** Orders dotted versions numerically (2.0.10 > 2.0.9); anything after the numbers is ignored. */
export function compareVersions(a: string, b: string): number {
    const parts = (v: string) => (/^\d+(\.\d+)*/.exec(v.trim())?.[0] ?? "0").split(".").map(Number);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0) return Math.sign(d);
    }
    return 0;
}

/** Advisory: a version older than every version the project tests. */
export function versionAdvice(node: NodeFacts, supported: readonly string[]): string[] {
    const oldest = [...supported].sort(compareVersions)[0];
    if (oldest === undefined || compareVersions(node.version, oldest) >= 0) return [];
    return [`IoTDB ${node.version} on ${node.hostname} is older than the versions this project tests (${supported.join(", ")}): `
        + "double-living pipes and the configuration written are known to work there only."];
}
