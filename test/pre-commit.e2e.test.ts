// The real pre-commit installs this repository's hooks (.pre-commit-hooks.yaml, `language: node`: npm install, npm
// pack, npm install -g) into a throwaway repository, blocks a commit of bf16 code on a T4, and lets it through once
// the fix hook has rewritten the file. Needs `pre-commit` (Debian's package; .ci/run installs it) and the npm
// registry; without pre-commit the test is skipped, except under CI, where it fails.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCommand, tempDir } from "./cli-helpers.js";

const ON_CI = !!process.env.CI && process.env.CI !== "false";
const preCommitVersion = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const hasPreCommit = preCommitVersion.status === 0;

interface Run {
  status: number;
  output: string;
}

/** Git and pre-commit apart from the user's settings and caches. */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const gitConfig = join(home, "gitconfig");
  writeFileSync(gitConfig, "[user]\n\tname = gpu-compat test\n\temail = test@example.invalid\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n");
  return { ...process.env, PRE_COMMIT_HOME: join(home, "pre-commit"), GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: "1", NO_COLOR: "1" };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return runCommand(command, args, { cwd, env });
}

async function ok(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.output}`);
  return result.output;
}

/**
 * pre-commit installs a hook repository from a commit. This one commits the checkout as it is (tracked files and
 * untracked ones git does not ignore) into a new repository, so the test runs the working tree's code, not only
 * what HEAD holds (on CI's clean clone the two are the same).
 */
async function snapshotCheckout(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const listed = await ok("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO_ROOT, env);
  for (const file of new Set(listed.split("\0").filter(Boolean))) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // Deleted, not yet committed.
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  }
  await ok("git", ["init", "-q"], dir, env);
  await ok("git", ["add", "-A"], dir, env);
  await ok("git", ["commit", "-q", "-m", "snapshot of the gpu-compat checkout"], dir, env);
  return (await ok("git", ["rev-parse", "HEAD"], dir, env)).trim();
}

const TRAIN_PY = `import torch
from transformers import TrainingArguments

args = TrainingArguments(output_dir="out", bf16=True)
x = torch.zeros(2, dtype=torch.bfloat16)
`;

describe("pre-commit hooks", () => {
  it("install with pre-commit from a git repository, block a commit of bf16 code for a T4, and fix it", { timeout: 600_000 }, async ({ skip }) => {
    if (!hasPreCommit) {
      const why = "`pre-commit` is not installed (Debian: apt-get install -y pre-commit)";
      if (ON_CI) throw new Error(`${why}; CI must run this test (.ci/run installs it)`);
      skip(`${why}; skipped outside CI`);
    }
    const home = tempDir("gpu-compat-pre-commit-");
    const env = isolatedEnv(home);
    const hooks = join(home, "gpu-compat");
    mkdirSync(hooks);
    const rev = await snapshotCheckout(hooks, env);

    const work = join(home, "work");
    mkdirSync(work);
    await ok("git", ["init", "-q"], work, env);
    writeFileSync(join(work, "train.py"), TRAIN_PY);
    // The check hook takes the target from its args; the fix hook (run by hand: manual stage) from the settings.
    writeFileSync(join(work, "pyproject.toml"), '[tool.gpu-compat]\ntarget = "t4"\nexclude = ["legacy"]\n');
    writeFileSync(join(work, ".gitignore"), "scratch.py\n");
    writeFileSync(
      join(work, ".pre-commit-config.yaml"),
      `repos:
  - repo: ${JSON.stringify(hooks)}
    rev: ${rev}
    hooks:
      - id: gpu-compat-check
        args: [--target, t4]
      - id: gpu-compat-fix
        stages: [manual]
`,
    );
    await ok("pre-commit", ["install"], work, env);
    await ok("git", ["add", "-A"], work, env);

    // The first commit installs the hook environment (npm, from the registry), then the check stops it.
    const blocked = await run("git", ["commit", "-m", "train on a T4"], work, env);
    expect(blocked.status, blocked.output).not.toBe(0);
    expect(blocked.output).toMatch(/gpu-compat check\.+Failed/);
    expect(blocked.output).toContain("train.py:4:");
    expect(blocked.output).toContain("error[trainer-bf16]");
    expect(blocked.output).toContain("[bf16-dtype]");
    expect((await run("git", ["rev-parse", "--verify", "-q", "HEAD"], work, env)).status).not.toBe(0);

    // The fix hook rewrites the staged file; pre-commit fails it because it changed files, as with any fixer.
    const fixed = await run("pre-commit", ["run", "--hook-stage", "manual", "gpu-compat-fix"], work, env);
    expect(fixed.status, fixed.output).toBe(1);
    expect(fixed.output).toMatch(/gpu-compat fix\.+Failed/);
    expect(fixed.output).toContain("files were modified by this hook");
    const rewritten = readFileSync(join(work, "train.py"), "utf8");
    expect(rewritten).toContain('TrainingArguments(output_dir="out", fp16=True)');
    expect(rewritten).toContain("dtype=torch.float32");
    expect(existsSync(join(work, "gpu-compat-report.md"))).toBe(false);

    await ok("git", ["add", "train.py"], work, env);
    const committed = await run("git", ["commit", "-m", "train on a T4"], work, env);
    expect(committed.status, committed.output).toBe(0);
    expect(committed.output).toMatch(/gpu-compat check\.+Passed/);
    expect(await ok("git", ["status", "--porcelain"], work, env)).toBe("");

    // As Ruff's --force-exclude: a staged file the settings exclude, or one .gitignore names (added with -f),
    // does not block the commit.
    mkdirSync(join(work, "legacy"));
    writeFileSync(join(work, "legacy", "old_train.py"), TRAIN_PY);
    writeFileSync(join(work, "scratch.py"), TRAIN_PY);
    await ok("git", ["add", "-f", "legacy/old_train.py", "scratch.py"], work, env);
    const excluded = await run("git", ["commit", "-m", "keep the A100 scripts"], work, env);
    expect(excluded.status, excluded.output).toBe(0);
    expect(excluded.output).toMatch(/gpu-compat check\.+Passed/);

    // A file in a subfolder is named from the repository's top level, not by its base name.
    mkdirSync(join(work, "src"));
    writeFileSync(join(work, "src", "train.py"), TRAIN_PY);
    await ok("git", ["add", "src/train.py"], work, env);
    const nested = await run("git", ["commit", "-m", "a package"], work, env);
    expect(nested.status, nested.output).not.toBe(0);
    expect(nested.output).toMatch(/^src\/train\.py:4:\d+: error\[trainer-bf16\]/m);
    await ok("git", ["reset", "-q", "src/train.py"], work, env);

    // The fix hook fails on an error-level finding no fix removes (flash-attn on a T4), and changes nothing.
    writeFileSync(join(work, "attn.py"), "from flash_attn import flash_attn_func\nout = flash_attn_func(q, k, v)\n");
    await ok("git", ["add", "attn.py"], work, env);
    const leftover = await run("pre-commit", ["run", "--hook-stage", "manual", "gpu-compat-fix", "--files", "attn.py"], work, env);
    expect(leftover.status, leftover.output).toBe(1);
    expect(leftover.output).toMatch(/gpu-compat fix\.+Failed/);
    expect(leftover.output).toContain("error[flash-attn-package]");
    expect(leftover.output).not.toContain("files were modified by this hook");
  });
});
