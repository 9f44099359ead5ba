// Runs the commands of README.md's "Install" section as written, with a commit of this checkout (tagged as the
// release `v<version>`) in place of the GitHub URL: `npm install -g` from a git URL and from an `npm pack` tarball,
// into a temporary prefix (npm_config_prefix), then `gpu-compat` from that prefix's bin/ on PATH; and the
// pre-commit configuration. The native parser must load wherever it loads in this checkout. Needs the npm
// registry (commander and the rest) and, for the pre-commit case, `pre-commit`: skipped without them, except
// under CI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, REPO_ROOT, runCommand, tempDir } from "./cli-helpers.js";
import { npmRegistryUnavailable, ON_CI, snapshotCheckout, userShellEnv } from "./install-helpers.js";

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
const GITHUB_URL = /https:\/\/github\.com\/gpu-compat\/gpu-compat(\.git)?/g;
const NPM_QUIET = { npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
const GIT_USER = { GIT_AUTHOR_NAME: "gpu-compat test", GIT_AUTHOR_EMAIL: "test@example.invalid", GIT_COMMITTER_NAME: "gpu-compat test", GIT_COMMITTER_EMAIL: "test@example.invalid" };

/** The fenced blocks of README.md's "Install" section, by language. */
function installBlocks(language: "sh" | "yaml"): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].filter((block) => block[1] === language).map((block) => block[2]!);
}

let offline: string | undefined;
let snapshot = "";

beforeAll(async () => {
  offline = await npmRegistryUnavailable();
  if (offline) return;
  snapshot = join(tempDir("gpu-compat-install-"), "gpu-compat");
  mkdirSync(snapshot);
  await snapshotCheckout(snapshot, process.env);
  expect(spawnSync("git", ["tag", `v${version}`], { cwd: snapshot, env: { ...process.env, ...GIT_USER } }).status).toBe(0);
}, 60_000);

function skipOffline(skip: (note: string) => void) {
  if (!offline) return;
  if (ON_CI) throw new Error(`${offline}; CI must run this test`);
  skip(`${offline}; skipped outside CI`);
}

/** The README's URL of this repository, pointed at the snapshot. */
const local = (text: string) => text.replace(GITHUB_URL, `file://${snapshot}`);

/** A shell whose `npm install -g` lands in a new prefix, with that prefix's bin/ first on PATH. */
function globalPrefix() {
  const prefix = tempDir("gpu-compat-prefix-");
  const env = { ...userShellEnv(), ...NPM_QUIET, NO_COLOR: "1", npm_config_prefix: prefix, PATH: `${join(prefix, "bin")}${delimiter}${process.env.PATH ?? ""}` };
  return { prefix, env };
}

/** The backend line of `gpu-compat version` in this checkout (native where tree-sitter loads here). */
const checkoutParser = () => cli(["version"]).stdout.match(/^parser: (\w+)/m)?.[1];

async function expectWorkingInstall(output: string, env: NodeJS.ProcessEnv) {
  expect(output, "the installed gpu-compat did not load the parser this checkout loads").toMatch(new RegExp(`^parser: ${checkoutParser()}`, "m"));
  const checked = await runCommand("gpu-compat", ["check", "fixtures/kaggle-llm-finetune", "--target", "t4"], { cwd: REPO_ROOT, env });
  expect(checked.status, checked.output).toBe(1);
  expect(checked.output).toContain("train.py:32:9");
  expect(checked.output).toContain("trainer-bf16");
}

describe("README's Install commands", () => {
  it("has two shell blocks (git URL, tarball) and two configurations (pre-commit, GitHub Action)", () => {
    expect(installBlocks("sh")).toHaveLength(2);
    expect(installBlocks("yaml")).toHaveLength(2);
    expect(checkoutParser()).toBe("native");
    // The fallback names itself and its cause.
    expect(cli(["version"], { env: { GPU_COMPAT_PARSER: "wasm" } }).stdout).toMatch(/^parser: wasm \(web-tree-sitter; GPU_COMPAT_PARSER=wasm\)$/m);
  });

  it("npm from a git URL: no devDependencies, gpu-compat not built, gpu-compat on PATH", { timeout: 180_000 }, async ({ skip }) => {
    skipOffline(skip);
    const { prefix, env } = globalPrefix();
    const run = await runCommand("bash", ["-euc", local(installBlocks("sh")[0]!)], { cwd: tempDir(), env });
    expect(run.status, run.output).toBe(0);
    // npm prepared nothing (the package has no prepare or build script): no devDependency was installed.
    const installed = join(prefix, "lib", "node_modules", "gpu-compat", "node_modules");
    for (const dev of ["esbuild", "vitest", "typescript"]) expect(existsSync(join(installed, dev)), dev).toBe(false);
    await expectWorkingInstall(run.output, env);
  });

  it("npm from a tarball of a checkout", { timeout: 180_000 }, async ({ skip }) => {
    skipOffline(skip);
    const { env } = globalPrefix();
    const dir = tempDir();
    const run = await runCommand("bash", ["-euc", local(installBlocks("sh")[1]!)], { cwd: dir, env });
    expect(run.status, run.output).toBe(0);
    expect(readdirSync(join(dir, "gpu-compat"))).toContain(`gpu-compat-${version}.tgz`);
    await expectWorkingInstall(run.output, env);
  });

  it("pre-commit: the configuration installs the hook, which blocks a commit of bf16 code", { timeout: 300_000 }, async ({ skip }) => {
    skipOffline(skip);
    if (spawnSync("pre-commit", ["--version"]).status !== 0) {
      const why = "`pre-commit` is not installed (Debian: apt-get install -y pre-commit)";
      if (ON_CI) throw new Error(`${why}; CI must run this test (.ci/run installs it)`);
      skip(`${why}; skipped outside CI`);
    }
    const home = tempDir("gpu-compat-pre-commit-");
    const gitConfig = join(home, "gitconfig");
    writeFileSync(gitConfig, "[user]\n\tname = gpu-compat test\n\temail = test@example.invalid\n[commit]\n\tgpgsign = false\n");
    const env = { ...userShellEnv(), ...NPM_QUIET, NO_COLOR: "1", PRE_COMMIT_HOME: join(home, "cache"), GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: "1" };
    const work = join(home, "work");
    mkdirSync(work);
    expect((await runCommand("git", ["init", "-q"], { cwd: work, env })).status).toBe(0);
    writeFileSync(join(work, ".pre-commit-config.yaml"), local(installBlocks("yaml")[0]!));
    writeFileSync(join(work, "train.py"), 'from transformers import TrainingArguments\n\nargs = TrainingArguments(output_dir="out", bf16=True)\n');
    expect((await runCommand("pre-commit", ["install"], { cwd: work, env })).status).toBe(0);
    await runCommand("git", ["add", "-A"], { cwd: work, env });

    const started = performance.now();
    const installed = await runCommand("pre-commit", ["install-hooks"], { cwd: work, env });
    expect(installed.status, installed.output).toBe(0);
    console.log(`pre-commit installed the gpu-compat hook in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const commit = await runCommand("git", ["commit", "-m", "train on a T4"], { cwd: work, env });
    expect(commit.status, commit.output).not.toBe(0);
    expect(commit.output).toContain("trainer-bf16");

    const [hookRepo] = readdirSync(env.PRE_COMMIT_HOME).filter((name) => name.startsWith("repo"));
    const [nodeEnv] = readdirSync(join(env.PRE_COMMIT_HOME, hookRepo!)).filter((name) => name.startsWith("node_env-"));
    const hookVersion = spawnSync(join(env.PRE_COMMIT_HOME, hookRepo!, nodeEnv!, "bin", "gpu-compat"), ["version"], { encoding: "utf8" });
    expect(hookVersion.stdout).toMatch(new RegExp(`^parser: ${checkoutParser()}`, "m"));
  });
});
