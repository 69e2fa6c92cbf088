// The pull-request markdown of a preview (lib/previewMarkdown.ts), from outputs as Pulumi prints them.
import * as assert from "assert";
import { changedResources, maskSecrets, policyViolations, previewMarkdown, section } from "../../scripts/lib/previewMarkdown";

const UPDATE = `Previewing update (dev):
  pulumi:pulumi:Stack: (same)
    [urn=urn:pulumi:dev::harmless::pulumi:pulumi:Stack::harmless-dev]
    ~ pulumi-nodejs:dynamic/iotdb:RemoteScript: (update)
        [id=3e9c0a86e641f80f]
        [urn=urn:pulumi:dev::harmless::pulumi-nodejs:dynamic/iotdb:RemoteScript::greeter]
        stdin     : [secret]
      ~ step      : "greet hello" => "greet hello again"
    + iotdb:index:Pipe: (create)
        [urn=urn:pulumi:dev::p::iotdb:index:DualActivePair$iotdb:index:Pipe::dual-pipe-ab]
Resources:
    ~ 1 to update
    + 1 to create
    1 unchanged

Policy Packs run:
    Name                                       Version
    iotdb-dual-active|local|/work/main/policy  0.1.0
`;

const INLINE_VIOLATION = `    + iotdb:index:Pipe: (create)
    iotdb-dual-active@v0.1.0 [mandatory]  pipe-never-forwards  (iotdb:index:Pipe: fixture-pipe-ab)A dual-active pipe never forwards pipe requests.
pipe AB (on iotdb-1) sets 'source.mode.double-living'='false', so it forwards pipe requests
error: preview failed
`;

const SUMMARY_VIOLATION = `Policies:
    ⚠️ iotdb-dual-active@v0.1.0 (local: /work/main/policy)
        - [advisory]  iotdb-version-tested  (iotdb:index:IotdbNode: fixture-a)
          IoTDB is at least a version this project tests.
          IoTDB 1.3.7 on iotdb-1 is older than the versions this project tests (2.0.10).
`;

describe("preview markdown", () => {
    it("lists the resources that change, by operation, name and type", () => {
        assert.deepStrictEqual(changedResources(UPDATE), [
            { op: "update", type: "pulumi-nodejs:dynamic/iotdb:RemoteScript", name: "greeter" },
            { op: "create", type: "iotdb:index:Pipe", name: "dual-pipe-ab" },
        ]);
    });

    it("reads a section of the summary", () => {
        assert.deepStrictEqual(section(UPDATE, "Resources:"), ["~ 1 to update", "+ 1 to create", "1 unchanged"]);
        assert.deepStrictEqual(section(UPDATE, "Outputs:"), []);
    });

    it("reads policy violations inline in a --diff and under Policies:", () => {
        assert.deepStrictEqual(policyViolations(INLINE_VIOLATION + SUMMARY_VIOLATION), [
            { level: "mandatory", policy: "pipe-never-forwards", resource: "iotdb:index:Pipe: fixture-pipe-ab", message: "pipe AB (on iotdb-1) sets 'source.mode.double-living'='false', so it forwards pipe requests" },
            { level: "advisory", policy: "iotdb-version-tested", resource: "iotdb:index:IotdbNode: fixture-a", message: "IoTDB 1.3.7 on iotdb-1 is older than the versions this project tests (2.0.10)." },
        ]);
    });

    it("masks every occurrence of each secret, the longer first", () => {
        assert.strictEqual(maskSecrets("a Tok-1234 b Tok-12345 c", ["Tok-1234", "Tok-12345", "abc"]), "a [secret] b [secret] c");
    });

    it("heads with the stack and the summary, then the whole preview in a collapsible block", () => {
        const md = previewMarkdown({ stack: "dev", output: UPDATE, succeeded: true });
        const lines = md.split("\n");
        assert.strictEqual(lines[0], "### ✅ Pulumi preview of stack `dev`");
        assert.ok(lines.includes("**Resources:** ~ 1 to update, + 1 to create, 1 unchanged"), md);
        assert.ok(lines.includes("- update `greeter` (pulumi-nodejs:dynamic/iotdb:RemoteScript)"), md);
        const open = lines.indexOf("<details><summary>The preview (<code>pulumi preview --diff</code>)</summary>");
        assert.ok(open > 0 && lines[open + 2] === "```diff" && lines.includes("</details>"), md);
        assert.ok(md.includes('~ step      : "greet hello" => "greet hello again"'));
    });

    it("says when the preview failed, with the violations and errors", () => {
        const md = previewMarkdown({ stack: "prod", output: INLINE_VIOLATION, succeeded: false });
        assert.match(md, /^### ❌ Pulumi preview of stack `prod`: failed$/m);
        assert.match(md, /^- ❌ mandatory `pipe-never-forwards` \(iotdb:index:Pipe: fixture-pipe-ab\): pipe AB/m);
        assert.match(md, /^\*\*Errors:\*\*\n- error: preview failed$/m);
    });

    it("masks the secrets it is given everywhere, and cannot be closed early by backticks in the output", () => {
        const md = previewMarkdown({ stack: "dev", output: UPDATE + "echo Sup3r-Secret-Value\n```\n", succeeded: true }, ["Sup3r-Secret-Value"]);
        assert.ok(!md.includes("Sup3r-Secret-Value"));
        assert.ok(md.includes("echo [secret]"));
        assert.ok(md.includes("````diff"), "the fence is not longer than the backticks inside");
    });
});
