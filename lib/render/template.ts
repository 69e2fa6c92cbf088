/**
 * Host scripts are bash files under lib/render/sh/ (checked by shellcheck, test/unit/shellcheck.test.ts);
 * a renderer injects each script's inputs as quoted assignments between the shared prelude and the
 * script's own files:
 *
 *     sh/prelude.sh              set -euo pipefail, umask, log/warn/die/journal
 *     TAG='iotdb-<step>'         the prefix of the script's messages
 *     name='value' ...           the inputs, each quoted with shellQuote
 *     sh/<helpers>.sh ...        the functions the script shares with others
 *     sh/<script>.sh             its body
 *
 * A template's header (its leading comment lines up to the first blank line: what it is, its
 * inputs, shellcheck directives for the file on its own) is not rendered. The files are read once per process, next to this module: from
 * lib/render/sh/ under ts-node, from dist/lib/render/sh/ in the package (build:lib copies them).
 */
import * as fs from "fs";
import * as path from "path";
import { shellAssign, shellAssignArray } from "./shell";

/** Where the templates are, beside this module. */
export const TEMPLATE_DIR = path.join(__dirname, "sh");

/** A value injected into a script: one word, or a bash array of words. */
export type ShellInput = string | number | ReadonlyArray<string | number>;

const bodies = new Map<string, string>();

/** The lines of template `name` (`sh/<name>.sh`) after its leading comment block; read once per process. */
export function templateBody(name: string): string {
    let body = bodies.get(name);
    if (body === undefined) {
        const text = fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.sh`), "utf8");
        // The header: the leading comment lines, up to the first blank line.
        const header = /^(?:#.*\n)*\n/.exec(text);
        body = text.slice(header ? header[0].length : 0).trim();
        bodies.set(name, body);
    }
    return body;
}

/** The inputs as bash lines: `name='value'`, or `name=('a' 'b')` for an array. */
export function shellInputs(inputs: Readonly<Record<string, ShellInput>>): string[] {
    return Object.entries(inputs).map(([name, value]) =>
        typeof value === "object" ? shellAssignArray(name, value) : shellAssign(name, value),
    );
}

/**
 * A whole host script: the prelude, `TAG`, the inputs, then each named template in order.
 *
 * @param tag the prefix of its messages, e.g. `iotdb-start`
 * @param inputs the variables its templates read
 * @param templates names of files under sh/ (without `.sh`), helpers first, the body last
 */
export function renderScript(tag: string, inputs: Readonly<Record<string, ShellInput>>, templates: readonly string[]): string {
    return [templateBody("prelude"), shellAssign("TAG", tag), ...shellInputs(inputs), ...templates.map(templateBody), ""].join("\n");
}

/** A fragment of a script (no prelude): the inputs, then each named template. */
export function renderFragment(inputs: Readonly<Record<string, ShellInput>>, templates: readonly string[]): string {
    return [...shellInputs(inputs), ...templates.map(templateBody)].join("\n");
}
