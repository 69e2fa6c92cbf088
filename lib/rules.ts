// One definition of each value rule the project checks: the stack config (lib/config) refuses at
// preview exactly what the renderers (lib/render) would refuse later. Pure; imports nothing.

/** IoTDB's MEMORY_SIZE: a whole number of MiB or GiB, at most 7 digits (`512M`, `2G`). */
export const MEMORY_SIZE_RE = /^[1-9][0-9]{0,6}[MG]$/;

/** Characters of a path IoTDB's sbin scripts survive (they expand it unquoted): no blanks, quotes, globs. */
export const ABSOLUTE_PATH_RE = /^\/[A-Za-z0-9._\/-]*$/;

/** A DNS host name (RFC 1123 labels, at most 253 characters). */
export const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A dotted-quad IPv4 address. */
export const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An http(s) URL of characters that are safe inside single quotes in bash (no blanks or quotes). */
export const URL_RE = /^https?:\/\/[A-Za-z0-9._~:\/?#\[\]@!$&()*+,;=%-]+$/;

/** A SHA-256 digest as `sha256sum` prints it: 64 lower-case hex digits. */
export const SHA256_RE = /^[0-9a-f]{64}$/;
/** A SHA-512 digest in lower-case hex (what Apache publishes beside each release, as `<file>.sha512`). */
export const SHA512_RE = /^[0-9a-f]{128}$/;

/** An IoTDB user name: a letter, then 3 to 31 letters, digits or `_`. */
export const IOTDB_USER_RE = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

/** A POSIX login name for SSH (`useradd`'s default rule). */
export const LOGIN_NAME_RE = /^[a-z_][a-z0-9_-]{0,31}$/;

/** An IoTDB pipe ID: a letter, then letters, digits and `_` (at most 64). */
export const PIPE_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** An IoTDB cluster name: a letter, then letters, digits, `-` or `_` (at most 64). */
export const CLUSTER_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** An SSH host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:` and 43 unpadded base64 characters. */
export const HOST_KEY_FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** Whether `s` is a MEMORY_SIZE IoTDB accepts (see MEMORY_SIZE_RE). */
export function isMemorySize(s: unknown): s is string {
    return typeof s === "string" && MEMORY_SIZE_RE.test(s);
}

/**
 * Whether `p` is an absolute path of safe characters (ABSOLUTE_PATH_RE) that is not `/` itself and
 * holds no `.` or `..` component (nor `..` anywhere).
 */
export function isAbsolutePath(p: unknown): p is string {
    if (typeof p !== "string" || !ABSOLUTE_PATH_RE.test(p) || p.includes("..")) return false;
    const parts = p.split("/").filter((part) => part !== "");
    return parts.length > 0 && !parts.includes(".");
}

/** Whether `s` is a DNS host name (HOSTNAME_RE) and not an IPv4 address: a machine's own name. */
export function isHostname(s: unknown): s is string {
    return typeof s === "string" && HOSTNAME_RE.test(s) && !IPV4_RE.test(s);
}

/** Whether `s` is a dotted-quad IPv4 address. */
export function isIpv4(s: unknown): s is string {
    return typeof s === "string" && IPV4_RE.test(s);
}

/** An IPv4 address, or a DNS name (for machines reached by name); all digits and dots must be IPv4. */
export function isAddress(s: unknown): s is string {
    if (typeof s !== "string") return false;
    return /^[0-9.]+$/.test(s) ? IPV4_RE.test(s) : HOSTNAME_RE.test(s);
}

/** Whether `s` is an http(s) URL safe to quote in a script (URL_RE). */
export function isUrl(s: unknown): s is string {
    return typeof s === "string" && URL_RE.test(s);
}

/** Whether `s` is a SHA-256 digest in lower-case hex. */
export function isSha256(s: unknown): s is string {
    return typeof s === "string" && SHA256_RE.test(s);
}

/** Whether `s` is a SHA-512 digest in lower-case hex. */
export function isSha512(s: unknown): s is string {
    return typeof s === "string" && SHA512_RE.test(s);
}

/** The archive formats a distribution may come in. */
export type ArchiveFormat = "tar.gz" | "zip";

/** Whether `s` is an archive format the install step takes. */
export function isArchiveFormat(s: unknown): s is ArchiveFormat {
    return s === "tar.gz" || s === "zip";
}

/** The format of a distribution archive from its URL's or file's name (`.zip`, `.tar.gz`, `.tgz`; query and fragment left out); undefined for any other. */
export function archiveFormatOf(urlOrPath: string): ArchiveFormat | undefined {
    const name = urlOrPath.replace(/[?#].*$/, "").toLowerCase();
    if (name.endsWith(".zip")) return "zip";
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "tar.gz";
    return undefined;
}

/** Whether `s` is a user name IoTDB accepts (IOTDB_USER_RE). */
export function isIotdbUser(s: unknown): s is string {
    return typeof s === "string" && IOTDB_USER_RE.test(s);
}

/** Whether `s` is a POSIX login name (LOGIN_NAME_RE). */
export function isLoginName(s: unknown): s is string {
    return typeof s === "string" && LOGIN_NAME_RE.test(s);
}

/** Whether `s` is an IoTDB pipe ID; `__` prefixes are IoTDB's own and fail the leading letter. */
export function isPipeName(s: unknown): s is string {
    return typeof s === "string" && PIPE_NAME_RE.test(s);
}

/** Whether `s` is a cluster name (CLUSTER_NAME_RE). */
export function isClusterName(s: unknown): s is string {
    return typeof s === "string" && CLUSTER_NAME_RE.test(s);
}

/** Whether `n` is a TCP port number, 1 to 65535. */
export function isPort(n: unknown): n is number {
    return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Whether `s` is an SSH host key fingerprint (HOST_KEY_FINGERPRINT_RE). */
export function isHostKeyFingerprint(s: unknown): s is string {
    return typeof s === "string" && HOST_KEY_FINGERPRINT_RE.test(s);
}
