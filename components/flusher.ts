import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { withJournal } from "../lib/plan/layout";
import { stdinLines } from "../lib/render/sqlScripts";
import { startFlusherScript, stopFlusherScript, checkFlusherScript } from "../lib/render/flusherScripts";
import { FLUSHER_USER } from "../lib/plan/flusherAccess";

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
    /**
     * The password of the flusher's own user (a secret; lib/plan/flusherAccess.ts flusherPassword,
     * derived from root's; the side's credentials step creates the user). The daemon gets it on stdin;
     * a supervised one's is also kept for the supervisor, readable by the owner only. A change restarts
     * the daemon with the new one.
     */
    password: pulumi.Input<string>;
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
    /**
     * Keep the daemon running without `up`: the node's supervisor starts it again when it is gone, and
     * at boot (lib/render/supervisorScripts.ts). Default true; false takes its supervision away. A
     * change runs the start step again, never restarting a daemon whose settings did not change.
     */
    supervise?: pulumi.Input<boolean>;
    /** The node's data directory: the supervisor's script, shared with the node's roles, is made from it. */
    dataDir: pulumi.Input<string>;
}

/**
 * The daemon beside a DataNode that seals its memtables every interval (host-tools/IotdbFlusher.java),
 * so that rows reach the other side within the lag bound: Apache IoTDB's pipes carry sealed TsFiles
 * only. Before each flush it writes its side's canary heartbeat when given a device. It logs in as
 * the flusher's own user (lib/plan/flusherAccess.ts: FLUSH and the heartbeat, nothing else), once the
 * side's credentials step made it. Stopped before the DataNode on destroy. Supervised by default: a
 * daemon gone (killed, host rebooted) is started again by the node's supervisor.
 */
export class Flusher extends pulumi.ComponentResource {
    constructor(name: string, args: FlusherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:Flusher", name, { ...args, dataNode: undefined }, opts);
        const { password, dataNode, ...plain } = args;
        const a = pulumi.output(plain);
        const params = a.apply((v) => ({
            home: v.home, rpcHost: v.rpcHost, rpcPort: v.rpcPort, user: FLUSHER_USER, intervalMs: v.intervalMs,
            ...(v.heartbeatDevice !== undefined ? { heartbeatDevice: v.heartbeatDevice } : {}),
            ...(v.supervise === false ? {} : { supervise: { dataDir: v.dataDir } }),
        }));
        new RemoteScript(`${name}-daemon`, {
            connection: args.connection,
            step: pulumi.interpolate`start the flusher (${name})`,
            create: pulumi.all([a.journalFile, params]).apply(([j, p]) => withJournal(j, "flusher started", startFlusherScript(p))),
            delete: pulumi.all([a.journalFile, params]).apply(([j, p]) => withJournal(j, "flusher stopped", stopFlusherScript(p.home))),
            check: params.apply(checkFlusherScript),
            stdin: pulumi.secret(pulumi.output(password).apply((pw) => stdinLines([pw]))),
            // A new password restarts the daemon with it (flusher-start.sh).
            previousStdinOnUpdate: true,
            triggers: [dataNode],
        }, { parent: this, dependsOn: dependencies(opts) });
        this.registerOutputs(withoutSecrets({}));
    }
}
