// Builds the installable `gpu-compat` into dist/: the CLI, the engine's worker and the jscodeshift transform, each
// one ESM file bundling the workspace packages from their TypeScript sources. Third-party packages stay external:
// the root package.json lists them as dependencies, so `npm install -g` (pre-commit's node hooks) brings them.
// dist/ is committed, so that `npm install -g` from a git URL or a tarball needs no build tools (no devDependencies):
// `pnpm test` runs this first and test/bundle.test.ts fails on CI when the committed dist/ differs from the result.
// dist/playground/ is the browser playground (packages/playground), which `gpu-compat playground` serves: the page,
// its stylesheet and one browser bundle of the engine, built from each package's browser.ts where it has one.
// `--outdir <dir>` writes elsewhere (that test compares a fresh bundle with dist/).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const started = performance.now();
const outdirFlag = process.argv.indexOf("--outdir");
const outdir = outdirFlag > 0 ? process.argv[outdirFlag + 1] : `${root}dist`;

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

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // All three land in dist/ itself: the engine starts `new URL("./worker.js", import.meta.url)` and the CLI reads
  // its version from `../package.json`, both relative to the running file.
  entryPoints: {
    cli: "packages/cli/src/index.ts",
    worker: "packages/engine/src/worker.ts",
    jscodeshift: "packages/cli/src/jscodeshift.ts",
  },
  outdir,
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
  `${outdir}/jscodeshift.cjs`,
  `"use strict";
// jscodeshift -t <this file> --extensions=py,ipynb --target=t4 <paths>: see README.md, "jscodeshift".
let loaded;
module.exports = async function gpuCompat(file, api, options) {
  loaded ??= import("./jscodeshift.js");
  return (await loaded).default(file, api, options);
};
`,
);
// The playground runs in a browser: every package goes into the bundle. `@gpu-compat/<name>` is its browser.ts (the
// package without its Node modules) where it has one, so a Node module that leaks into the engine's core fails this
// build. web-tree-sitter imports `module` and `fs/promises` only when it runs in Node: left as they are.
const browserWorkspace = {
  name: "browser-workspace",
  setup(build) {
    build.onResolve({ filter: /^@gpu-compat\/[a-z-]+$/ }, (args) => {
      const name = args.path.slice("@gpu-compat/".length);
      const browser = `${root}packages/${name}/src/browser.ts`;
      return { path: existsSync(browser) ? browser : `${root}packages/${name}/src/index.ts` };
    });
  },
};
const playground = `${outdir}/playground`;
await build({
  absWorkingDir: root,
  entryPoints: { playground: "packages/playground/src/main.ts" },
  outdir: playground,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  external: ["module", "fs/promises"],
  minify: true,
  legalComments: "none",
  plugins: [browserWorkspace],
  logLevel: "warning",
});
mkdirSync(playground, { recursive: true });
for (const file of ["index.html", "playground.css"]) copyFileSync(`${root}packages/playground/static/${file}`, `${playground}/${file}`);

console.log(`gpu-compat bundled into ${outdirFlag > 0 ? outdir : "dist/"} in ${Math.round(performance.now() - started)} ms`);
