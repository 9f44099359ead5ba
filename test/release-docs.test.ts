// Release tags are `v<version>` (CONTRIBUTING.md, "Releases"): every version the docs pin (git URL `#v…`,
// pre-commit `rev: v…`, the action's `@v…`, `--branch v…`, the packed tarball's name) is the one in package.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cli-helpers.js";

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
const PINS = /(?:#v|rev: v|gpu-compat@v|--branch v|gpu-compat-)(\d+\.\d+\.\d+)/g;

describe("release tags in the docs", () => {
  for (const file of ["README.md", "docs/ci.md", "CONTRIBUTING.md"]) {
    it(`${file} pins v${version}, the version in package.json`, () => {
      const pinned = [...readFileSync(join(REPO_ROOT, file), "utf8").matchAll(PINS)].map((match) => match[1]);
      expect(pinned.length).toBeGreaterThan(0);
      expect(new Set(pinned)).toEqual(new Set([version]));
    });
  }
});
