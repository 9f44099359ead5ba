// dist/ is committed (a git URL or tarball install runs it without building: no devDependencies), so it must be
// the bundle of the sources: a fresh bundle equals the working tree's dist/, and on CI, where `pnpm test` has just
// rebuilt dist/ in a clean clone, the rebuilt files equal the committed ones.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir } from "./cli-helpers.js";

const ON_CI = !!process.env.CI && process.env.CI !== "false";

describe("dist/", () => {
  it("is what scripts/bundle.mjs builds from the sources", { timeout: 60_000 }, () => {
    const fresh = join(tempDir("gpu-compat-bundle-"), "dist");
    const bundled = spawnSync(process.execPath, ["scripts/bundle.mjs", "--outdir", fresh], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(bundled.status, bundled.stderr).toBe(0);
    const files = readdirSync(fresh).sort();
    expect(readdirSync(join(REPO_ROOT, "dist")).sort()).toEqual(files);
    for (const file of files) {
      const same = readFileSync(join(fresh, file)).equals(readFileSync(join(REPO_ROOT, "dist", file)));
      expect(same, `dist/${file} is out of date: run \`node scripts/bundle.mjs\` and commit dist/`).toBe(true);
    }
  });

  it("as committed is up to date (CI only: locally a rebuilt dist/ is uncommitted work)", ({ skip }) => {
    if (!ON_CI) skip("checked on CI, where the checkout is a clean clone");
    const diff = spawnSync("git", ["status", "--porcelain", "--", "dist"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(diff.status).toBe(0);
    expect(diff.stdout, "the committed dist/ is not the bundle of the committed sources: run `node scripts/bundle.mjs` and commit dist/").toBe("");
  });
});
