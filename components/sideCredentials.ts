import * as pulumi from "@pulumi/pulumi";
import { RemoteScript } from "../providers/remoteScript";
import { dependencies } from "./support/dependsOn";
import { withoutSecrets } from "./support/registeredOutputs";
import { SshConnection } from "../providers/ssh";
import { credentialsScript, stdinLines, SqlTarget } from "../lib/render/sqlScripts";
import { alterPasswordSql, createUserSql, grantSyncPrivilegesSql } from "../lib/render/sql";

export interface SideCredentialsArgs {
    /** A machine of the side, with a Running node. */
    connection: pulumi.Input<SshConnection>;
    /** Where the SQL runs on that machine. */
    target: pulumi.Input<SqlTarget>;
    /** root's password (a secret); replaces the default `root` on first run. */
    adminPassword: pulumi.Input<string>;
    /** Login of the replication user the other side's pipe uses. */
    syncUser: pulumi.Input<string>;
    /** Its password (a secret). */
    syncPassword: pulumi.Input<string>;
}

/** root's password and the replication user (with the privileges a receiving pipe needs) on one side. */
export class SideCredentials extends pulumi.ComponentResource {
    /** Id of the script resource: depend on it for "credentials are in place". */
    public readonly ready: pulumi.Output<string>;

    constructor(name: string, args: SideCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iotdb:index:SideCredentials", name, args, opts);
        const stdin = pulumi.all([args.adminPassword, args.syncUser, args.syncPassword]).apply(([admin, user, sync]) => stdinLines([
            admin,
            alterPasswordSql("root", admin),
            createUserSql(user, sync),
            alterPasswordSql(user, sync),
            ...grantSyncPrivilegesSql(user),
        ]));
        const script = new RemoteScript(`${name}-users`, {
            connection: args.connection,
            step: `credentials (${name})`,
            create: pulumi.all([args.target, args.syncUser]).apply(([t, user]) => credentialsScript(t, user)),
            stdin: pulumi.secret(stdin),
        }, { parent: this, dependsOn: dependencies(opts) });
        this.ready = script.id;
        this.registerOutputs(withoutSecrets({ ready: this.ready }));
    }
}
