// Two stacks whose names are prefixes of each other (`it-hosts`, `it-hosts2`) manage the same test
// host's /etc/hosts through the real HostsEntry component (test/fixtures/hostsEntries.ts), with the
// real engine over SSH: each keeps its own lines through the other's up and destroy, writes them even
// though the other's identical lines are there, and a line deleted by hand is drift on refresh that
// the next up restores. Then the Docker case on the same host: /etc/hosts bind-mounted (in a mount
// namespace of its own), where a rename cannot replace it.
import * as assert from "assert";
import { Stack } from "@pulumi/pulumi/automation";
import { useFixture } from "./fixture";
import { openStack, quiet, Workspace } from "./pulumiHarness";
import { knownHostsPath, sshExec, sshKeyPath, testHost } from "./testhosts";
import { ensureHostsScript } from "../../lib/render/hostsFile";

const PROJECT = "hostsEntries"; // fixtureWorkspace names the project after the fixture
const ENTRIES = [{ hostname: "it-hosts-a", address: "10.213.7.11" }, { hostname: "it-hosts-b", address: "10.213.7.12" }];
const owners = { one: `${PROJECT}/it-hosts`, two: `${PROJECT}/it-hosts2` };
const linesOf = (owner: string) => ENTRIES.map((e) => `${e.address} ${e.hostname} # managed-by ${owner}`);

function hostsFile(): string {
    const r = sshExec(1, "cat /etc/hosts");
    assert.strictEqual(r.code, 0, r.stderr);
    return r.stdout;
}
const inode = () => sshExec(1, "stat -c %i /etc/hosts").stdout.trim();
/** Which of an owner's lines the host's /etc/hosts holds, each as a whole line. */
const present = (text: string, owner: string) => linesOf(owner).filter((l) => text.split("\n").includes(l));
/** Removes an owner's lines on the host by hand, whatever the scripts do (the owner anchored at the line's end). */
const dropByHand = (owner: string, hostname = "it-hosts-[ab]") =>
    sshExec(1, `sed -i -E '/ ${hostname} # managed-by ${owner.replace("/", "\\/")}$/d' /etc/hosts`);

describe("/etc/hosts of two stacks named as prefixes of each other (it-hosts, it-hosts2) on one host", function () {
    this.timeout(15 * 60 * 1000);
    let ws: Workspace;
    let one: Stack;
    let two: Stack;
    const config = () => ({ host: testHost(1).address, privateKeyPath: sshKeyPath(), knownHostsPath: knownHostsPath(), entries: JSON.stringify(ENTRIES) });

    useFixture({
        hosts: 1,
        workspace: { prefix: "hosts-owners", fixture: "hostsEntries" },
        stack: { name: "it-hosts", config: config() },
        destroy: true,
        // it-hosts2 is destroyed by the last test; whatever a failed run left goes here.
        beforeTeardown: () => { dropByHand(owners.two); },
    }, (f) => { ws = f.ws; one = f.stack; });

    before(async () => {
        // Lines a failed earlier run may have left, of either stack, by exact owner.
        for (const o of Object.values(owners)) dropByHand(o);
        two = await openStack(ws, "it-hosts2");
        await two.setAllConfig(Object.fromEntries(Object.entries(config()).map(([k, value]) => [k, { value }])));
    });

    it("each stack's up writes its own lines, even with the other's identical lines there, by rename", async () => {
        const before = hostsFile();
        await one.up(quiet);
        const afterOne = hostsFile();
        assert.deepStrictEqual(present(afterOne, owners.one), linesOf(owners.one));
        assert.ok(afterOne.startsWith(before), "lines that were there before were changed");
        const inodeBefore = inode();
        const out: string[] = [];
        await two.up({ onOutput: (s) => out.push(s) });
        const afterTwo = hostsFile();
        assert.deepStrictEqual(present(afterTwo, owners.two), linesOf(owners.two), "it-hosts2's lines not written next to it-hosts' identical ones");
        assert.deepStrictEqual(present(afterTwo, owners.one), linesOf(owners.one));
        assert.notStrictEqual(inode(), inodeBefore, "/etc/hosts was not replaced by rename");
        assert.doesNotMatch(out.join(""), /not replaced by rename/);
    });

    it("a refresh finds nothing to change; a line of it-hosts2 deleted by hand is drift, and the next up restores it", async () => {
        const clean = await two.refresh(quiet);
        assert.strictEqual(clean.summary.resourceChanges?.update ?? 0, 0, JSON.stringify(clean.summary.resourceChanges));
        dropByHand(owners.two, "it-hosts-b");
        assert.deepStrictEqual(present(hostsFile(), owners.two), linesOf(owners.two).slice(0, 1));
        assert.deepStrictEqual(present(hostsFile(), owners.one), linesOf(owners.one), "it-hosts' identical line went too");

        const refreshed = await two.refresh(quiet);
        assert.strictEqual(refreshed.summary.resourceChanges?.update, 1, JSON.stringify(refreshed.summary.resourceChanges));
        const state = await two.exportStack();
        const script = (state.deployment.resources as any[]).find((r) => r.type.endsWith("iotdb:RemoteScript"));
        assert.match(script.outputs.drift, /^drift: \/etc\/hosts; lacks '10\.213\.7\.12 it-hosts-b # managed-by hostsEntries\/it-hosts2'$/);

        const up = await two.up(quiet);
        assert.strictEqual(up.summary.resourceChanges?.update, 1, JSON.stringify(up.summary.resourceChanges));
        assert.deepStrictEqual(present(hostsFile(), owners.two), linesOf(owners.two));
        const again = await two.refresh(quiet);
        assert.strictEqual(again.summary.resourceChanges?.update ?? 0, 0, "still drift after the up");
    });

    it("it-hosts' destroy removes its lines only; it-hosts2's stay", async () => {
        await one.destroy(quiet);
        const text = hostsFile();
        assert.deepStrictEqual(present(text, owners.one), []);
        assert.deepStrictEqual(present(text, owners.two), linesOf(owners.two));
        assert.match(text, /^127\.0\.0\.1\s+localhost$/m);
    });

    it("it-hosts2's destroy removes its lines only; it-hosts' (up again) stay", async () => {
        await one.up(quiet);
        await two.destroy(quiet);
        const text = hostsFile();
        assert.deepStrictEqual(present(text, owners.two), []);
        assert.deepStrictEqual(present(text, owners.one), linesOf(owners.one));
    });

    it("where /etc/hosts is a bind mount (Docker), the script rewrites it in place under the lock, with a warning", () => {
        // In a mount namespace of its own on the host: a copy of /etc/hosts bind-mounted over it.
        const script = ensureHostsScript({ entries: ENTRIES, owner: `${PROJECT}/it-hosts-bind` });
        const r = sshExec(1, [
            "set -e", "d=$(mktemp -d)", "trap 'rm -rf \"$d\"' EXIT", "cp /etc/hosts \"$d/hosts\"", "script=$(cat)",
            "unshare -m bash -c 'mount --bind \"$1\" /etc/hosts && bash -c \"$2\"' - \"$d/hosts\" \"$script\"",
            "echo ---", "cat \"$d/hosts\"",
        ].join("\n"), { input: script });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stderr, /warning: iotdb-hosts: \/etc\/hosts not replaced by rename \(cannot rename over it: .*busy.*\); rewritten in place instead/i);
        const mounted = r.stdout.split("---\n")[1];
        assert.deepStrictEqual(present(mounted, `${PROJECT}/it-hosts-bind`), linesOf(`${PROJECT}/it-hosts-bind`));
        assert.deepStrictEqual(present(hostsFile(), `${PROJECT}/it-hosts-bind`), [], "the host's own /etc/hosts was changed");
    });
});
