/**
 * Shell quoting for the bash scripts this project generates (see hostScripts.ts).
 *
 * Every value that goes into a generated script goes through {@link shellQuote}: it becomes a single
 * bash word whose value is exactly the input, whatever characters it holds (`;`, `$(...)`, backticks,
 * quotes, newlines, globs). The one byte bash words cannot carry, NUL, is rejected.
 */

/** Thrown for a value that cannot be represented in a shell script. */
export class ShellQuoteError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ShellQuoteError";
    }
}

/**
 * Quotes a value as one bash word: `'...'`, where each `'` inside becomes `'\''`.
 * Numbers are accepted when they are finite (they are rendered with `String()`).
 *
 * @param value the string (or finite number) to quote
 * @returns the quoted word, e.g. `shellQuote("it's")` → `'it'\''s'`
 * @throws ShellQuoteError when the value contains a NUL character or is a non-finite number
 */
export function shellQuote(value: string | number): string {
    let s: string;
    if (typeof value === "number") {
        if (!Number.isFinite(value)) {
            throw new ShellQuoteError(`cannot quote the number ${value}`);
        }
        s = String(value);
    } else if (typeof value === "string") {
        s = value;
    } else {
        throw new ShellQuoteError(`cannot quote a value of type ${typeof value}`);
    }
    if (s.includes("\0")) {
        throw new ShellQuoteError("cannot quote a value containing a NUL character");
    }
    return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes each value and joins them with spaces, e.g. for a command line.
 *
 * @param values the words
 * @returns the words quoted with {@link shellQuote}, separated by single spaces
 */
export function shellQuoteAll(values: ReadonlyArray<string | number>): string {
    return values.map(shellQuote).join(" ");
}

/**
 * Renders a bash assignment `name=<quoted value>`.
 *
 * @param name a bash variable name (`[A-Za-z_][A-Za-z0-9_]*`)
 * @param value the value, quoted with {@link shellQuote}
 * @returns the assignment line (without newline)
 * @throws ShellQuoteError when the name is not a valid variable name
 */
export function shellAssign(name: string, value: string | number): string {
    return `${checkVariableName(name)}=${shellQuote(value)}`;
}

/**
 * Renders a bash array assignment `name=('a' 'b' ...)`.
 *
 * @param name a bash variable name (`[A-Za-z_][A-Za-z0-9_]*`)
 * @param values the elements, each quoted with {@link shellQuote}
 * @returns the assignment line (without newline)
 * @throws ShellQuoteError when the name is not a valid variable name
 */
export function shellAssignArray(name: string, values: ReadonlyArray<string | number>): string {
    return `${checkVariableName(name)}=(${shellQuoteAll(values)})`;
}

function checkVariableName(name: string): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ShellQuoteError(`not a valid shell variable name: ${JSON.stringify(name)}`);
    }
    return name;
}
