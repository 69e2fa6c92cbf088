// What a private key file needs before ssh2 can use it. Pure.

/** Whether a private key needs a passphrase (OpenSSH and PEM forms). */
export function isEncryptedKey(key: string): boolean {
    if (/Proc-Type: 4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/.test(key)) return true;
    const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(key);
    if (!m) return false;
    const body = Buffer.from(m[1].replace(/\s+/g, ""), "base64");
    const magic = "openssh-key-v1\0";
    if (body.subarray(0, magic.length).toString("latin1") !== magic) return false;
    const len = body.readUInt32BE(magic.length);
    return body.subarray(magic.length + 4, magic.length + 4 + len).toString("latin1") !== "none";
}
