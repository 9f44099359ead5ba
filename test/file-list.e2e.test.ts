// `check` and `fix` over a list of files, as pre-commit calls them: only those files, reported relative to the
// working directory, each read exactly when checking the whole folder would read it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, snapshotTree, tempDir } from "./cli-helpers.js";

const findingPaths = (stdout: string) => [...new Set([...stdout.matchAll(/^(\S+?):\d+:\d+: /gm)].map((match) => match[1]))].sort();

describe("a list of files", () => {
  it("check reads only the listed files, skips the ones a whole-folder check skips, and names them from the working directory", () => {
    const repo = copyFixture("kaggle-llm-finetune");
    // outputs/ is in the sample's .gitignore; README.md is not a kind gpu-compat reads.
    mkdirSync(join(repo, "outputs"), { recursive: true });
    writeFileSync(join(repo, "outputs/checkpoint_notes.py"), "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n");
    const run = cli(["check", "--target", "t4", "train.py", "src/modeling.py", "outputs/checkpoint_notes.py", "README.md"], { cwd: repo });
    expect(run.status).toBe(1);
    expect(findingPaths(run.stdout)).toEqual(["src/modeling.py", "train.py"]);
    const json = JSON.parse(cli(["check", "--target", "t4", "--format", "json", "train.py", "src/modeling.py"], { cwd: repo }).stdout) as { root: string; summary: { filesDiscovered: number } };
    expect(json.root).toBe(repo);
    expect(json.summary.filesDiscovered).toBe(2);
  });

  it("finds the settings from the working directory, and fix --no-report rewrites only the listed files, writing no report", () => {
    const repo = copyFixture("kaggle-llm-finetune");
    writeFileSync(join(repo, "gpu-compat.toml"), 'target = "t4"\n');
    const before = snapshotTree(repo);
    const run = cli(["fix", "--no-report", "train.py", "src/modeling.py"], { cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("Report written");
    expect(existsSync(join(repo, "gpu-compat-report.md"))).toBe(false);
    const after = snapshotTree(repo);
    const changed = [...after].filter(([path, bytes]) => !before.get(path)?.equals(bytes)).map(([path]) => path);
    expect(changed.sort()).toEqual(["src/modeling.py", "train.py"]);
    expect(readFileSync(join(repo, "train.py"), "utf8")).toContain("fp16=True");
  });

  it("outside the working directory, names files from the deepest folder holding them all", () => {
    const repo = copyFixture("kaggle-llm-finetune");
    const run = cli(["check", "--target", "t4", "--output-format", "json", join(repo, "src/modeling.py"), join(repo, "scripts/legacy_loader.py")], { cwd: tempDir() });
    const json = JSON.parse(run.stdout) as { root: string; findings: { path: string }[] };
    expect(json.root).toBe(repo);
    // Outside the working directory, files are named by their absolute paths, as Ruff names them.
    expect([...new Set(json.findings.map((f) => f.path))].sort()).toEqual([join(repo, "scripts/legacy_loader.py"), join(repo, "src/modeling.py")]);
  });

  it("a missing path is a usage error", () => {
    const repo = copyFixture("kaggle-llm-finetune");
    const run = cli(["check", "--target", "t4", "train.py", "gone.py"], { cwd: repo });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("No such file or directory: gone.py");
  });
});
