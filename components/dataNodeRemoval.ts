import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { memberDataNodeScript, removeDataNodeScript, stdinLines, SqlTarget } from "../lib/render/sqlScripts";

export interface DataNodeRemovalArgs {
    /** A machine of the side that stays in it, with a Running DataNode. */
    connection: pulumi.Input<SshConnection>;
    /** Where the SQL runs on that machine. */
    target: pulumi.Input<SqlTarget>;
    /** Hostname (internal address) of the DataNode this resource takes out of the cluster when asked. */
    hostname: pulumi.Input<string>;
    /** root's password (a secret). */
    adminPassword: pulumi.Input<string>;
    /** Bound on the wait for IoTDB to move the node's regions away and drop it, in seconds. */
    timeoutSeconds: pulumi.Input<number>;
    /**
     * false (the default): the DataNode stays; nothing runs on the cluster. true: it is taken out.
     * A plain value: it decides what the resource depends on.
     */
    remove?: boolean;
    /**
     * While the DataNode stays: its own resources (its IotdbNode and its flusher). They must be given,
     * and the resource declared, before the node is marked for removal (see the class comment).
     */
    node?: pulumi.Resource[];
}

/**
 * A DataNode's membership of its side, and its removal the way IoTDB expects: `remove datanode`
 * (its regions move to the other DataNodes, then IoTDB stops it), waited for until `show cluster` no
 * longer lists it.
 *
 * Declared for every DataNode-only machine from its first `up` on, depending on that node's
 * resources. Marked for removal, the node's resources are no longer declared (Pulumi deletes them:
 * service stop, then data purge if asked) and this resource is updated to run the removal. The
 * deletes run after every update, and a resource recorded as a dependency of a step that failed is
 * not deleted, even with continue-on-error (Pulumi's deployment executor, performPostSteps): so while
 * the removal has not succeeded (refused, or its regions still moving at the timeout), the node keeps
 * running with its data, and the next `up` runs the removal again. A step skipped (for a failed
 * dependency) holds nothing back, so the removal is declared depending on nothing: it runs, and
 * succeeds or fails, whatever else fails in that `up`. Once it succeeded, the recorded
 * dependencies are gone and the node's resources are deleted in the same `up`. Deleting this
 * resource does nothing on the cluster.
 */
export class DataNodeRemoval extends pulumi.ComponentResource {
    /** Id of the script resource: depend on it for "the node is out of the cluster" (when `remove`). */
    public readonly done: pulumi.Output<string>;

    constructor(name: string, args: DataNodeRemovalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:DataNodeRemoval", name, { ...args, adminPassword: undefined, node: undefined }, opts);
        const remove = args.remove === true;
        if (!remove && !args.node?.length) throw new Error(`${name}: a DataNode that stays needs its resources (node)`);
        const script = new RemoteScript(`${name}-remove`, {
            connection: args.connection,
            step: remove ? pulumi.interpolate`remove DataNode ${args.hostname}` : pulumi.interpolate`DataNode ${args.hostname} in its side`,
            create: remove
                ? pulumi.all([args.target, args.hostname, args.timeoutSeconds]).apply(([t, h, s]) => removeDataNodeScript(t, h, s))
                : pulumi.output(args.hostname).apply(memberDataNodeScript),
            stdin: remove ? pulumi.secret(pulumi.output(args.adminPassword).apply((pw) => stdinLines([pw]))) : undefined,
            // Another SQL node (the side's first DataNode changed) is an update, never a replacement.
            neverReplace: true,
        }, {
            parent: this,
            dependsOn: remove ? dependencies(opts) : [...args.node!, ...dependencies(opts)],
            customTimeouts: { create: "60m", update: "60m" },
        });
        this.done = script.id;
        this.registerOutputs(withoutSecrets({ done: this.done }));
    }
}
