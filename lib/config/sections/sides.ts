// sideA and sideB: each side's cluster name, machines, owned paths, replication and consensus, then
// what the two sides must not share (owned paths, cluster name, hostnames and addresses).
import type { IotdbRole, NodeConfig, SideConfig } from "../../model/config";
import { patternProblem, patternsOverlap } from "../../plan/replication";
import { CANARY_DATABASE } from "../../plan/canary";
import { isAddress, isClusterName, isHostKeyFingerprint, isHostname, isIpv4 } from "../../rules";
import { CONSENSUS_CLASSES, DEFAULTS, IOTDB_ROLES } from "../defaults";
import { configNodes, dataNodes } from "../nodes";
import { Parsed, Problems, Raw } from "../problems";

type SideKey = "sideA" | "sideB";

function parseNodes(key: SideKey, listed: any[], out: Problems): NodeConfig[] {
    const nodes: NodeConfig[] = listed.map((n, i) => {
        const roles = n?.roles ?? [...DEFAULTS.node.roles];
        if (!Array.isArray(roles) || roles.length === 0 || roles.some((r: unknown) => !IOTDB_ROLES.includes(r as IotdbRole)) || new Set(roles).size !== roles.length) {
            out.add(`${key}.nodes[${i}].roles`, `${JSON.stringify(roles)} is not a list of roles; use [confignode, datanode], [confignode] or [datanode]`);
        }
        const decommission = n?.decommission ?? DEFAULTS.node.decommission;
        if (typeof decommission !== "boolean") out.add(`${key}.nodes[${i}].decommission`, "must be true or false");
        else if (decommission && !(Array.isArray(roles) && roles.length === 1 && roles[0] === "datanode")) {
            out.add(`${key}.nodes[${i}].decommission`, "only a machine with roles [datanode] can be taken out of a side (ConfigNodes are not removed by the project)");
        }
        const hostKey = n?.hostKey;
        if (hostKey !== undefined && !isHostKeyFingerprint(hostKey)) {
            out.add(`${key}.nodes[${i}].hostKey`, `${JSON.stringify(hostKey)} is not a host key fingerprint; give SHA256:<43 characters> as \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` prints it on the machine`);
        }
        const ip = n?.ip;
        const rebuild = n?.rebuild;
        if (rebuild !== undefined && !(typeof rebuild === "string" && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(rebuild))) {
            out.add(`${key}.nodes[${i}].rebuild`, `${JSON.stringify(rebuild)} is not a rebuild value; use up to 64 letters, digits, '.', '_', ':' or '-' (e.g. the date, 2026-12-02), a new one for each rebuild`);
        }
        return { hostname: n?.hostname, address: n?.address, roles: Array.isArray(roles) ? roles : [], decommission: decommission === true, ...(hostKey !== undefined ? { hostKey } : {}), ...(ip !== undefined ? { ip } : {}), ...(rebuild !== undefined ? { rebuild: String(rebuild) } : {}) };
    });
    nodes.forEach((n, i) => {
        if (!isHostname(n?.hostname)) {
            out.add(`${key}.nodes[${i}].hostname`, `${JSON.stringify(n?.hostname)} is not a valid hostname; use letters, digits and '-' (e.g. iotdb-1), not an IP address`);
        }
        if (!isAddress(n?.address)) {
            out.add(`${key}.nodes[${i}].address`, `${JSON.stringify(n?.address)} is not a valid IPv4 address or DNS name`);
        }
        // Every machine's /etc/hosts maps the hostname to an IP (a hosts line cannot hold a DNS name).
        if (n?.ip !== undefined && !isIpv4(n.ip)) {
            out.add(`${key}.nodes[${i}].ip`, `${JSON.stringify(n.ip)} is not an IPv4 address; give the address the pair's machines reach ${n?.hostname ?? "this node"} at (it goes into every machine's /etc/hosts)`);
        } else if (n?.ip === undefined && isAddress(n?.address) && !isIpv4(n.address)) {
            out.add(`${key}.nodes[${i}].ip`, `is required: address ${JSON.stringify(n.address)} is a DNS name, and every machine's /etc/hosts needs an IPv4 address for ${n?.hostname ?? "this node"}; set ip to the IPv4 address the pair's machines reach it at (or give that IP as address)`);
        }
    });
    return nodes;
}

function parseOwns(key: SideKey, s: Raw, out: Problems): string[] {
    const owns: string[] = Array.isArray(s.owns) ? s.owns : [];
    if (!Array.isArray(s.owns) || s.owns.length === 0) {
        const letter = key.slice(-1);
        out.add(`${key}.owns`, `is missing; list the path patterns side ${letter}'s clients write, e.g. [root.site_${letter.toLowerCase()}.**]: its pipe carries exactly these to the other side, whose own patterns must not overlap them (README, "What crosses")`);
    }
    owns.forEach((p, i) => {
        const why = patternProblem(p);
        if (why) out.add(`${key}.owns[${i}]`, why);
        else if (patternsOverlap(p, `${CANARY_DATABASE}.**`)) {
            out.add(`${key}.owns[${i}]`, `${JSON.stringify(p)} reaches into ${CANARY_DATABASE}, the project's own database (the canary \`npm run status\` measures the lag with); own paths outside it`);
        }
    });
    return owns;
}

function checkReplicaSettings(key: SideKey, side: SideConfig, out: Problems): void {
    for (const k of ["schema", "data"] as const) {
        const f = side.replication[k];
        if (!Number.isInteger(f) || f < 1) out.add(`${key}.replication.${k}`, `${JSON.stringify(f)} must be a whole number from 1`);
        else if (f > dataNodes(side).length) out.add(`${key}.replication.${k}`, `${f} is more than the side's ${dataNodes(side).length} DataNode(s); add DataNodes or lower it`);
    }
    for (const [k, factor] of [["schemaRegion", side.replication.schema], ["dataRegion", side.replication.data]] as const) {
        const c = side.consensus[k];
        if (c === undefined) continue;
        if (!(c in CONSENSUS_CLASSES)) out.add(`${key}.consensus.${k}`, `${JSON.stringify(c)} is not one of ${Object.keys(CONSENSUS_CLASSES).join(", ")}`);
        else if (c === "SimpleConsensus" && factor > 1) out.add(`${key}.consensus.${k}`, "SimpleConsensus keeps one replica; use another protocol or a replication factor of 1");
        else if (k === "schemaRegion" && !["RatisConsensus", "SimpleConsensus"].includes(c)) out.add(`${key}.consensus.${k}`, "schema regions take RatisConsensus or SimpleConsensus");
    }
}

/** One side. An empty object counts as missing (Pulumi.yaml declares `{}` as its default). */
export function parseSide(key: SideKey, s: unknown, out: Problems): SideConfig {
    if (!s || typeof s !== "object" || Object.keys(s).length === 0) {
        out.add(key, `is missing; set it to { clusterName, nodes: [{ hostname, address }] } (see stacks/Pulumi.local.yaml)`);
        return { clusterName: "", nodes: [], replication: { ...DEFAULTS.sideReplication }, consensus: {}, owns: [] };
    }
    const raw = s as Raw;
    if (!isClusterName(String(raw.clusterName ?? ""))) {
        out.add(`${key}.clusterName`, `${JSON.stringify(raw.clusterName)} is not a valid cluster name; use a letter then letters, digits, '-' or '_' (at most 64)`);
    }
    const listed: any[] = Array.isArray(raw.nodes) ? raw.nodes : [];
    if (listed.length === 0) out.add(`${key}.nodes`, "must list at least one machine: { hostname, address, roles? }");
    const nodes = parseNodes(key, listed, out);
    const owns = parseOwns(key, raw, out);
    const side: SideConfig = {
        clusterName: raw.clusterName, nodes, replication: { ...DEFAULTS.sideReplication, ...(raw.replication ?? {}) }, consensus: { ...(raw.consensus ?? {}) }, owns,
    };
    if (listed.length > 0 && configNodes(side).length === 0) out.add(`${key}.nodes`, "has no ConfigNode; give the first machine the role confignode (it becomes the seed)");
    if (listed.length > 0 && dataNodes(side).length === 0) out.add(`${key}.nodes`, "has no DataNode; give at least one machine the role datanode");
    checkReplicaSettings(key, side, out);
    return side;
}

/** What the two sides must not share: owned paths, cluster name, a hostname or an address. */
export function checkSidesApart(sideA: SideConfig, sideB: SideConfig, out: Problems): void {
    sideA.owns.forEach((pa, i) => sideB.owns.forEach((pb, j) => {
        if (!patternProblem(pa) && !patternProblem(pb) && patternsOverlap(pa, pb)) {
            out.add(`sideB.owns[${j}]`, `${JSON.stringify(pb)} overlaps sideA.owns[${i}] ${JSON.stringify(pa)}; a path may be owned by one side only (both pipes would carry it, and IoTDB 2.0.10 sends it back and forth for good)`);
        }
    }));
    if (sideA.clusterName && sideA.clusterName === sideB.clusterName) {
        out.add("sideB.clusterName", `must differ from sideA.clusterName (${JSON.stringify(sideA.clusterName)}): each side is its own IoTDB cluster`);
    }
    const seen = new Map<string, string>();
    for (const [key, s] of [["sideA", sideA], ["sideB", sideB]] as const) {
        s.nodes.forEach((n, i) => {
            for (const [what, v] of [["hostname", n?.hostname], ["address", n?.address]] as const) {
                if (typeof v !== "string") continue;
                const id = `${what}:${v.toLowerCase()}`;
                const where = `${key}.nodes[${i}].${what}`;
                if (seen.has(id)) out.add(where, `${JSON.stringify(v)} is also used by ${seen.get(id)}; every machine needs its own ${what}`);
                else seen.set(id, where);
            }
        });
    }
    // The IPs of /etc/hosts (`ip`, else `address`): two nodes at one IP when one of them sets `ip` (two equal addresses are reported above).
    const ips = new Map<string, { where: string; explicit: boolean }>();
    for (const [key, s] of [["sideA", sideA], ["sideB", sideB]] as const) {
        s.nodes.forEach((n, i) => {
            const explicit = typeof n?.ip === "string";
            const ip = explicit ? n.ip : n?.address;
            if (!isIpv4(ip)) return;
            const where = `${key}.nodes[${i}].${explicit ? "ip" : "address"}`;
            const before = ips.get(ip);
            if (!before) ips.set(ip, { where, explicit });
            else if (explicit || before.explicit) out.add(where, `${JSON.stringify(ip)} is also the IP of ${before.where}; every machine needs its own IP in /etc/hosts`);
        });
    }
}

/** Both sides, then what they must not share. */
export function parseSides(raw: Raw, namespace: string): Parsed<{ sideA: SideConfig; sideB: SideConfig }> {
    const out = new Problems(namespace);
    const sideA = parseSide("sideA", raw.sideA, out);
    const sideB = parseSide("sideB", raw.sideB, out);
    checkSidesApart(sideA, sideB, out);
    return { value: { sideA, sideB }, problems: out.list };
}
