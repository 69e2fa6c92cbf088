// Where things live on a machine, and small script pieces shared by components.
import { shellQuote } from "./shell";

/** The timestamped event log the project's scripts append to on each machine. */
export const journalFile = (installDir: string) => `${installDir}/journal.log`;

/** Runs `script` in its own bash, then appends `event` to the journal if it succeeded. */
export function withJournal(file: string, event: string, script: string): string {
    return `set -euo pipefail
bash -c ${shellQuote(script)}
mkdir -p "$(dirname ${shellQuote(file)})"
printf '%s %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" ${shellQuote(event)} >> ${shellQuote(file)}`;
}

/** Removes the data directory (only when the user asked with purgeDataOnDestroy). */
export function purgeDataScript(dataDir: string): string {
    if (!/^\/[A-Za-z0-9._\/-]+$/.test(dataDir) || dataDir.split("/").filter(Boolean).length < 2) {
        throw new Error(`refusing to purge ${JSON.stringify(dataDir)}: not a data directory at least two levels deep`);
    }
    return `rm -rf -- ${shellQuote(dataDir)}`;
}
