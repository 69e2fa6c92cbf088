// The host fetches the distribution itself (for machines the Pulumi host cannot copy to quickly, or
// Apache's published release). Its bash: sh/download.sh.
import { isUrl } from "../rules";
import { ArchiveDigests, checksumInputs } from "./checksum";
import { renderScript } from "./template";

export interface DownloadArgs extends ArchiveDigests {
    /** http(s) URL of an IoTDB archive: Apache's binary release (.zip) or a tarball made by scripts/iotdb-dist.sh. */
    url: string;
    /** Where it goes on the machine. */
    path: string;
}

/** Downloads with curl (or wget) unless the file is already there with the right checksum (sha512 or sha256); verifies it. */
export function downloadScript(a: DownloadArgs): string {
    if (!isUrl(a.url)) throw new Error(`invalid distribution URL ${JSON.stringify(a.url)}`);
    return renderScript("iotdb-download", { url: a.url, ...checksumInputs("distribution", a), dest: a.path }, ["download"]);
}
