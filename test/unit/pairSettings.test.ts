// DualActivePair's Args validated inside the component (components/support/pairSettings.ts), with the
// parser's own messages; the passwords checked apart, since they may be Outputs.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { archiveOf, checkedPasswords, validatedSettings } from "../../components/support/pairSettings";
import type { DualActivePairArgs } from "../../components/pairArgs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iotdb-da-pair-settings-"));
const key = path.join(dir, "id_test");
fs.writeFileSync(key, "a key the component only names\n");
const tarball = path.join(dir, "apache-iotdb-2.0.10-bin.tar.gz");
fs.writeFileSync(tarball, "not a real archive");
fs.writeFileSync(`${tarball}.sha256`, `${"b".repeat(64)}  apache-iotdb-2.0.10-bin.tar.gz\n`);

const args = (over: Partial<DualActivePairArgs> = {}): DualActivePairArgs => ({
    sideA: { clusterName: "a", owns: ["root.site_a.**"], nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }] },
    sideB: { clusterName: "b", owns: ["root.site_b.**"], nodes: [{ hostname: "iotdb-2", address: "10.213.7.12", roles: ["confignode", "datanode"] }] },
    ssh: { privateKeyPath: key },
    distribution: { localPath: tarball },
    adminPassword: pulumi.secret("Adm1n-settings_pw"),
    adminPasswordB: pulumi.secret("Adm1n-settings_pwB"),
    syncPassword: pulumi.secret("Sync-settings_pw9"),
    syncPasswordB: pulumi.secret("Sync-settings_pwB"),
    owner: "unit/settings",
    ...over,
});

/** The value of an Output, or its failure. */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

describe("DualActivePair's Args, validated inside the component", () => {
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fills in the defaults a stack gets, and finds the tarball named by distribution.localPath", () => {
        const c = validatedSettings("pair", args());
        assert.deepStrictEqual([c.installDir, c.memory.datanode, c.pipes.ab.name, c.syncUser, c.sideA.nodes[0].roles], ["/opt/iotdb", "4G", "AB", "dualsync", ["confignode", "datanode"]]);
        assert.deepStrictEqual(archiveOf(c), { localPath: tarball, sha256: "b".repeat(64) });
        assert.deepStrictEqual(archiveOf({ ...c, distribution: { url: "https://example.invalid/a.tar.gz", sha256: "c".repeat(64) } }), { url: "https://example.invalid/a.tar.gz", sha256: "c".repeat(64), format: "tar.gz" });
        const zip = "https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip";
        assert.deepStrictEqual(archiveOf({ ...c, distribution: { url: zip, sha512: "d".repeat(128) } }), { url: zip, sha512: "d".repeat(128), format: "zip" });
    });

    it("names every problem with the parser's message, the resource's name as the prefix", () => {
        const bad = args({ sideB: { clusterName: "a", owns: ["root.site_a.d1.**"], nodes: [{ hostname: "iotdb-1", address: "10.213.7.12", roles: ["broker"] }] } });
        assert.throws(() => validatedSettings("pair", bad), (e: Error) => {
            for (const m of [/pair:sideB\.owns\[0\]: "root\.site_a\.d1\.\*\*" overlaps sideA\.owns\[0\]/, /pair:sideB\.clusterName: must differ/, /pair:sideB\.nodes\[0\]\.roles/, /pair:sideB\.nodes\[0\]\.hostname: "iotdb-1" is also used/]) {
                assert.match(e.message, m);
            }
            return true;
        });
    });

    it("passes secret passwords IoTDB accepts on, each side's its own, still secret", async () => {
        const p = checkedPasswords("pair", args());
        assert.deepStrictEqual(await Promise.all([p.adminPassword, p.adminPasswordB, p.syncPassword, p.syncPasswordB].map(valueOf)),
            ["Adm1n-settings_pw", "Adm1n-settings_pwB", "Sync-settings_pw9", "Sync-settings_pwB"]);
        for (const o of Object.values(p)) assert.ok(await pulumi.isSecret(o));
    });

    it("refuses side B's password when it is side A's, naming the key and the fix", async () => {
        await assert.rejects(valueOf(checkedPasswords("pair", args({ adminPasswordB: pulumi.secret("Adm1n-settings_pw") })).adminPasswordB),
            /pair:adminPasswordB: is the same as adminPassword; each side needs its own.*npm run passwords/);
        await assert.rejects(valueOf(checkedPasswords("pair", args({ syncPasswordB: pulumi.secret("Sync-settings_pw9") })).syncPassword),
            /pair:syncPasswordB: is the same as syncPassword/);
    });

    it("refuses a password passed in plain text, or one IoTDB refuses, with the parser's message", async () => {
        await assert.rejects(valueOf(checkedPasswords("pair", args({ adminPassword: "Adm1n-plain_pw" })).adminPassword), /pair:adminPassword: is stored in plain text/);
        await assert.rejects(valueOf(checkedPasswords("pair", args({ syncPassword: pulumi.secret("no spaces allowed") })).syncPassword), /pair:syncPassword: is not a password IoTDB accepts/);
    });
});
