// SSH transport for the project's dynamic providers (ssh2: a maintained pure-JS SSH client).
// Runs inside Pulumi's dynamic-provider process: keep it to plain functions and node_modules imports.
import * as fs from "fs";
import * as crypto from "crypto";
import { Client, ConnectConfig } from "ssh2";
import { shellQuote } from "../lib/render/shell";
import { failureMessage, secretsOf } from "./failureMessage";
import { DEFAULT_STEP_TIMEOUT_SECONDS, KILL_AFTER_SECONDS, StepLimits, limitedCommand } from "./remoteCommand";

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
    /** Expected host key fingerprint, `SHA256:<base64>` as `ssh-keygen -lf` prints it; unchecked when empty. */
    hostKeyFingerprint?: string;
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

function connectConfig(conn: SshConnection): ConnectConfig {
    let privateKey = conn.privateKey;
    if (!privateKey && conn.privateKeyPath) {
        try {
            privateKey = fs.readFileSync(conn.privateKeyPath, "utf8");
        } catch (e) {
            throw new Error(`cannot read the SSH private key file ${conn.privateKeyPath}: ${(e as Error).message}`);
        }
    }
    if (!privateKey) {
        throw new Error(`no SSH private key for ${describe(conn)}: set ssh.privateKeyPath or the secret ssh.privateKey`);
    }
    const expected = conn.hostKeyFingerprint;
    return {
        host: conn.host,
        port: conn.port,
        username: conn.user,
        privateKey,
        readyTimeout: (conn.dialTimeoutSeconds ?? 10) * 1000,
        keepaliveInterval: 10000,
        hostVerifier: expected
            ? (key: Buffer) => "SHA256:" + crypto.createHash("sha256").update(key).digest("base64").replace(/=+$/, "") === expected
            : undefined,
    };
}

function connectOnce(conn: SshConnection): Promise<Client> {
    const config = connectConfig(conn);
    return new Promise((resolve, reject) => {
        const client = new Client();
        client.once("ready", () => resolve(client));
        client.once("error", (err: Error) => reject(err));
        client.connect(config);
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
    timeoutSeconds = DEFAULT_STEP_TIMEOUT_SECONDS): Promise<ExecResult> {
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
