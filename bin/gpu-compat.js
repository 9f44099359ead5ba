#!/usr/bin/env node
// The installed command (npm install -g, pre-commit): runs the bundle scripts/bundle.mjs builds into dist/.
let cli;
try {
  // A URL, not a literal specifier: knip reads the sources the bundle comes from, not the committed bundle.
  cli = await import(new URL("../dist/cli.js", import.meta.url).href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli.js")) throw error;
  process.stderr.write("gpu-compat: dist/cli.js is missing; build it with `node scripts/bundle.mjs`.\n");
  process.exit(2);
}
process.exitCode = await cli.main(process.argv);
