// Stack configs the config tests share.

/** The smallest config parsePairConfig accepts: what it needs is what the reference calls required. */
export const minimalConfig = (): Record<string, any> => ({
    sideA: { clusterName: "dual-a", nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }], owns: ["root.site_a.**"] },
    sideB: { clusterName: "dual-b", nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }], owns: ["root.site_b.**"] },
    ssh: { privateKeyPath: "/keys/id" },
    adminPassword: "Adm1n-pass_word",
    adminPasswordB: "Adm1n-pass_wordB",
    syncPassword: "Sync-pass_word9",
    syncPasswordB: "Sync-pass_wordB",
});
