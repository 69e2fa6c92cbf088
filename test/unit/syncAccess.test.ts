// What each side's sync user may do (lib/plan/syncAccess.ts) and the SQL that gives it (lib/render/sql.ts).
import * as assert from "assert";
import { databaseLevel, databaseOf, syncAccess } from "../../lib/plan/syncAccess";
import { createDatabaseSql, grantSyncPrivilegesSql } from "../../lib/render/sql";

describe("sync user's access (least privilege)", () => {
    it("the database of an owned pattern at a level: a prefix's first nodes, a full path's device's", () => {
        assert.strictEqual(databaseOf("root.site_a.**", 1), "root.site_a");
        assert.strictEqual(databaseOf("root.plant.a.**", 1), "root.plant");
        assert.strictEqual(databaseOf("root.plant.a.**", 2), "root.plant.a");
        assert.strictEqual(databaseOf("root.x.d1.s", 2), "root.x.d1");
        assert.strictEqual(databaseOf("root.x.d1.s", 3), undefined);
        assert.strictEqual(databaseOf("root.site_a.**", 2), undefined);
    });

    it("the level is IoTDB's default 1, or the side's default_database_level", () => {
        assert.strictEqual(databaseLevel({}), 1);
        assert.strictEqual(databaseLevel({ default_database_level: "2" }), 2);
        assert.strictEqual(databaseLevel({ default_storage_group_level: "3" }), 3);
        assert.strictEqual(databaseLevel({ default_database_level: "x" }), 1);
    });

    it("writes what the sending side owns and its canary device, into databases root creates ahead (once each, the canary's too)", () => {
        assert.deepStrictEqual(syncAccess(["root.dual_b.**", "root.load.b1.**", "root.load.b2.**"], {}, "b"),
            { writePaths: ["root.dual_b.**", "root.load.b1.**", "root.load.b2.**", "root.__dual_active_canary.b.**"], databases: ["root.dual_b", "root.load", "root.__dual_active_canary"] });
        assert.deepStrictEqual(syncAccess(["root.x.y.**"], { default_database_level: "2" }, "a"),
            { writePaths: ["root.x.y.**", "root.__dual_active_canary.a.**"], databases: ["root.x.y", "root.__dual_active_canary"] });
    });

    it("a pattern shallower than the receiving side's database level is written, with no database created ahead", () => {
        assert.deepStrictEqual(syncAccess(["root.a.b.**", "root.c.**"], { default_database_level: "2" }, "a"),
            { writePaths: ["root.a.b.**", "root.c.**", "root.__dual_active_canary.a.**"], databases: ["root.a.b", "root.__dual_active_canary"] });
    });

    it("grants WRITE_DATA and WRITE_SCHEMA on the sender's paths and SYSTEM, nothing on root.**; paths and users are checked, never quoted", () => {
        assert.deepStrictEqual(grantSyncPrivilegesSql("dualsync", ["root.a.**", "root.b.d.s"]), [
            "GRANT WRITE_DATA, WRITE_SCHEMA ON root.a.** TO USER dualsync",
            "GRANT WRITE_DATA, WRITE_SCHEMA ON root.b.d.s TO USER dualsync",
            "GRANT SYSTEM ON root.** TO USER dualsync",
        ]);
        assert.strictEqual(createDatabaseSql("root.a"), "CREATE DATABASE root.a");
        assert.throws(() => grantSyncPrivilegesSql("dualsync", ["root.**"]), /not a path the project writes/);
        assert.throws(() => createDatabaseSql("root.a; DROP DATABASE root.b"), /not a path the project writes/);
        assert.throws(() => grantSyncPrivilegesSql("root x", ["root.a.**"]), /not a valid IoTDB identifier/);
    });
});
