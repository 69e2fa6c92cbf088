// Host key trust for the SSH transport: OpenSSH's known_hosts format (plain and hashed host names,
// `[host]:port`, wildcards, negation, @revoked), read here so that no connection ever accepts a key
// it was not told to trust. Pure functions over the file's text and the key the server offers.
import * as crypto from "crypto";
import * as os from "os";
import * as path from "path";

export interface KnownHost {
    /** Comma-separated host patterns, or one hashed name `|1|salt|hmac`. */
    hosts: string;
    /** `@revoked` or `@cert-authority` when the line starts with one. */
    marker?: string;
    /** Key type as written (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ...). */
    keyType: string;
    /** The public key blob. */
    key: Buffer;
}

/** `SHA256:<base64>` of a key blob, as `ssh-keygen -lf` prints it. */
export function fingerprint(key: Buffer): string {
    return "SHA256:" + crypto.createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
}

/** The entries of a known_hosts file (comments, blank and malformed lines skipped). */
export function parseKnownHosts(text: string): KnownHost[] {
    const out: KnownHost[] = [];
    for (const raw of text.split("\n")) {
        const fields = raw.trim().split(/\s+/);
        if (fields[0] === "" || fields[0].startsWith("#")) continue;
        const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
        if (fields.length < 3) continue;
        const key = Buffer.from(fields[2], "base64");
        if (key.length === 0) continue;
        out.push({ hosts: fields[0], marker, keyType: fields[1], key });
    }
    return out;
}

/** How known_hosts names a host on a port: `host`, or `[host]:port` off port 22. */
export function hostName(host: string, port: number): string {
    return port === 22 ? host : `[${host}]:${port}`;
}

const globToRegExp = (glob: string) =>
    new RegExp("^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");

/** Whether an entry's host field names `name` (hashed names by HMAC-SHA1, patterns with `!` negation). */
export function hostMatches(hosts: string, name: string): boolean {
    if (hosts.startsWith("|1|")) {
        const [, , salt, hash] = hosts.split("|");
        if (!salt || !hash) return false;
        return crypto.createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
    }
    let matched = false;
    for (const pattern of hosts.split(",")) {
        if (pattern.startsWith("!")) {
            if (globToRegExp(pattern.slice(1)).test(name)) return false;
        } else if (globToRegExp(pattern).test(name)) {
            matched = true;
        }
    }
    return matched;
}

/** The entries that speak of a host (any of its names: the address Pulumi dials, on its port). */
export function entriesFor(entries: KnownHost[], host: string, port: number): KnownHost[] {
    const name = hostName(host, port);
    return entries.filter((e) => e.marker !== "@cert-authority" && hostMatches(e.hosts, name));
}

export type HostKeyVerdict =
    | { trusted: true }
    | { trusted: false; why: "unknown" | "mismatch" | "revoked"; fingerprint: string };

/** Whether the key a server offered is one known_hosts trusts for it. */
export function judgeHostKey(entries: KnownHost[], host: string, port: number, offered: Buffer): HostKeyVerdict {
    const mine = entriesFor(entries, host, port);
    const fp = fingerprint(offered);
    if (mine.some((e) => e.marker === "@revoked" && e.key.equals(offered))) return { trusted: false, why: "revoked", fingerprint: fp };
    const known = mine.filter((e) => e.marker === undefined);
    if (known.some((e) => e.key.equals(offered))) return { trusted: true };
    return { trusted: false, why: known.length === 0 ? "unknown" : "mismatch", fingerprint: fp };
}

/** Key types known_hosts lists for a host, for the client to ask the server for one of those first. */
export function knownKeyTypes(entries: KnownHost[], host: string, port: number): string[] {
    return [...new Set(entriesFor(entries, host, port).filter((e) => e.marker === undefined).map((e) => e.keyType))];
}

/** The error for a key known_hosts does not trust: the host, the key's fingerprint, the file and the fix. */
export function untrustedKeyMessage(host: string, port: number, file: string, v: Exclude<HostKeyVerdict, { trusted: true }>): string {
    const name = hostName(host, port);
    const what = {
        unknown: `is not in ${file}`,
        mismatch: `differs from the one ${file} holds for it: the machine was reinstalled, or this is not the machine you think (check before trusting it)`,
        revoked: `is marked @revoked in ${file}`,
    }[v.why];
    return `host key of ${name} (${v.fingerprint}) ${what}; nothing was run there. Check the fingerprint on the machine ` +
        `(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then add it (ssh-keyscan -p ${port} ${host} >> ${file}), ` +
        `or point ssh.knownHostsPath at a file that holds it`;
}

/** The file of trusted host keys a connection uses: its own, else the user's ~/.ssh/known_hosts. */
export function knownHostsFile(conn: { knownHostsPath?: string }): string {
    return conn.knownHostsPath || path.join(os.homedir(), ".ssh", "known_hosts");
}
