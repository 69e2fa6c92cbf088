// The value rules shared by the config and the renderers (lib/rules.ts).
import * as assert from "assert";
import {
    isMemorySize, isAbsolutePath, isHostname, isIpv4, isAddress, isUrl, isSha256, isIotdbUser, isLoginName,
    isPipeName, isClusterName, isPort,
} from "../../lib/rules";

function check(rule: (v: unknown) => boolean, good: unknown[], bad: unknown[]): void {
    for (const v of good) assert.ok(rule(v), `${rule.name} refuses ${JSON.stringify(v)}`);
    for (const v of bad) assert.ok(!rule(v), `${rule.name} accepts ${JSON.stringify(v)}`);
}

describe("value rules", () => {
    it("memory size: IoTDB's MEMORY_SIZE, at most 7 digits", () => {
        check(isMemorySize, ["512M", "2G", "1234567M"], ["12345678M", "0G", "2g", "2", "2GB", 2, undefined]);
    });

    it("absolute path: safe characters, not /, no . or .. component", () => {
        check(isAbsolutePath, ["/opt/iotdb", "/var/lib/iotdb/", "/data-1/x_y.z"],
            ["/", "//", "opt/iotdb", "/opt/../etc", "/opt/./x", "/a b", "/a'b", "/a+b", "/a@b", "/a%b", "/a*b", 1]);
    });

    it("hostname: DNS labels, never an IPv4 address; address: IPv4 or DNS name", () => {
        check(isHostname, ["iotdb-1", "a.example.com", "A1"], ["10.0.0.1", "-a", "a-", "a_b", "a..b", "x".repeat(64), "", 1]);
        check(isIpv4, ["10.0.0.1", "255.255.255.255"], ["256.0.0.1", "10.0.0", "iotdb-1"]);
        check(isAddress, ["10.0.0.1", "iotdb-1.example.com"], ["10.0.0.256", "1.2.3", "a b", ""]);
    });

    it("url and sha256", () => {
        check(isUrl, ["http://x/a.tar.gz", "https://dl.example.com:8443/p?q=1&r=%20"], ["ftp://x", "http://x/'$(id)'", "http://x/a b", "http://x/\n", "http://"]);
        check(isSha256, ["0".repeat(64), "ab".repeat(32)], ["0".repeat(63), "A".repeat(64), "g".repeat(64)]);
    });

    it("user names, pipe and cluster names, ports", () => {
        check(isIotdbUser, ["dualsync", "root", "a_23"], ["abc", "1user", "user-x", "u".repeat(33)]);
        check(isLoginName, ["root", "_svc", "deploy-1"], ["Root", "1x", "a b", ""]);
        check(isPipeName, ["AB", "a_1"], ["__AB", "1A", "a-b", "a".repeat(65)]);
        check(isClusterName, ["dual-a", "A_1"], ["-a", "1a", "a.b", ""]);
        check(isPort, [1, 22, 65535], [0, 65536, 1.5, "22"]);
    });
});
