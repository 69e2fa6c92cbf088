// Where the IoTDB distribution tarball built by scripts/iotdb-dist.sh is, and its checksum.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isSha256 } from "../rules";

/** The cache root used by the project's scripts (scripts/lib/common.sh). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.IOTDB_DA_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "iotdb-dual-active");
}

export function distributionPath(version: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.join(cacheDir(env), "iotdb", version, `apache-iotdb-${version}-bin.tar.gz`);
}

/** The tarball to upload and its SHA-256 (from the .sha256 file written beside it). */
export function locateDistribution(version: string, localPath?: string): { localPath: string; sha256: string } {
    const file = localPath ?? distributionPath(version);
    const sumFile = `${file}.sha256`;
    if (!fs.existsSync(file) || !fs.existsSync(sumFile)) {
        throw new Error(`the IoTDB ${version} distribution is not at ${file}: run 'npm run setup' (or set distribution.localPath)`);
    }
    const sha256 = fs.readFileSync(sumFile, "utf8").trim().split(/\s+/)[0];
    if (!isSha256(sha256)) throw new Error(`${sumFile} does not hold a SHA-256`);
    return { localPath: file, sha256 };
}
