// gpu-compat installed as README.md's "Install" says: `npm install -g` from a git URL and from a tarball
// (`npm pack`), into a temporary prefix, with no devDependencies and no build step (dist/ is committed); then
// `gpu-compat` runs from that prefix's bin/ on PATH. The native parser must load wherever it loads in this
// checkout. Needs the npm registry (for commander and the rest): skipped without it, except under CI.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, REPO_ROOT, runCommand, tempDir } from "./cli-helpers.js";
import { npmRegistryUnavailable, ON_CI, snapshotCheckout } from "./install-helpers.js";

const NPM_QUIET = { npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };

let offline: string | undefined;
let snapshot = "";
let rev = "";

beforeAll(async () => {
  offline = await npmRegistryUnavailable();
  if (offline) return;
  snapshot = join(tempDir("gpu-compat-install-"), "gpu-compat");
  mkdirSync(snapshot);
  rev = await snapshotCheckout(snapshot, process.env);
}, 60_000);

function skipOffline(skip: (note: string) => void) {
  if (!offline) return;
  if (ON_CI) throw new Error(`${offline}; CI must run this test`);
  skip(`${offline}; skipped outside CI`);
}

/** `npm install -g --prefix <new dir> <spec>`; returns the prefix. */
async function installGlobally(spec: string): Promise<string> {
  const prefix = tempDir("gpu-compat-prefix-");
  const installed = await runCommand("npm", ["install", "-g", "--prefix", prefix, spec], { cwd: tempDir(), env: { ...process.env, ...NPM_QUIET } });
  expect(installed.status, installed.output).toBe(0);
  return prefix;
}

/** Runs `gpu-compat` found on PATH, with the prefix's bin/ first, as a user's shell would. */
function fromPath(prefix: string, args: string[]) {
  const bin = process.platform === "win32" ? prefix : join(prefix, "bin");
  expect(existsSync(join(bin, "gpu-compat"))).toBe(true);
  return runCommand("gpu-compat", args, { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1", PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` } });
}

async function expectWorkingInstall(prefix: string) {
  const version = await fromPath(prefix, ["version"]);
  expect(version.status, version.output).toBe(0);
  // The checkout's own parser backend (native where tree-sitter loads here): the install must get the same.
  const here = cli(["version"]).stdout.match(/^parser: (\w+)/m)?.[1];
  expect(version.output, "the installed gpu-compat did not load the parser this checkout loads").toMatch(new RegExp(`^parser: ${here}`, "m"));
  expect(here).toBe("native");

  const checked = await fromPath(prefix, ["check", "fixtures/kaggle-llm-finetune", "--target", "t4"]);
  expect(checked.status, checked.output).toBe(1);
  expect(checked.output).toContain("train.py:32:9");
  expect(checked.output).toContain("trainer-bf16");
}

describe("npm install -g", () => {
  it("from a git URL: no devDependencies, no bundling, and gpu-compat on PATH", { timeout: 180_000 }, async ({ skip }) => {
    skipOffline(skip);
    const prefix = await installGlobally(`git+file://${snapshot}#${rev}`);
    const installed = join(prefix, "lib", "node_modules");
    // No devDependencies: npm prepared nothing (no `prepare` or `build` script), so no esbuild, eslint or vitest.
    expect(readdirSync(join(installed, "gpu-compat", "node_modules")).sort()).not.toContain("esbuild");
    expect(existsSync(join(installed, "gpu-compat", "node_modules", "vitest"))).toBe(false);
    await expectWorkingInstall(prefix);
  });

  it("from a tarball made by npm pack", { timeout: 180_000 }, async ({ skip }) => {
    skipOffline(skip);
    const packs = tempDir("gpu-compat-pack-");
    const packed = await runCommand("npm", ["pack", "--pack-destination", packs], { cwd: snapshot, env: { ...process.env, ...NPM_QUIET } });
    expect(packed.status, packed.output).toBe(0);
    const tarball = readdirSync(packs).find((file) => file.endsWith(".tgz"));
    expect(tarball).toMatch(/^gpu-compat-\d+\.\d+\.\d+\.tgz$/);
    await expectWorkingInstall(await installGlobally(join(packs, tarball!)));
  });
});
