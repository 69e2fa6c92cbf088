// The digest a distribution archive is checked against on the host: SHA-512 (what Apache publishes
// beside each release) or SHA-256 (what scripts/iotdb-dist.sh writes), and the coreutils tool for it.
import { isSha256, isSha512 } from "../rules";

/** One of the two digests of an archive, hex. */
export interface ArchiveDigests {
    sha256?: string;
    sha512?: string;
}

/** The shell inputs of a check: `sum_tool` (sha512sum or sha256sum) and `want_sum`. */
export interface ChecksumInputs {
    sum_tool: "sha256sum" | "sha512sum";
    want_sum: string;
}

/** Exactly one of sha512 (128 lower-case hex digits) or sha256 (64), as the inputs of a host script; throws otherwise. */
export function checksumInputs(what: string, d: ArchiveDigests): ChecksumInputs {
    if (d.sha512 !== undefined && d.sha256 !== undefined) throw new Error(`${what}: give sha512 or sha256, not both`);
    if (d.sha512 !== undefined) {
        if (!isSha512(d.sha512)) throw new Error(`${what}: sha512 must be 128 lowercase hex digits`);
        return { sum_tool: "sha512sum", want_sum: d.sha512 };
    }
    if (!isSha256(d.sha256)) throw new Error(`${what}: sha256 must be 64 lowercase hex digits`);
    return { sum_tool: "sha256sum", want_sum: d.sha256 };
}
