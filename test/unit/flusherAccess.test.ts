import * as assert from "assert";
import { flusherPassword, flusherWritePaths, FLUSHER_USER } from "../../lib/plan/flusherAccess";
import { isIotdbUser } from "../../lib/rules";

describe("the flusher's own user (lib/plan/flusherAccess.ts)", () => {
    it("its password: derived from root's, the same for the same root password, another for another, never root's", () => {
        const a = flusherPassword("Root-pw-1");
        assert.strictEqual(flusherPassword("Root-pw-1"), a);
        assert.notStrictEqual(flusherPassword("Root-pw-2"), a);
        assert.ok(!a.includes("Root-pw-1"));
        // IoTDB 2.0.10 takes 4 to 32 characters of [-\w!@#$%^&*()+=].
        assert.match(a, /^[-\w]{32}$/);
        assert.throws(() => flusherPassword(""), /root's password is empty/);
    });

    it("its name is an IoTDB user name; it writes its side's heartbeat device only", () => {
        assert.ok(isIotdbUser(FLUSHER_USER));
        assert.deepStrictEqual(flusherWritePaths("a"), ["root.__dual_active_canary.a.**"]);
        assert.deepStrictEqual(flusherWritePaths("b"), ["root.__dual_active_canary.b.**"]);
    });
});
