// The fake IoTDB SQL runner the SQL host scripts' tests run against (lib/render/sqlScripts.ts).
import * as fs from "fs";
import * as path from "path";

/** The columns of IoTDB 2.0.10's SHOW PIPES. */
export const SHOW_PIPES_HEADER = ["ID", "CreationTime", "State", "PipeSource", "PipeProcessor", "PipeSink", "ExceptionMessage", "RemainingEventCount", "EstimatedRemainingSeconds"];

/**
 * A fake tools/iotdb-sql/iotdb-sql under `home` that logs every statement to $h/statements and runs
 * `onStatement` (bash, the statement in $s, $h the home, $pw the password of line 1) for each.
 */
export function fakeSqlRunner(home: string, onStatement: string): void {
    const tool = path.join(home, "tools", "iotdb-sql");
    fs.mkdirSync(tool, { recursive: true });
    fs.writeFileSync(path.join(tool, "iotdb-sql"), `#!/usr/bin/env bash
set -euo pipefail
h=${JSON.stringify(home)}
read -r pw
while IFS= read -r s; do
  printf '%s\\n' "$s" >>"$h/statements"
${onStatement}
done
exit 0
`, { mode: 0o755 });
}
