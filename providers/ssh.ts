// SSH transport for the project's dynamic providers (ssh2: a maintained pure-JS SSH client).
// Runs inside Pulumi's dynamic-provider process: keep it to plain functions and node_modules imports.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Client, ConnectConfig } from "ssh2";
import { shellQuote } from "../lib/render/shell";
import { failureMessage, secretsOf } from "./failureMessage";
import { DEFAULT_STEP_TIMEOUT_SECONDS, KILL_AFTER_SECONDS, StepLimits, limitedCommand } from "./remoteCommand";
import { fingerprint, hostName, judgeHostKey, knownHostsFile, knownKeyTypes, parseKnownHosts, untrustedKeyMessage } from "./knownHosts";
import { isEncryptedKey } from "./sshKeys";

/** How to reach a machine over SSH. Plain values: the provider receives inputs already resolved. */
export interface SshConnection {
    /** Address or DNS name the machine running Pulumi connects to. */
    host: string;
    /** SSH port. */
    port: number;
    /** Login user; it must be able to write the install and data directories and /etc/hosts. */
    user: string;
    /** Path, on the machine running Pulumi, of the private key (read at run time, never stored). */
    privateKeyPath?: string;
    /** The private key itself (a Pulumi secret), when no path is given. */
    privateKey?: string;
    /**
     * Expected host key fingerprint, `SHA256:<base64>` as `ssh-keygen -lf` prints it. When empty the key
     * must be in `knownHostsPath`.
     */
    hostKeyFingerprint?: string;
    /** known_hosts file of trusted host keys (OpenSSH format); default the user's ~/.ssh/known_hosts. */
    knownHostsPath?: string;
    /** Seconds a step's script may run on the machine (default 1800); see remoteCommand.ts. */
    stepTimeoutSeconds?: number;
    /** Seconds to wait for one connection attempt. */
    dialTimeoutSeconds?: number;
    /** Connection attempts before giving up. */
    dialAttempts?: number;
}

export interface ExecResult {
    code: number;
    stdout: string;
    stderr: string;
}

function describe(conn: SshConnection): string {
    return `${conn.user}@${conn.host}:${conn.port}`;
}

/** How a connection decides whether to trust the key a server offers; never "anything goes". */
interface HostTrust {
    verify(key: Buffer): boolean;
    /** Why the last key was refused, once verify said no. */
    refusal(): string | undefined;
    /** Key algorithms to ask for first (those the trusted keys are of). */
    preferred: string[];
}

const RSA_ALGORITHMS = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

function hostTrust(conn: SshConnection): HostTrust {
    let refused: string | undefined;
    if (conn.hostKeyFingerprint) {
        const expected = conn.hostKeyFingerprint;
        return {
            verify: (key) => {
                if (fingerprint(key) === expected) return true;
                refused = `host key of ${hostName(conn.host, conn.port)} (${fingerprint(key)}) is not the expected ${expected}; nothing was run there`;
                return false;
            },
            refusal: () => refused, preferred: [],
        };
    }
    const file = knownHostsFile(conn);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`cannot read the known hosts file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): set ssh.knownHostsPath to a file that holds every machine's host key (ssh-keyscan -p ${conn.port} ${conn.host} >> FILE, after checking the fingerprint)`);
    }
    const entries = parseKnownHosts(text);
    return {
        verify: (key) => {
            const v = judgeHostKey(entries, conn.host, conn.port, key);
            if (v.trusted) return true;
            refused = untrustedKeyMessage(conn.host, conn.port, file, v);
            return false;
        },
        refusal: () => refused,
        preferred: knownKeyTypes(entries, conn.host, conn.port).flatMap((t) => (t === "ssh-rsa" ? RSA_ALGORITHMS : [t])),
    };
}

function privateKeyOf(conn: SshConnection): string | undefined {
    if (conn.privateKey) return conn.privateKey;
    if (!conn.privateKeyPath) return undefined;
    try {
        return fs.readFileSync(conn.privateKeyPath, "utf8");
    } catch (e) {
        throw new Error(`cannot read the SSH private key file ${conn.privateKeyPath}: ${(e as Error).message}`);
    }
}

function connectConfig(conn: SshConnection, trust: HostTrust): ConnectConfig {
    const agent = process.env.SSH_AUTH_SOCK || undefined;
    let privateKey = privateKeyOf(conn);
    if (privateKey && isEncryptedKey(privateKey)) {
        // The passphrase is never asked for nor stored: a protected key is used through ssh-agent.
        if (!agent) throw new Error(`the SSH private key ${conn.privateKeyPath ?? "given in the connection (privateKey)"} is protected by a passphrase: load it into ssh-agent (ssh-add ${conn.privateKeyPath ?? "KEY"}) and run Pulumi with SSH_AUTH_SOCK set`);
        privateKey = undefined;
    }
    if (!privateKey && !agent) {
        throw new Error(`no SSH private key for ${describe(conn)}: set ssh.privateKeyPath (or give the connection a privateKey), or run an ssh-agent (SSH_AUTH_SOCK)`);
    }
    return {
        host: conn.host,
        port: conn.port,
        username: conn.user,
        privateKey,
        agent,
        readyTimeout: (conn.dialTimeoutSeconds ?? 10) * 1000,
        keepaliveInterval: 10000,
        hostVerifier: (key: Buffer) => trust.verify(key),
        ...(trust.preferred.length > 0 ? { algorithms: { serverHostKey: { prepend: trust.preferred } as any } } : {}),
    };
}

function connectOnce(conn: SshConnection): Promise<Client> {
    const trust = hostTrust(conn);
    const config = connectConfig(conn, trust);
    return new Promise((resolve, reject) => {
        const client = new Client();
        client.once("ready", () => resolve(client));
        client.once("error", (err: Error) => reject(trust.refusal() ? new Error(trust.refusal()) : err));
        client.connect(config);
    });
}

/** A machine offered a host key that is not trusted (unknown, different or revoked). */
export class UntrustedHostKeyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UntrustedHostKeyError";
    }
}

/**
 * Checks a machine's host key with a key exchange only: the connection is closed as soon as the server
 * has shown its key, before any login, so a machine that is not the one trusted never sees a
 * credential. Resolves when the key is trusted; rejects with UntrustedHostKeyError naming the host, the
 * key's fingerprint and the fix, or with an Error when the machine cannot be reached.
 */
export function checkHostKey(conn: SshConnection): Promise<void> {
    const trust = hostTrust(conn);
    return new Promise((resolve, reject) => {
        const client = new Client();
        let verdict: boolean | undefined;
        const done = (err?: Error) => { client.end(); if (err) reject(err); else resolve(); };
        client.once("error", (err: Error) => {
            if (verdict === true) return done();
            const refusal = trust.refusal();
            done(refusal ? new UntrustedHostKeyError(refusal) : new Error(`cannot check the host key of ${describe(conn)}: ${err.message}`));
        });
        client.once("ready", () => done());
        client.connect({
            host: conn.host, port: conn.port, username: conn.user, readyTimeout: (conn.dialTimeoutSeconds ?? 10) * 1000,
            ...(trust.preferred.length > 0 ? { algorithms: { serverHostKey: { prepend: trust.preferred } as any } } : {}),
            // Seen the key: judge it, then stop here in both cases (returning false ends the handshake).
            hostVerifier: (key: Buffer) => { verdict = trust.verify(key); return false; },
        });
    });
}

/** Connects, retrying `dialAttempts` times; the error names the host and the last cause. */
export async function connect(conn: SshConnection): Promise<Client> {
    const attempts = Math.max(1, conn.dialAttempts ?? 3);
    let last: Error | undefined;
    for (let i = 1; i <= attempts; i++) {
        try {
            return await connectOnce(conn);
        } catch (e) {
            last = e as Error;
            if (/private key|host key|verification/i.test(last.message)) break;
            if (i < attempts) await new Promise((r) => setTimeout(r, 1000 * i));
        }
    }
    throw new Error(`cannot reach ${describe(conn)} over SSH after ${attempts} attempt(s): ${last?.message}`);
}

/**
 * Runs `script` with bash on the machine; `stdin` (may hold secrets) is written to its standard input.
 * With `limits`, it runs under the step's time limit and lock (remoteCommand.ts), and the wait here
 * ends too: a connection that drops or stops answering is an error, never a wait without end.
 */
export async function runScript(conn: SshConnection, script: string, stdin?: string, limits?: StepLimits): Promise<ExecResult> {
    const client = await connect(conn);
    let timer: NodeJS.Timeout | undefined;
    try {
        return await new Promise<ExecResult>((resolve, reject) => {
            // Keepalives (every 10 s, 3 missed) end a connection whose peer is gone.
            client.on("error", (e: Error) => reject(new Error(`connection to ${describe(conn)} lost while the step ran: ${e.message}`)));
            client.on("close", () => reject(new Error(`connection to ${describe(conn)} closed before the step ended`)));
            if (limits) {
                // The lock wait and the run each have the limit; past both (and the KILL), nothing will come.
                const waitSeconds = 2 * limits.timeoutSeconds + KILL_AFTER_SECONDS + 60;
                timer = setTimeout(() => reject(new Error(`no end of the step on ${describe(conn)} after ${waitSeconds} s`)), waitSeconds * 1000);
            }
            const command = limits ? limitedCommand(script, limits) : "bash -c " + shellQuote(script);
            client.exec(command, (err, stream) => {
                if (err) return reject(err);
                let stdout = "";
                let stderr = "";
                stream.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
                stream.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
                stream.on("close", (code: number | null, signal?: string) =>
                    resolve({ code: code ?? (signal ? 128 : 255), stdout, stderr }));
                stream.end(stdin ?? "");
            });
        });
    } finally {
        if (timer) clearTimeout(timer);
        client.end();
    }
}

/**
 * Like runScript, under the step's time limit and lock; a non-zero exit becomes an error naming the
 * step, the host and the cause first (failureMessage).
 */
export async function runScriptChecked(conn: SshConnection, step: string, script: string, stdin?: string,
    timeoutSeconds = conn.stepTimeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS): Promise<ExecResult> {
    let result: ExecResult;
    try {
        result = await runScript(conn, script, stdin, { step, timeoutSeconds });
    } catch (e) {
        throw new Error(`${step}: ${(e as Error).message}`);
    }
    if (result.code !== 0) {
        throw new Error(failureMessage(step, describe(conn), result.code, result.stderr, secretsOf(stdin)));
    }
    return result;
}

/** Copies a local file to `remotePath` (through `<remotePath>.part`, then renamed) with SFTP. */
export async function uploadFile(conn: SshConnection, localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    const client = await connect(conn);
    try {
        await new Promise<void>((resolve, reject) => {
            client.sftp((err, sftp) => {
                if (err) return reject(err);
                const part = remotePath + ".part";
                sftp.fastPut(localPath, part, { mode }, (putErr) => {
                    if (putErr) return reject(new Error(`upload of ${localPath} to ${describe(conn)}:${part} failed: ${putErr.message}`));
                    sftp.rename(part, remotePath, (mvErr) => {
                        if (!mvErr) return resolve();
                        // SFTP rename does not overwrite: fall back to a shell mv.
                        client.exec(`mv -f ${shellQuote(part)} ${shellQuote(remotePath)}`, (exErr, stream) => {
                            if (exErr) return reject(exErr);
                            stream.on("close", (code: number) => (code === 0 ? resolve() : reject(new Error(`mv ${part} failed (exit ${code})`))));
                            stream.resume();
                        });
                    });
                });
            });
        });
    } finally {
        client.end();
    }
}
