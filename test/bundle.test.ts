// dist/ is committed (a git URL or tarball install runs it without building: no devDependencies), so it must be
// the bundle of the sources: a fresh bundle equals the working tree's dist/, and on CI, where `pnpm test` has just
// rebuilt dist/ in a clean clone, the rebuilt files equal the committed ones.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir } from "./cli-helpers.js";

const ON_CI = !!process.env.CI && process.env.CI !== "false";

describe("dist/", () => {
  it("is what scripts/bundle.mjs builds from the sources", { timeout: 60_000 }, () => {
    const fresh = join(tempDir("gpu-compat-bundle-"), "dist");
    const bundled = spawnSync(process.execPath, ["scripts/bundle.mjs", "--outdir", fresh], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(bundled.status, bundled.stderr).toBe(0);
    const files = filesUnder(fresh);
    expect(filesUnder(join(REPO_ROOT, "dist"))).toEqual(files);
    for (const file of files) {
      const same = readFileSync(join(fresh, file)).equals(readFileSync(join(REPO_ROOT, "dist", file)));
      expect(same, `dist/${file} is out of date: run \`node scripts/bundle.mjs\` and commit dist/`).toBe(true);
    }
  });

  it("holds the browser playground that `gpu-compat playground` serves, with no Node module in it", () => {
    expect(filesUnder(join(REPO_ROOT, "dist/playground"))).toEqual(["index.html", "playground.css", "playground.js"]);
    const bundle = readFileSync(join(REPO_ROOT, "dist/playground/playground.js"), "utf8");
    // web-tree-sitter's own `import("module")` and `import("fs/promises")` run only under Node.
    const imports = [...bundle.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)|\bfrom\s*"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    expect(imports.sort()).toEqual(["fs/promises", "module"]);
  });

  it("as committed is up to date (CI only: locally a rebuilt dist/ is uncommitted work)", ({ skip }) => {
    if (!ON_CI) skip("checked on CI, where the checkout is a clean clone");
    const diff = spawnSync("git", ["status", "--porcelain", "--", "dist"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(diff.status).toBe(0);
    expect(diff.stdout, "the committed dist/ is not the bundle of the committed sources: run `node scripts/bundle.mjs` and commit dist/").toBe("");
  });
});

/** The files under a folder, as sorted `/`-separated paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}
