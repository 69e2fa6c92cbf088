// The component provider of the package `iotdb` (type tokens iotdb:index:<Class>): serves the schema
// Pulumi derives from the components' TypeScript Args, and constructs them for programs in any language.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { DualActivePair, IotdbNode, Pipe, HostsEntry, SideCredentials } from "../library";

componentProviderHost({ components: [DualActivePair, IotdbNode, Pipe, HostsEntry, SideCredentials], name: "iotdb", dirname: __dirname });
