// Loaded into a Node process with NODE_OPTIONS="--require <this file>" (NETGUARD_LOG names a file):
// records that it was loaded (pid, script), records every outgoing TCP connect, and refuses any connect
// that does not go to 127.0.0.1, ::1 or localhost (a Unix socket is allowed) before a packet is sent.
// Used to show that a `pulumi preview` of a new stack reaches no machine.
const fs = require("fs");
const net = require("net");

const logFile = process.env.NETGUARD_LOG;
const record = (entry) => { if (logFile) fs.appendFileSync(logFile, JSON.stringify({ pid: process.pid, ...entry }) + "\n"); };
const LOCAL = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

record({ loaded: process.argv.slice(1, 2).join(" ") });

// connect(options[, cb]), connect(port[, host][, cb]), connect(path[, cb]), or Node's own normalized [options, cb].
function target(args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    if (first && typeof first === "object") return { host: first.host, port: first.port, path: first.path };
    if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first };
    return { host: typeof args[1] === "string" ? args[1] : undefined, port: Number(first) };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
    const t = target(args);
    if (t.path !== undefined) return connect.apply(this, args);
    const host = t.host ?? "localhost";
    if (LOCAL.has(host)) {
        record({ allowed: `${host}:${t.port}` });
        return connect.apply(this, args);
    }
    record({ blocked: `${host}:${t.port}` });
    process.nextTick(() => this.destroy(new Error(`netGuard: connection to ${host}:${t.port} refused (this run must reach no machine)`)));
    return this;
};
