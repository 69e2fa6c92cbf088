// What a component records as its outputs (components/support/registeredOutputs.ts): never a secret.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { withoutSecrets } from "../../components/support/registeredOutputs";

describe("registered outputs (withoutSecrets)", () => {
    it("keeps plain values and plain Outputs, drops secrets and undefined ones", async () => {
        const kept = await withoutSecrets({
            ready: "id-1", endpoint: pulumi.output({ host: "h", port: 1 }), password: pulumi.secret("pw"),
            derived: pulumi.all([pulumi.secret("pw"), "x"]).apply(([p, x]) => p + x), none: undefined,
        });
        assert.deepStrictEqual(Object.keys(kept).sort(), ["endpoint", "ready"]);
        assert.strictEqual(kept.ready, "id-1");
    });
});
