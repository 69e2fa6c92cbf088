// The host fetches the distribution itself (for machines the Pulumi host cannot copy to quickly).
// Its bash: sh/download.sh.
import { isSha256, isUrl } from "../rules";
import { renderScript } from "./template";

export interface DownloadArgs {
    /** http(s) URL of a tarball made by scripts/iotdb-dist.sh (e.g. on the operator's artifact server). */
    url: string;
    /** Its SHA-256, hex. */
    sha256: string;
    /** Where it goes on the machine. */
    path: string;
}

/** Downloads with curl (or wget) unless the file is already there with the right checksum; verifies it. */
export function downloadScript(a: DownloadArgs): string {
    if (!isUrl(a.url)) throw new Error(`invalid distribution URL ${JSON.stringify(a.url)}`);
    if (!isSha256(a.sha256)) throw new Error("distribution sha256 must be 64 hex digits");
    return renderScript("iotdb-download", { url: a.url, sha: a.sha256, dest: a.path }, ["download"]);
}
