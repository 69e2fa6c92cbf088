// A node's `ip`: what its hostname maps to in every machine's /etc/hosts. An address that is a DNS
// name (fine for SSH) needs one, refused at preview with the field and the fix; the plan's hosts
// lines take it over the address.
import * as assert from "assert";
import { parseSides } from "../../lib/config/sections/sides";
import { planPair } from "../../lib/plan/pairPlan";
import { ensureHostsScript } from "../../lib/render/hostsFile";
import { pairConfig } from "../fixtures/pairConfig";

const ns = "iotdb-dual-active";
const sides = (a: Record<string, unknown>[], b: Record<string, unknown>[] = [{ hostname: "iotdb-2", address: "10.213.7.12" }]) => parseSides({
    sideA: { clusterName: "a", nodes: a, owns: ["root.site_a.**"] },
    sideB: { clusterName: "b", nodes: b, owns: ["root.site_b.**"] },
}, ns);

describe("a node's ip (the IP of its /etc/hosts lines)", () => {
    it("is optional while the address is an IPv4 address, and kept when given", () => {
        assert.deepStrictEqual(sides([{ hostname: "iotdb-1", address: "10.213.7.11" }]).problems, []);
        const r = sides([{ hostname: "iotdb-1", address: "db1.example.com", ip: "10.213.7.11" }]);
        assert.deepStrictEqual(r.problems, []);
        assert.strictEqual(r.value.sideA.nodes[0].ip, "10.213.7.11");
        assert.ok(!("ip" in sides([{ hostname: "iotdb-1", address: "10.213.7.11" }]).value.sideA.nodes[0]));
    });

    it("is required when the address is a DNS name: refused at preview, naming the field and the fix", () => {
        assert.deepStrictEqual(sides([{ hostname: "iotdb-1", address: "db1.example.com" }]).problems, [
            `${ns}:sideA.nodes[0].ip: is required: address "db1.example.com" is a DNS name, and every machine's /etc/hosts needs an IPv4 address for iotdb-1; set ip to the IPv4 address the pair's machines reach it at (or give that IP as address)`,
        ]);
    });

    it("must be an IPv4 address", () => {
        assert.deepStrictEqual(sides([{ hostname: "iotdb-1", address: "db1.example.com", ip: "db1" }]).problems, [
            `${ns}:sideA.nodes[0].ip: "db1" is not an IPv4 address; give the address the pair's machines reach iotdb-1 at (it goes into every machine's /etc/hosts)`,
        ]);
    });

    it("must differ from every other node's IP, given as ip or as address", () => {
        assert.deepStrictEqual(sides([{ hostname: "iotdb-1", address: "db1.example.com", ip: "10.213.7.12" }]).problems, [
            `${ns}:sideB.nodes[0].address: "10.213.7.12" is also the IP of sideA.nodes[0].ip; every machine needs its own IP in /etc/hosts`,
        ]);
        assert.deepStrictEqual(sides([{ hostname: "iotdb-1", address: "10.213.7.11" }], [{ hostname: "iotdb-2", address: "db2", ip: "10.213.7.11" }]).problems, [
            `${ns}:sideB.nodes[0].ip: "10.213.7.11" is also the IP of sideA.nodes[0].address; every machine needs its own IP in /etc/hosts`,
        ]);
    });

    it("is what the plan writes to /etc/hosts; SSH still goes to the address", () => {
        const c = pairConfig();
        c.sideB.nodes = [{ ...c.sideB.nodes[0], address: "b.example.com", ip: "192.168.7.2" }];
        const plan = planPair(c);
        assert.deepStrictEqual(plan.hosts.find((h) => h.hostname === "iotdb-2"), { hostname: "iotdb-2", address: "192.168.7.2" });
        assert.deepStrictEqual(plan.hosts.find((h) => h.hostname === "iotdb-1"), { hostname: "iotdb-1", address: "10.213.7.11" });
        assert.match(ensureHostsScript({ entries: plan.hosts, owner: "p/s" }), /'192\.168\.7\.2 iotdb-2 # managed-by p\/s'/);
    });
});
