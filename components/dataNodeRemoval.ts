import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { removeDataNodeScript, stdinLines, SqlTarget } from "../lib/render/sqlScripts";

export interface DataNodeRemovalArgs {
    /** A machine of the side that stays in it, with a Running DataNode. */
    connection: pulumi.Input<SshConnection>;
    /** Where the SQL runs on that machine. */
    target: pulumi.Input<SqlTarget>;
    /** Hostname (internal address) of the DataNode to take out of the cluster. */
    hostname: pulumi.Input<string>;
    /** root's password (a secret). */
    adminPassword: pulumi.Input<string>;
    /** Bound on the wait for IoTDB to move the node's regions away and drop it, in seconds. */
    timeoutSeconds: pulumi.Input<number>;
}

/**
 * A DataNode taken out of its side the way IoTDB expects: `remove datanode` (its regions move to the
 * other DataNodes, then IoTDB stops it), waited for until `show cluster` no longer lists it. Deleting
 * this resource does nothing: the node is gone from the cluster.
 */
export class DataNodeRemoval extends pulumi.ComponentResource {
    /** Id of the script resource: depend on it for "the node is out of the cluster". */
    public readonly done: pulumi.Output<string>;

    constructor(name: string, args: DataNodeRemovalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:DataNodeRemoval", name, { ...args, adminPassword: undefined }, opts);
        const script = new RemoteScript(`${name}-remove`, {
            connection: args.connection,
            step: pulumi.interpolate`remove DataNode ${args.hostname}`,
            create: pulumi.all([args.target, args.hostname, args.timeoutSeconds]).apply(([t, h, s]) => removeDataNodeScript(t, h, s)),
            stdin: pulumi.secret(pulumi.output(args.adminPassword).apply((pw) => stdinLines([pw]))),
        }, { parent: this, dependsOn: dependencies(opts), customTimeouts: { create: "60m" } });
        this.done = script.id;
        this.registerOutputs(withoutSecrets({ done: this.done }));
    }
}
