// Where the files `npm run setup` builds are (the IoTDB tarball of scripts/iotdb-dist.sh, the host
// tools archive of scripts/host-tools-dist.sh), and their checksums.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isSha256 } from "../rules";
import { hostToolsArchiveName } from "../render/hostToolsScript";
import type { HostToolsSource } from "../model/config";

/** The cache root used by the project's scripts (scripts/lib/common.sh). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.IOTDB_DA_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "iotdb-dual-active");
}

export function distributionPath(version: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.join(cacheDir(env), "iotdb", version, `apache-iotdb-${version}-bin.tar.gz`);
}

/** Where scripts/host-tools-dist.sh leaves the host tools archive (the SQL runner and the flusher) for `version`. */
export function hostToolsPath(version: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.join(cacheDir(env), "iotdb", version, hostToolsArchiveName(version));
}

/** `file` and its SHA-256 from the `.sha256` file written beside it; `missing` says how to get it. */
function withSha256(file: string, missing: string): { localPath: string; sha256: string } {
    const sumFile = `${file}.sha256`;
    if (!fs.existsSync(file) || !fs.existsSync(sumFile)) throw new Error(missing);
    const sha256 = fs.readFileSync(sumFile, "utf8").trim().split(/\s+/)[0];
    if (!isSha256(sha256)) throw new Error(`${sumFile} does not hold a SHA-256`);
    return { localPath: file, sha256 };
}

/** The tarball to upload and its SHA-256 (from the .sha256 file written beside it). */
export function locateDistribution(version: string, localPath?: string): { localPath: string; sha256: string } {
    const file = localPath ?? distributionPath(version);
    return withSha256(file, `the IoTDB ${version} distribution is not at ${file}: run 'npm run setup' (or set distribution.localPath)`);
}

/** The host tools archive every machine gets, whatever the distribution, and its SHA-256. */
export function locateHostTools(version: string, env: NodeJS.ProcessEnv = process.env): HostToolsSource {
    const file = hostToolsPath(version, env);
    return withSha256(file, `the project's host tools for IoTDB ${version} are not at ${file}: run 'npm run setup'`);
}
