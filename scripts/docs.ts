// `npm run docs`: renders the config schema (lib/config/schema.ts) into the generated section of
// docs/configuration.md and into the `config:` block of Pulumi.yaml.
// `npm run docs -- --check` writes nothing and exits 1 when a file is not what it would write.
import * as fs from "fs";
import * as path from "path";
import { configurationDoc } from "./lib/configReferenceMarkdown";
import { withProjectConfig } from "./lib/pulumiProjectConfig";

const root = path.resolve(__dirname, "..");
const outputs: [string, (current: string) => string][] = [
    ["docs/configuration.md", configurationDoc],
    ["Pulumi.yaml", (current) => withProjectConfig(current)],
];
let stale = false;
for (const [name, render] of outputs) {
    const file = path.join(root, name);
    const current = fs.readFileSync(file, "utf8");
    const wanted = render(current);
    if (current === wanted) {
        console.error(`${name} is up to date`);
    } else if (process.argv.includes("--check")) {
        console.error(`${name} is out of date: run npm run docs`);
        stale = true;
    } else {
        fs.writeFileSync(file, wanted);
        console.error(`wrote ${name}`);
    }
}
if (stale) process.exit(1);
