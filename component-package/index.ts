// The component provider of the package `iotdb` (type tokens iotdb:index:<Class>): serves the schema
// Pulumi derives from the components' TypeScript Args, and constructs them for programs in any language.
// Only components whose Args and outputs the schema analyzer accepts are listed (see README.md here).
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { HostsEntry, SideCredentials } from "../library";

componentProviderHost({ components: [HostsEntry, SideCredentials], name: "iotdb", dirname: __dirname });
