// Builds the installable `gpu-compat` into dist/: the CLI, the engine's worker and the jscodeshift transform, each
// one ESM file bundling the workspace packages from their TypeScript sources. Third-party packages stay external:
// the root package.json lists them as dependencies, so `npm install -g` (pre-commit's node hooks) brings them.
// Runs as the root `prepare` script: after `pnpm install`, after `npm install` in a git checkout, before `npm pack`.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const started = performance.now();

const docs = spawnSync(process.execPath, ["packages/rules/scripts/embed-docs.mjs"], { cwd: root, stdio: "inherit" });
if (docs.status !== 0) process.exit(docs.status ?? 1);

/** `@gpu-compat/<name>` is bundled from packages/<name>/src; every other bare import is left to node_modules. */
const workspace = {
  name: "workspace",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const local = /^@gpu-compat\/([a-z-]+)$/.exec(args.path);
      if (local) return { path: `${root}packages/${local[1]}/src/index.ts` };
      return { path: args.path, external: true };
    });
  },
};

rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // All three land in dist/ itself: the engine starts `new URL("./worker.js", import.meta.url)` and the CLI reads
  // its version from `../package.json`, both relative to the running file.
  entryPoints: {
    cli: "packages/cli/src/index.ts",
    worker: "packages/engine/src/worker.ts",
    jscodeshift: "packages/cli/src/jscodeshift.ts",
  },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [workspace],
  logLevel: "warning",
});

// jscodeshift loads a transform with require(); this CommonJS door imports the ESM transform on first use. (The
// Babel require hook jscodeshift installs leaves import() alone in a file without import/export statements.)
writeFileSync(
  `${root}dist/jscodeshift.cjs`,
  `"use strict";
// jscodeshift -t <this file> --extensions=py,ipynb --target=t4 <paths>: see README.md, "jscodeshift".
let loaded;
module.exports = async function gpuCompat(file, api, options) {
  loaded ??= import("./jscodeshift.js");
  return (await loaded).default(file, api, options);
};
`,
);
console.log(`gpu-compat bundled into dist/ in ${Math.round(performance.now() - started)} ms`);
