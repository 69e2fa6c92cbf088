import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { checkHostsScript, ensureHostsScript, removeHostsScript, HostsLine } from "../lib/render/hostsFile";

export interface HostsEntryArgs {
    /** The machine whose /etc/hosts is edited. */
    connection: pulumi.Input<SshConnection>;
    /** Hostname/IPv4 address pairs the machine must resolve (every node of both sides). */
    entries: pulumi.Input<HostsLine[]>;
    /** Owner written in the marker of each line (project/stack): lines of other owners are never touched. */
    owner: pulumi.Input<string>;
}

/**
 * The lines of one machine's /etc/hosts that resolve the pair's hostnames, marked with the owner:
 * written on create and update, checked by `pulumi refresh` (a line missing or changed by hand is
 * drift, restored by the next `up`), removed on delete. Lines of other owners are never touched.
 */
export class HostsEntry extends pulumi.ComponentResource {
    /** Id of the script resource: a dependency for whatever needs the names to resolve. */
    public readonly ready: pulumi.Output<string>;

    constructor(name: string, args: HostsEntryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:HostsEntry", name, args, opts);
        const script = new RemoteScript(`${name}-hosts`, {
            connection: args.connection,
            step: pulumi.interpolate`hosts entries (${name})`,
            create: pulumi.all([args.entries, args.owner]).apply(([entries, owner]) => ensureHostsScript({ entries, owner })),
            check: pulumi.all([args.entries, args.owner]).apply(([entries, owner]) => checkHostsScript({ entries, owner })),
            delete: pulumi.output(args.owner).apply((owner) => removeHostsScript({ owner })),
        }, { parent: this, dependsOn: dependencies(opts) });
        this.ready = script.id;
        this.registerOutputs(withoutSecrets({ ready: this.ready }));
    }
}
