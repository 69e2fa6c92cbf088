/**
 * Local test hosts for the integration tests (see scripts/hosts.sh and scripts/lib/testhosts.sh).
 *
 * Host i (1-based) is a network + PID + mount namespace with its own sshd, imitating a separate machine:
 * label `iotdb-<i>`, address `10.213.7.<10+i>`, netns `iotdbda-<i>`, ssh as root on port 22 with the key
 * in `<TEST_HOSTS_DIR>/ssh/`.
 *
 * Nothing may connect to an address that is not one of these hosts: a suite brings its hosts up through
 * `useFixture({ hosts })` (fixture.ts, which calls `ensureTestHosts`), and `sshExec` checks
 * `assertTestHostUp(address)` before every connection. All functions are synchronous. Needs root
 * (`ip -n`), bash, timeout and ssh.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** State dir of the test hosts (same default and env variable as scripts/hosts.sh). */
export const TEST_HOSTS_DIR: string = process.env.IOTDB_DA_HOSTS_DIR || "/var/lib/iotdb-dual-active/testhosts";

const NET_PREFIX = "10.213.7";
/**
 * This machine's own address on the test hosts' bridge (TESTHOSTS_BRIDGE_ADDR of scripts/lib/testhosts.sh):
 * the only address a test may serve the hosts from.
 */
export const BRIDGE_ADDRESS = `${NET_PREFIX}.1`;
/** The bridge (TESTHOSTS_BRIDGE of scripts/lib/testhosts.sh). */
export const BRIDGE = "iotdbda0";
const MAX_HOSTS = 200;
const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface TestHost {
    label: string; // "iotdb-<i>"
    address: string; // "10.213.7.<10+i>"
    netns: string; // "iotdbda-<i>"
    sshPort: number;
    user: string;
}

export function testHost(i: number): TestHost {
    if (!Number.isInteger(i) || i < 1 || i > MAX_HOSTS) {
        throw new Error(`test host index must be an integer 1..${MAX_HOSTS}, got ${i}`);
    }
    return { label: `iotdb-${i}`, address: `${NET_PREFIX}.${10 + i}`, netns: `iotdbda-${i}`, sshPort: 22, user: "root" };
}

/** Private key (ed25519, no passphrase) that logs in as root on every test host. */
export function sshKeyPath(): string {
    return path.join(TEST_HOSTS_DIR, "ssh", "id_ed25519");
}

/** known_hosts holding every test host's key (scripts/hosts.sh writes it): the stacks' ssh.knownHostsPath. */
export function knownHostsPath(): string {
    return path.join(TEST_HOSTS_DIR, "ssh", "known_hosts");
}

/** ssh config with a `Host iotdb-<i>` entry per host (known_hosts, key, BatchMode). */
export function sshConfigPath(): string {
    return path.join(TEST_HOSTS_DIR, "ssh", "ssh_config");
}

/** Index i of a test host given as label, netns name or address; undefined if it is not one of ours. */
export function testHostIndex(hostOrAddress: string): number | undefined {
    let m = /^iotdb(?:da)?-([1-9][0-9]*)$/.exec(hostOrAddress);
    let i: number | undefined;
    if (m) {
        i = Number(m[1]);
    } else if ((m = /^10\.213\.7\.([1-9][0-9]*)$/.exec(hostOrAddress))) {
        i = Number(m[1]) - 10;
    }
    return i !== undefined && i >= 1 && i <= MAX_HOSTS ? i : undefined;
}

/** Reason the host is not up, or undefined if it is (netns, address in it, port 22 answering "SSH-"). */
export function whyTestHostDown(address: string, timeoutSeconds = 3): string | undefined {
    const i = testHostIndex(address);
    if (i === undefined) {
        return `${address} is not one of the test hosts (iotdb-<i> / ${NET_PREFIX}.<10+i>)`;
    }
    const h = testHost(i);
    if (!fs.existsSync(`/run/netns/${h.netns}`)) {
        return `${h.label}: network namespace ${h.netns} does not exist (run: bash scripts/hosts.sh up)`;
    }
    const ip = spawnSync("ip", ["-n", h.netns, "-o", "-4", "addr", "show", "dev", "eth0"], { encoding: "utf8", timeout: 5000 });
    if (ip.status !== 0) {
        return `${h.label}: cannot read addresses of netns ${h.netns}: ${ip.error?.message ?? ip.stderr.trim()}`;
    }
    if (!ip.stdout.includes(` inet ${h.address}/24 `)) {
        return `${h.label}: ${h.address} is not configured in netns ${h.netns}`;
    }
    // connect from this (root) namespace and read the first bytes of the SSH banner
    const probe = spawnSync(
        "timeout",
        [String(timeoutSeconds), "bash", "-c", 'exec 3<>"/dev/tcp/$0/$1" && head -c 4 <&3', h.address, String(h.sshPort)],
        { encoding: "utf8" },
    );
    if (probe.stdout !== "SSH-") {
        const detail = probe.status === 124 ? "timed out" : probe.stderr.trim() || probe.stdout || `exit ${probe.status}`;
        return `${h.label}: ${h.address}:${h.sshPort} does not answer with an SSH banner (${detail})`;
    }
    return undefined;
}

/** Throws unless `address` (an address or label) is one of the test hosts and it is up. Call it before any
 * SSH or Pulumi run against the address. */
export function assertTestHostUp(address: string): TestHost {
    const why = whyTestHostDown(address);
    if (why !== undefined) {
        throw new Error(`test host not up: ${why}`);
    }
    return testHost(testHostIndex(address)!);
}

/** Makes sure hosts 1..n are up (runs `bash scripts/hosts.sh up n`, output inherited, if any is not), then
 * asserts them up. */
export function ensureTestHosts(n = 2): TestHost[] {
    const hosts = Array.from({ length: n }, (_, k) => testHost(k + 1));
    if (hosts.some((h) => whyTestHostDown(h.address) !== undefined)) {
        const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "hosts.sh"), "up", String(n)], {
            stdio: "inherit",
            cwd: REPO_ROOT,
        });
        if (r.status !== 0) {
            throw new Error(`scripts/hosts.sh up ${n} failed (status ${r.status}${r.error ? `, ${r.error.message}` : ""})`);
        }
    }
    return hosts.map((h) => assertTestHostUp(h.address));
}

export interface SshResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface SshOptions {
    /** Written to the remote command's stdin (default: empty stdin). */
    input?: string | Buffer;
    /** Kill ssh after this many ms (default 120000); the result then has code 124. */
    timeoutMs?: number;
}

/** Runs `command` (a shell command line) as root on test host i over ssh. Returns on a non-zero exit too;
 * throws if the host is not up or ssh cannot be started. */
export function sshExec(i: number, command: string, opts: SshOptions = {}): SshResult {
    const h = assertTestHostUp(testHost(i).address);
    const args = ["-F", sshConfigPath(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", h.label, "--", command];
    const r = spawnSync("ssh", args, {
        input: opts.input ?? "",
        encoding: "utf8",
        timeout: opts.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") {
        throw new Error(`ssh ${h.label} failed to run: ${r.error.message}`);
    }
    const code = r.error ? 124 : r.status ?? 255;
    return { code, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Cuts test hosts a and b from each other only (each routes the other's address into a blackhole); this machine still reaches both. */
export function partitionHosts(a: number, b: number): void {
    for (const [x, y] of [[a, b], [b, a]]) {
        const r = spawnSync("ip", ["-n", testHost(x).netns, "route", "replace", "blackhole", `${testHost(y).address}/32`], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`cannot cut host ${x} from host ${y}: ${r.stderr}`);
    }
}

/** Undoes partitionHosts. */
export function healHosts(a: number, b: number): void {
    for (const [x, y] of [[a, b], [b, a]]) {
        spawnSync("ip", ["-n", testHost(x).netns, "route", "del", "blackhole", `${testHost(y).address}/32`], { encoding: "utf8" });
    }
}

/** Test host i's reboot (`scripts/hosts.sh restart i`): every process in it stopped, its init (and its /etc/rc.local) run again. */
export function restartHost(i: number): void {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "hosts.sh"), "restart", String(i)], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) throw new Error(`scripts/hosts.sh restart ${i} failed (status ${r.status}): ${r.stderr}`);
}
