// The passwords, which are stack config secrets (Pulumi then masks them in everything it prints,
// its own debug logs included), and the placeholders the example stacks ship. A value never
// appears in a message.
import { IOTDB_PASSWORD_RE, PASSWORD_KEYS } from "../passwords";
import { ConfigContext, Problems, Raw } from "../problems";

/** Fields still holding a placeholder like "<address of machine A>", each with what to do. */
export function placeholderProblems(raw: Raw, namespace: string): string[] {
    const out = new Problems(namespace);
    const found: string[] = [];
    const find = (v: unknown, at: string): void => {
        if (typeof v === "string" && /^<.*>$/.test(v)) found.push(at);
        else if (Array.isArray(v)) v.forEach((x, i) => find(x, `${at}[${i}]`));
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) find(x, at ? `${at}.${k}` : k);
    };
    find(raw, "");
    for (const at of found) {
        const value = at.split(/[.[]/).reduce((o: any, k) => o?.[k.replace(/]$/, "")], raw);
        out.add(at, `still the placeholder ${JSON.stringify(value)}; fill it in (stacks/Pulumi.<stack>.yaml)`);
    }
    return out.list;
}

/** adminPassword and syncPassword: set, stored as secrets, and a password IoTDB accepts. */
export function passwordProblems(raw: Raw, ctx: ConfigContext): string[] {
    const out = new Problems(ctx.namespace);
    for (const k of PASSWORD_KEYS) {
        const v = raw[k];
        if (v === undefined) {
            out.add(k, `is not set; generate one (kept as a secret in the stack's config): npm run passwords -- ${ctx.stack ?? "<stack>"}; or set your own: pulumi config set --secret ${k}`);
        } else if (!ctx.isSecret(k)) {
            out.add(k, `is stored in plain text; store it as a secret: pulumi config set --secret ${k} <value> (and remove the plain value)`);
        } else if (typeof v !== "string" || !IOTDB_PASSWORD_RE.test(v)) {
            out.add(k, "is not a password IoTDB accepts; use 4 to 32 letters, digits or -_!@#$%^&*()+= (npm run passwords generates one)");
        } else if (k === "adminPassword" && v === "root") {
            out.add(k, "is IoTDB's default; choose another (npm run passwords generates one)");
        }
    }
    return out.list;
}
