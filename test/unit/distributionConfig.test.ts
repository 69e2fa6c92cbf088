// distribution: Apache's published release (a .zip, its SHA-512) or a tarball (SHA-256); each mistake
// refused at preview with the field and the fix, before any host is touched.
import * as assert from "assert";
import { parseDistribution } from "../../lib/config/sections/settings";
import { archiveFormatOf, isArchiveFormat } from "../../lib/rules";

const ns = "iotdb-dual-active";
const ZIP = "https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip";
const problems = (distribution: Record<string, unknown>) => parseDistribution({ distribution }, ns).problems;

describe("config: distribution", () => {
    it("takes Apache's release with its SHA-512 (upper-case or padded, kept lower-case), or a tarball with its SHA-256", () => {
        const r = parseDistribution({ distribution: { url: ZIP, sha512: ` ${"AB".repeat(64)}\n` } }, ns);
        assert.deepStrictEqual(r, { value: { url: ZIP, sha512: "ab".repeat(64) }, problems: [] });
        assert.deepStrictEqual(problems({ url: "http://10.0.0.1/apache-iotdb-2.0.10-bin.tar.gz", sha256: "c".repeat(64) }), []);
        assert.deepStrictEqual(problems({ url: "http://10.0.0.1/x.tgz?token=1", sha512: "c".repeat(128) }), []);
        assert.deepStrictEqual(parseDistribution({}, ns), { value: {}, problems: [] });
        assert.deepStrictEqual(problems({ localPath: "/tmp/a.tar.gz" }), []);
    });

    it("names the field and the fix for each mistake", () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ url: ZIP }, "distribution.sha512: is required with distribution.url: the archive's SHA-512 (128 hex digits, Apache publishes it as <file>.sha512), or set distribution.sha256 instead"],
            [{ url: ZIP, sha512: "a".repeat(64) }, "distribution.sha512: must be the archive's SHA-512: 128 hex digits, the first word of the .sha512 file published beside it"],
            [{ url: ZIP, sha256: "a".repeat(128) }, "distribution.sha256: must be the archive's SHA-256: 64 hex digits"],
            [{ url: ZIP, sha256: "a".repeat(64), sha512: "a".repeat(128) }, "distribution.sha256: set either sha512 or sha256 with distribution.url, not both"],
            [{ url: "https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip.sha512", sha512: "a".repeat(128) },
                "distribution.url: must name a .zip or .tar.gz archive (e.g. https://archive.apache.org/dist/iotdb/2.0.10/apache-iotdb-2.0.10-all-bin.zip)"],
            [{ url: "ftp://x/a.zip", sha512: "a".repeat(128) }, "distribution.url: must be an http(s) URL without spaces or quotes"],
            [{ localPath: "/tmp/a.tar.gz", sha512: "a".repeat(128) },
                "distribution.sha512: goes with distribution.url only (a localPath's SHA-256 is read from <file>.sha256 beside it): remove it or set distribution.url"],
            [{ url: ZIP, sha512: "a".repeat(128), localPath: "/tmp/a.tar.gz" }, "distribution.localPath: set either localPath or url, not both"],
        ];
        for (const [given, message] of cases) assert.deepStrictEqual(problems(given), [`${ns}:${message}`], JSON.stringify(given));
    });

    it("the archive's format: from the name (.zip, .tar.gz, .tgz), and only those two taken", () => {
        assert.strictEqual(archiveFormatOf(ZIP), "zip");
        assert.strictEqual(archiveFormatOf("http://h/x.TGZ?a=1"), "tar.gz");
        assert.strictEqual(archiveFormatOf("http://h/x.rar"), undefined);
        assert.ok(isArchiveFormat("zip") && isArchiveFormat("tar.gz"));
        assert.ok(!isArchiveFormat("tar.gz/../../x") && !isArchiveFormat(undefined));
    });
});
