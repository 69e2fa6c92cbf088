// RemoteFile: a local file copied to a machine over SFTP; copied again when its content changes.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import { SshConnection, runScript, runScriptChecked, uploadFile } from "./ssh";
import { shellQuote } from "../lib/render/shell";

export interface RemoteFileArgs {
    /** Where the file goes. */
    connection: pulumi.Input<SshConnection>;
    /** Path of the file on the machine running Pulumi. */
    localPath: pulumi.Input<string>;
    /** Absolute path on the remote machine; its directory is created when missing. */
    remotePath: pulumi.Input<string>;
    /** SHA-256 of the local file, hex: a change copies the file again. */
    sha256: pulumi.Input<string>;
    /** Remove the remote file on delete. */
    removeOnDelete?: pulumi.Input<boolean>;
}

interface State {
    connection: SshConnection;
    localPath: string;
    remotePath: string;
    sha256: string;
    removeOnDelete?: boolean;
}

/** Hex SHA-256 of a local file. */
export function sha256OfFile(path: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(path)).digest("hex");
}

async function copyIfDifferent(s: State): Promise<void> {
    const q = shellQuote(s.remotePath);
    const probe = await runScript(s.connection, `set -euo pipefail; mkdir -p "$(dirname ${q})"; if [ -f ${q} ]; then sha256sum ${q} | cut -d' ' -f1; fi`);
    if (probe.code !== 0) throw new Error(`cannot prepare ${s.remotePath} on ${s.connection.host}: ${probe.stderr.trim()}`);
    if (probe.stdout.trim() === s.sha256) return;
    if (sha256OfFile(s.localPath) !== s.sha256) throw new Error(`${s.localPath} changed since the plan was made: run pulumi up again`);
    await uploadFile(s.connection, s.localPath, s.remotePath);
    await runScriptChecked(s.connection, `verify ${s.remotePath}`,
        `set -euo pipefail; [ "$(sha256sum ${q} | cut -d' ' -f1)" = ${shellQuote(s.sha256)} ] || { echo "checksum mismatch after upload" >&2; exit 1; }`);
}

const remoteFileProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: State, news: State): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.connection?.host !== news.connection?.host || olds.remotePath !== news.remotePath ? ["remotePath"] : [];
        const changes = replaces.length > 0 || olds.sha256 !== news.sha256 || JSON.stringify(olds.connection) !== JSON.stringify(news.connection)
            || !!olds.removeOnDelete !== !!news.removeOnDelete;
        return { changes, replaces };
    },
    async create(inputs: State): Promise<pulumi.dynamic.CreateResult> {
        await copyIfDifferent(inputs);
        return { id: crypto.randomBytes(8).toString("hex"), outs: inputs };
    },
    async update(_id: string, _olds: State, news: State): Promise<pulumi.dynamic.UpdateResult> {
        await copyIfDifferent(news);
        return { outs: news };
    },
    async delete(_id: string, props: State): Promise<void> {
        if (props.removeOnDelete) await runScriptChecked(props.connection, `remove ${props.remotePath}`, `rm -f ${shellQuote(props.remotePath)}`);
    },
};

export class RemoteFile extends pulumi.dynamic.Resource {
    constructor(name: string, args: RemoteFileArgs, opts?: pulumi.CustomResourceOptions) {
        super(remoteFileProvider, name, args, opts, "iotdb", "RemoteFile");
    }
}
