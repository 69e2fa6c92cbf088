// The program's first step: every machine's host key checked by a key exchange alone, before any
// resource is declared, so that `preview` and `up` refuse an unknown or changed key before any command
// (or login) reaches a machine. A machine that does not answer is left to its steps, which verify the
// key again when they connect.
import * as pulumi from "@pulumi/pulumi";
import type { PairConfig } from "../../lib/model/config";
import { connectionTo } from "../../lib/plan/connections";
import { checkHostKey, UntrustedHostKeyError } from "../../providers/ssh";

/** Resolves when every reachable machine's key is trusted; rejects listing each machine whose key is not. */
export async function checkHostKeys(c: PairConfig): Promise<void> {
    const nodes = [...c.sideA.nodes, ...c.sideB.nodes];
    const results = await Promise.allSettled(nodes.map((n) => checkHostKey(connectionTo(c, n))));
    const refused: string[] = [];
    results.forEach((r, i) => {
        if (r.status === "fulfilled") return;
        if (r.reason instanceof UntrustedHostKeyError) refused.push(`${nodes[i].hostname}: ${r.reason.message}`);
        else pulumi.log.warn(`${nodes[i].hostname}: host key not checked at this point (${(r.reason as Error).message}); its steps check it when they connect`);
    });
    if (refused.length > 0) throw new UntrustedHostKeyError(`untrusted SSH host key(s), nothing was run:\n  - ${refused.join("\n  - ")}`);
}
