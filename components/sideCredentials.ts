import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { credentialsScript, credentialsStdin, SqlTarget } from "../lib/render/sqlScripts";
import type { SyncAccess } from "../lib/plan/syncAccess";

export interface SideCredentialsArgs {
    /** A machine of the side, with a Running node. */
    connection: pulumi.Input<SshConnection>;
    /** Where the SQL runs on that machine. */
    target: pulumi.Input<SqlTarget>;
    /** root's password on this side (a secret); replaces the default `root` on first run. A change rotates it (from the previous value). */
    adminPassword: pulumi.Input<string>;
    /** Login of the replication user the other side's pipe uses. */
    syncUser: pulumi.Input<string>;
    /** Its password on this side (a secret), different from the other side's. A change re-creates the user with it; the other side's pipe then replaces its sink password in place. */
    syncPassword: pulumi.Input<string>;
    /**
     * What the user may write (the other side's owned paths) and the databases root creates for those
     * rows ahead (lib/plan/syncAccess.ts syncAccess): the user gets no other privilege.
     */
    access: pulumi.Input<SyncAccess>;
    /**
     * The paths the flusher's user writes on this side (its heartbeat device, lib/plan/flusherAccess.ts
     * flusherWritePaths). The user is created here, its password derived from root's (flusherPassword),
     * so it follows a rotation of root's; it gets SYSTEM (for FLUSH) and these paths, nothing else.
     */
    flusherPaths: pulumi.Input<string[]>;
}

/**
 * root's password and the replication user on one side: the databases the other side's rows land in
 * are created as root, and the user gets WRITE_DATA and WRITE_SCHEMA on the other side's paths and
 * SYSTEM (lib/plan/syncAccess.ts); the flusher's user gets SYSTEM and its side's heartbeat device
 * (lib/plan/flusherAccess.ts). A change of either password rotates it: root's is changed from the
 * previous one, the sync user is created again with the new one, the flusher's gets its new one.
 */
export class SideCredentials extends pulumi.ComponentResource {
    /** Id of the script resource: depend on it for "credentials are in place". */
    public readonly ready: pulumi.Output<string>;

    constructor(name: string, args: SideCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:SideCredentials", name, args, opts);
        const stdin = pulumi.all([args.adminPassword, args.syncUser, args.syncPassword]).apply(([admin, user, sync]) => credentialsStdin(admin, user, sync));
        const script = new RemoteScript(`${name}-users`, {
            connection: args.connection,
            step: `credentials (${name})`,
            create: pulumi.all([args.target, args.syncUser, args.access, args.flusherPaths]).apply(([t, user, access, paths]) => credentialsScript(t, user, access, paths)),
            stdin: pulumi.secret(stdin),
            // A rotation: root still has the previous password when this runs.
            previousStdinOnUpdate: true,
        }, { parent: this, dependsOn: dependencies(opts) });
        this.ready = script.id;
        this.registerOutputs(withoutSecrets({ ready: this.ready }));
    }
}
