// `npm run docs`: renders lib/configReference.ts into the generated section of docs/configuration.md.
// `npm run docs -- --check` writes nothing and exits 1 when the file is not what it would write.
import * as fs from "fs";
import * as path from "path";
import { configurationDoc } from "./lib/configReferenceMarkdown";

const file = path.resolve(__dirname, "../docs/configuration.md");
const current = fs.readFileSync(file, "utf8");
const wanted = configurationDoc(current);
if (process.argv.includes("--check")) {
    if (current !== wanted) {
        console.error(`${path.relative(process.cwd(), file)} is out of date: run npm run docs`);
        process.exit(1);
    }
} else if (current !== wanted) {
    fs.writeFileSync(file, wanted);
    console.error(`wrote ${path.relative(process.cwd(), file)}`);
} else {
    console.error(`${path.relative(process.cwd(), file)} is up to date`);
}
