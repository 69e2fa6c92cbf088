// The data directory rule (lib/layout.ts) and its check at preview (lib/config.ts): a purge removes
// IoTDB's subdirectories of dataDir, so dataDir must be a directory of its own.
import * as assert from "assert";
import { dataDirProblem, isSystemDirectory, normalizeDir, IOTDB_DATA_SUBDIRS, dataDirMarker, SYSTEM_DIRECTORIES } from "../../lib/plan/layout";
import { DIRECTORY_KEYS } from "../../lib/render/properties";
import { parsePairConfig, ConfigError, ConfigContext } from "../../lib/config/pairConfig";

const ctx: ConfigContext = { namespace: "iotdb-dual-active", stack: "dev", isSecret: (k) => k.endsWith("Password") };

const config = (extra: Record<string, unknown>) => ({
    sideA: { clusterName: "dual-a", nodes: [{ hostname: "iotdb-1", address: "10.213.7.11" }], owns: ["root.site_a.**"] },
    sideB: { clusterName: "dual-b", nodes: [{ hostname: "iotdb-2", address: "10.213.7.12" }], owns: ["root.site_b.**"] },
    ssh: { user: "root", privateKeyPath: "/keys/id" },
    adminPassword: "Adm1n-pass_word",
    adminPasswordB: "Adm1n-pass_wordB",
    syncPassword: "Sync-pass_word9",
    syncPasswordB: "Sync-pass_wordB",
    ...extra,
});

function dataDirProblems(extra: Record<string, unknown>): string[] {
    try {
        parsePairConfig(config(extra), ctx);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems.filter((p) => p.startsWith("iotdb-dual-active:dataDir:"));
    }
}

describe("data directory rule", () => {
    const system = ["/", "/var", "/var/lib", "/var/log", "/var/tmp", "/usr", "/usr/lib", "/usr/local/iotdb", "/usr/share/iotdb/data",
        "/etc", "/etc/iotdb", "/opt", "/home", "/root", "/tmp", "/srv", "/mnt", "/boot/iotdb", "/proc/1", "/run/iotdb", "/var/run/iotdb",
        "/lib64", "/bin/x", "/sbin", "/dev/shm", "/sys/fs"];
    for (const dir of system) {
        it(`refuses ${dir}, and ${dir}/ or with doubled slashes too`, () => {
            assert.ok(isSystemDirectory(dir));
            assert.ok(isSystemDirectory(`${dir}/`));
            assert.ok(isSystemDirectory(dir.replace(/\//g, "//")));
            assert.match(dataDirProblem(dir, "/opt/iotdb")!, /is a directory of the operating system; use a directory of its own, such as \/var\/lib\/iotdb/);
        });
    }

    it("accepts a directory of its own, below /var/lib, /srv, /opt, /home or /tmp too", () => {
        for (const dir of ["/var/lib/iotdb", "/var/lib/iotdb/it-1a2b3c", "/data/iotdb", "/srv/iotdb", "/opt/iotdb-data", "/home/iotdb/data", "/tmp/iotdb", "/var/log/iotdb-data"]) {
            assert.strictEqual(dataDirProblem(dir, "/opt/iotdb"), undefined, dir);
        }
    });

    it("refuses installDir itself, a directory inside it, and one that holds it", () => {
        assert.match(dataDirProblem("/opt/iotdb", "/opt/iotdb/")!, /is installDir itself/);
        assert.match(dataDirProblem("/opt/iotdb/data", "/opt/iotdb")!, /is inside installDir \(\/opt\/iotdb\); use a directory of its own, such as \/var\/lib\/iotdb, outside installDir/);
        assert.match(dataDirProblem("/srv/iotdb", "/srv/iotdb/install")!, /holds installDir \(\/srv\/iotdb\/install\)/);
        assert.strictEqual(dataDirProblem("/srv/iotdb-data", "/srv/iotdb"), undefined, "a common prefix is not containment");
    });

    it("is one list: exact directories and whole trees, normalized", () => {
        for (const d of [...SYSTEM_DIRECTORIES.exact, ...SYSTEM_DIRECTORIES.trees]) assert.strictEqual(normalizeDir(d), d);
        assert.strictEqual(normalizeDir("//var/./lib//iotdb/"), "/var/lib/iotdb");
    });

    it("IoTDB's subdirectories are the first components of every directory key's path", () => {
        assert.deepStrictEqual([...IOTDB_DATA_SUBDIRS], ["confignode", "datanode", "ext"]);
        for (const [key, rel] of DIRECTORY_KEYS) assert.ok(IOTDB_DATA_SUBDIRS.includes(rel.split("/")[0]), key);
    });

    it("the marker names the owner, the hostname and the directory", () => {
        assert.strictEqual(dataDirMarker({ owner: "iotdb-dual-active/prod", hostname: "iotdb-1", dataDir: "/var/lib/iotdb" }),
            "owner=iotdb-dual-active/prod\nhostname=iotdb-1\ndataDir=/var/lib/iotdb");
    });
});

describe("stack configuration: dataDir", () => {
    it("accepts the default (/var/lib/iotdb beside /opt/iotdb)", () => {
        assert.deepStrictEqual(dataDirProblems({}), []);
    });

    for (const dir of ["/var/lib", "/usr/lib", "/usr/local/iotdb", "/var/lib/", "/etc/iotdb", "/opt"]) {
        it(`refuses ${dir} at preview, naming the field and the fix`, () => {
            const found = dataDirProblems({ dataDir: dir });
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], /^iotdb-dual-active:dataDir: ".*" is a directory of the operating system; use a directory of its own, such as \/var\/lib\/iotdb$/);
        });
    }

    it("refuses the install directory, inside it or around it", () => {
        assert.match(dataDirProblems({ dataDir: "/opt/iotdb" })[0], /is installDir itself/);
        assert.match(dataDirProblems({ dataDir: "/opt/iotdb/data" })[0], /is inside installDir/);
        assert.match(dataDirProblems({ dataDir: "/srv/iotdb", installDir: "/srv/iotdb/sw" })[0], /holds installDir/);
    });

    it("says one thing about a path that is not one", () => {
        assert.deepStrictEqual(dataDirProblems({ dataDir: "/" }), ["iotdb-dual-active:dataDir: \"/\" must be an absolute path of letters, digits, '.', '_', '-' and '/'"]);
    });
});
