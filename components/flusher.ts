import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { withJournal } from "../lib/plan/layout";
import { stdinLines } from "../lib/render/sqlScripts";
import { startFlusherScript, stopFlusherScript, checkFlusherScript } from "../lib/render/flusherScripts";

export interface FlusherArgs {
    /** The machine of the DataNode. */
    connection: pulumi.Input<SshConnection>;
    /** Its IoTDB home. */
    home: pulumi.Input<string>;
    /** The DataNode's RPC address (its hostname) and port. */
    rpcHost: pulumi.Input<string>;
    rpcPort: pulumi.Input<number>;
    /** The journal file of the machine. */
    journalFile: pulumi.Input<string>;
    /** root's password (a secret): the daemon gets it on stdin and keeps it in memory only. A change restarts the daemon with the new one. */
    adminPassword: pulumi.Input<string>;
    /**
     * Milliseconds between two `FLUSH ON LOCAL` (lib/plan/replication.ts derives it from
     * `replication.maxLagSeconds`). A change restarts the daemon only, never the DataNode.
     */
    intervalMs: pulumi.Input<number>;
    /**
     * The device the daemon writes its side's canary heartbeat into before each flush (lib/plan/canary.ts:
     * `npm run status` measures the lag with it). Default: none, no heartbeat. A change restarts the daemon only.
     */
    heartbeatDevice?: pulumi.Input<string>;
    /** Id of the DataNode's service: when it is replaced (restarted), the flusher is started again after it. */
    dataNode: pulumi.Input<string>;
}

/**
 * The daemon beside a DataNode that seals its memtables every interval (host-tools/IotdbFlusher.java),
 * so that rows reach the other side within the lag bound: Apache IoTDB's pipes carry sealed TsFiles
 * only. Before each flush it writes its side's canary heartbeat when given a device. Started once root's password is set; stopped before the DataNode on destroy; a daemon gone
 * (host rebooted, killed) shows as drift on refresh and is started again by `up --refresh`.
 */
export class Flusher extends pulumi.ComponentResource {
    constructor(name: string, args: FlusherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:Flusher", name, { ...args, dataNode: undefined }, opts);
        const { adminPassword, dataNode, ...plain } = args;
        const a = pulumi.output(plain);
        const params = a.apply((v) => ({
            home: v.home, rpcHost: v.rpcHost, rpcPort: v.rpcPort, user: "root", intervalMs: v.intervalMs,
            ...(v.heartbeatDevice !== undefined ? { heartbeatDevice: v.heartbeatDevice } : {}),
        }));
        new RemoteScript(`${name}-daemon`, {
            connection: args.connection,
            step: pulumi.interpolate`start the flusher (${name})`,
            create: pulumi.all([a.journalFile, params]).apply(([j, p]) => withJournal(j, "flusher started", startFlusherScript(p))),
            delete: pulumi.all([a.journalFile, params]).apply(([j, p]) => withJournal(j, "flusher stopped", stopFlusherScript(p.home))),
            check: params.apply(checkFlusherScript),
            stdin: pulumi.secret(pulumi.output(adminPassword).apply((pw) => stdinLines([pw]))),
            // A new password restarts the daemon with it (flusher-start.sh).
            previousStdinOnUpdate: true,
            triggers: [dataNode],
        }, { parent: this, dependsOn: dependencies(opts) });
        this.registerOutputs(withoutSecrets({}));
    }
}
