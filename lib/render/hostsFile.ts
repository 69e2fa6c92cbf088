// Scripts that keep a machine's /etc/hosts resolving every hostname of the pair.
// Lines the project owns end with `# managed-by <owner>`; a script touches only the lines whose owner
// is its own, compared whole (a stack `prod` never touches `prod2`'s lines). Every script takes an
// flock on the file, so runs of different owners on one machine take turns, and replaces it by rename
// (a rewrite in place, checked and with a backup, where a rename cannot: a bind-mounted file). Their
// bash: sh/hosts.sh (shared), sh/hosts-ensure.sh, sh/hosts-remove.sh, sh/hosts-check.sh.
import { HOSTNAME_RE, isIpv4 } from "../rules";
import { renderScript } from "./template";

export interface HostsLine {
    hostname: string;
    /** An IPv4 address: a hosts line cannot hold a DNS name. */
    address: string;
}

export interface HostsScriptArgs {
    /** Lines this machine must have. */
    entries: HostsLine[];
    /** Identifies the owner (project and stack), e.g. `iotdb-dual-active/local`. */
    owner: string;
    /** The file to edit; /etc/hosts unless testing. */
    hostsFile?: string;
    /** Seconds a script waits for another run's lock on the file (default HOSTS_LOCK_WAIT_SECONDS). */
    lockWaitSeconds?: number;
}

/** How long a script waits for the lock on the hosts file while another owner's run rewrites it. */
export const HOSTS_LOCK_WAIT_SECONDS = 60;

const OWNER_RE = /^[A-Za-z0-9._\/-]+$/;

export function hostsMarker(owner: string): string {
    if (!OWNER_RE.test(owner)) throw new Error(`hosts entry owner ${JSON.stringify(owner)} has characters outside [A-Za-z0-9._/-]`);
    return `# managed-by ${owner}`;
}

/** Why `e` cannot be a hosts line, or undefined. */
export function hostsLineProblem(e: HostsLine): string | undefined {
    if (!HOSTNAME_RE.test(e?.hostname ?? "")) return `hosts entry ${JSON.stringify(e)}: ${JSON.stringify(e?.hostname)} is not a hostname`;
    if (!isIpv4(e.address)) {
        return `hosts entry for ${e.hostname}: ${JSON.stringify(e.address)} is not an IPv4 address, and a line of /etc/hosts needs one; give the node's IP (the node's \`ip\`, when its \`address\` is a DNS name)`;
    }
    return undefined;
}

function inputs(args: Omit<HostsScriptArgs, "entries">): { file: string; owner: string; lock_wait: number } {
    hostsMarker(args.owner);
    const wait = args.lockWaitSeconds ?? HOSTS_LOCK_WAIT_SECONDS;
    if (!Number.isInteger(wait) || wait < 1) throw new Error(`hosts lock wait ${wait} must be a whole number of seconds from 1`);
    return { file: args.hostsFile ?? "/etc/hosts", owner: args.owner, lock_wait: wait };
}

/** This owner's lines as the file holds them: `<address> <hostname> # managed-by <owner>`. */
export function hostsLines(entries: HostsLine[], owner: string): string[] {
    const marker = hostsMarker(owner);
    for (const e of entries) {
        const why = hostsLineProblem(e);
        if (why) throw new Error(why);
    }
    return entries.map((e) => `${e.address} ${e.hostname} ${marker}`);
}

/**
 * Makes this owner's lines exactly `entries` (each with the marker), whatever lines of other owners say:
 * an identical line of another owner does not stand in for this one's. Fails, changing nothing, when
 * another line maps one of the hostnames elsewhere.
 */
export function ensureHostsScript(args: HostsScriptArgs): string {
    return renderScript("iotdb-hosts", { ...inputs(args), wanted: hostsLines(args.entries, args.owner) }, ["hosts", "hosts-ensure"]);
}

/** Removes exactly this owner's lines. */
export function removeHostsScript(args: Omit<HostsScriptArgs, "entries">): string {
    return renderScript("iotdb-hosts", inputs(args), ["hosts", "hosts-remove"]);
}

/**
 * The drift check (RemoteScript `check`, run by `pulumi refresh`): prints `ok` when this owner's lines
 * are exactly `entries` and no other line maps one of the hostnames elsewhere; else `drift: ...`
 * naming each line missing, extra or contradicted. Changes nothing.
 */
export function checkHostsScript(args: HostsScriptArgs): string {
    return renderScript("iotdb-hosts", { ...inputs(args), wanted: hostsLines(args.entries, args.owner) }, ["hosts", "hosts-check"]);
}
