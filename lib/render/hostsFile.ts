// Scripts that keep a machine's /etc/hosts resolving every hostname of the pair.
// Lines the project owns end with a marker; only those are ever rewritten or removed. Their bash:
// sh/hosts.sh, sh/hosts-ensure.sh, sh/hosts-remove.sh.
import { HOSTNAME_RE, isAddress } from "../rules";
import { renderScript } from "./template";

export interface HostsLine {
    hostname: string;
    address: string;
}

export interface HostsScriptArgs {
    /** Lines this machine must have. */
    entries: HostsLine[];
    /** Identifies the owner (project and stack), e.g. `iotdb-dual-active/local`. */
    owner: string;
    /** The file to edit; /etc/hosts unless testing. */
    hostsFile?: string;
}

export function hostsMarker(owner: string): string {
    if (!/^[A-Za-z0-9._\/-]+$/.test(owner)) throw new Error(`hosts entry owner ${JSON.stringify(owner)} has characters outside [A-Za-z0-9._/-]`);
    return `# managed-by ${owner}`;
}

/** Adds the owned lines (replacing older owned ones); fails if an unowned line maps a hostname elsewhere. */
export function ensureHostsScript(args: HostsScriptArgs): string {
    const file = args.hostsFile ?? "/etc/hosts";
    const marker = hostsMarker(args.owner);
    const wanted = args.entries.map((e) => `${e.address} ${e.hostname}`);
    for (const e of args.entries) {
        if (!isAddress(e.address) || !HOSTNAME_RE.test(e.hostname)) {
            throw new Error(`invalid hosts entry ${JSON.stringify(e)}`);
        }
    }
    return renderScript("iotdb-hosts", { file, marker, lines: wanted }, ["hosts", "hosts-ensure"]);
}


/** Removes exactly the owned lines. */
export function removeHostsScript(args: Omit<HostsScriptArgs, "entries">): string {
    const file = args.hostsFile ?? "/etc/hosts";
    return renderScript("iotdb-hosts", { file, marker: hostsMarker(args.owner) }, ["hosts", "hosts-remove"]);
}

