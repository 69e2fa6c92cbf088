import * as pulumi from "@pulumi/pulumi";

/**
 * The resources in a component's `dependsOn`, to hand down to its children: Pulumi does not make a
 * component's children wait for what the component depends on.
 */
export function dependencies(opts?: pulumi.ComponentResourceOptions): pulumi.Input<pulumi.Resource>[] {
    const d = opts?.dependsOn;
    if (!d) return [];
    return Array.isArray(d) ? [...d] : [d as pulumi.Input<pulumi.Resource>];
}
