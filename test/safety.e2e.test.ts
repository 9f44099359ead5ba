import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "./cli-helpers.js";

// Issue 6, "never lose work": `fix` does not rewrite what git could not give back, and does not follow links out.
const BF16 = "import torch\n\nx = torch.zeros(2, dtype=torch.bfloat16)\n";
const FIXED = "import torch\n\nx = torch.zeros(2, dtype=torch.float32)\n";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });
}

/** A git repo with `train.py` (bf16) and `clean.py` (nothing to fix) committed. */
function repo(): string {
  const root = join(tempDir(), "repo");
  mkdirSync(root);
  git(root, "init", "-q");
  writeFileSync(join(root, "train.py"), BF16);
  writeFileSync(join(root, "clean.py"), "print('hello')\n");
  git(root, "add", ".");
  git(root, "commit", "-qm", "initial");
  return root;
}

describe("gpu-compat fix in a git work tree", () => {
  it("rewrites committed files", () => {
    const root = repo();
    const run = cli(["fix", root, "--target", "t4", "--report", join(tempDir(), "r.md")]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(FIXED);
  });

  it("refuses, naming the files, when a file it would change has uncommitted changes, and writes nothing", () => {
    const root = repo();
    const edited = BF16.replace("zeros(2", "zeros(3");
    writeFileSync(join(root, "train.py"), edited);
    writeFileSync(join(root, "new.py"), BF16); // untracked: git could not give it back either
    writeFileSync(join(root, "clean.py"), "print('edited, but nothing to fix')\n");
    const report = join(tempDir(), "r.md");
    const run = cli(["fix", root, "--target", "t4", "--report", report]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("uncommitted changes");
    expect(run.stderr).toContain("  * new.py\n  * train.py\n");
    expect(run.stderr).not.toContain("clean.py");
    expect(run.stderr).toContain("--allow-dirty");
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(edited);
    expect(readFileSync(join(root, "new.py"), "utf8")).toBe(BF16);
    expect(() => readFileSync(report)).toThrow();
  });

  it("writes into dirty files with --allow-dirty, and shows the changes with --dry-run without refusing", () => {
    const root = repo();
    writeFileSync(join(root, "new.py"), BF16);
    const dry = cli(["fix", root, "--target", "t4", "--dry-run", "--diff", "--report", join(tempDir(), "r.md")]);
    expect(dry.status, dry.stderr).toBe(1); // A dry run with changes to make.
    expect(dry.stdout).toContain("+x = torch.zeros(2, dtype=torch.float32)");
    expect(readFileSync(join(root, "new.py"), "utf8")).toBe(BF16);
    const run = cli(["fix", root, "--target", "t4", "--allow-dirty", "--report", join(tempDir(), "r.md")]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(root, "new.py"), "utf8")).toBe(FIXED);
  });

  it("does not follow a symbolic link that leads outside the repository", () => {
    const root = repo();
    const outside = join(tempDir(), "outside.py");
    writeFileSync(outside, BF16);
    symlinkSync(outside, join(root, "linked.py"));
    const run = cli(["fix", root, "--target", "t4", "--allow-dirty", "--report", join(tempDir(), "r.md")]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(outside, "utf8")).toBe(BF16);
  });
});
