import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guardWrites, runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { NotRegularFileError, readRegularFile, writeAtomically } from "../src/write.js";

// Issue 12: the guard fails closed, and every write keeps what the file is.
const BF16 = "import torch\n\nx = torch.zeros(2, dtype=torch.bfloat16)\n";
const FIXED = "import torch\n\nx = torch.zeros(2, dtype=torch.float32)\n";
const isRoot = process.getuid?.() === 0;

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1" };
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", ...args], { cwd, encoding: "utf8", env });
}

function temp(): string {
  return mkdtempSync(join(tmpdir(), "gpu-compat-guard-"));
}

/** A committed repository at `dir` holding `files`. */
function repoAt(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  git(dir, "add", "--", ".");
  git(dir, "commit", "-qm", "initial");
  return dir;
}

describe("guardWrites", () => {
  it("asks each repository about its own files: two clones in one folder", () => {
    const folder = temp();
    const a = repoAt(join(folder, "a"), { "t.py": BF16 });
    const b = repoAt(join(folder, "b"), { "t.py": BF16 });
    writeFileSync(join(b, "t.py"), `${BF16}# edited\n`);
    const guard = guardWrites([join(a, "t.py"), join(b, "t.py")]);
    expect(guard.refused).toEqual([{ path: join(b, "t.py"), reason: "uncommitted" }]);
    expect(guard.unguarded).toEqual([]);
  });

  it("asks a submodule and a nested clone, not the repository around them", () => {
    const outer = repoAt(temp(), { "top.py": BF16 });
    const source = repoAt(temp(), { "s.py": BF16 });
    git(outer, "submodule", "add", "-q", source, "sub");
    git(outer, "commit", "-qm", "add submodule");
    repoAt(join(outer, "nested"), { "n.py": BF16, "clean.py": BF16 }); // a clone the outer repo does not track
    writeFileSync(join(outer, "sub", "s.py"), `${BF16}# edited in the submodule\n`);
    writeFileSync(join(outer, "nested", "n.py"), `${BF16}# edited in the nested clone\n`);
    const paths = ["top.py", "sub/s.py", "nested/n.py", "nested/clean.py"].map((p) => join(outer, p));
    expect(guardWrites(paths).refused.map((file) => file.path)).toEqual([join(outer, "sub/s.py"), join(outer, "nested/n.py")]);
  });

  it("reads names as names: pathspec magic neither hides a file nor turns the guard off", () => {
    const root = repoAt(temp(), { ":(exclude)a.py": BF16, "a.py": BF16, ":(foo)x.py": BF16 });
    writeFileSync(join(root, "a.py"), `${BF16}# edited\n`);
    writeFileSync(join(root, ":(foo)x.py"), `${BF16}# edited\n`);
    const guard = guardWrites([":(exclude)a.py", "a.py", ":(foo)x.py"].map((p) => join(root, p)));
    expect(guard.refused.map((file) => file.path).sort()).toEqual([join(root, ":(foo)x.py"), join(root, "a.py")]);
  });

  it("refuses untracked and staged files", () => {
    const root = repoAt(temp(), { "t.py": BF16 });
    writeFileSync(join(root, "new.py"), BF16);
    writeFileSync(join(root, "t.py"), `${BF16}# staged\n`);
    git(root, "add", "t.py");
    expect(guardWrites([join(root, "new.py"), join(root, "t.py")]).refused.map((f) => f.path)).toEqual([join(root, "new.py"), join(root, "t.py")]);
  });

  it("answers for 30,000 changing files, where one argument list would overflow", () => {
    const root = temp();
    git(root, "init", "-q");
    const names = Array.from({ length: 30_000 }, (_, i) => `d${i % 30}/a-rather-long-file-name-to-fill-the-argument-list-${i}.py`);
    for (let d = 0; d < 30; d++) mkdirSync(join(root, `d${d}`));
    for (const name of names) writeFileSync(join(root, name), "x = 1\n");
    git(root, "add", "--", ".");
    git(root, "commit", "-qm", "many");
    writeFileSync(join(root, names[12_345]!), "x = 2\n");
    const guard = guardWrites(names.map((name) => join(root, name)));
    expect(guard.refused).toEqual([{ path: join(root, names[12_345]!), reason: "uncommitted" }]);
  }, 60_000);

  it("fails closed when git will not read the repository (dubious ownership), and says how to go on", () => {
    const root = repoAt(temp(), { "t.py": BF16 });
    // As root (a Docker or Kaggle bind mount), the checkout belongs to someone else; otherwise git's own switch.
    if (isRoot) execFileSync("chown", ["-R", "12345:12345", root]);
    const previous = process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER;
    if (!isRoot) process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = "1";
    try {
      const guard = guardWrites([join(root, "t.py")]);
      expect(guard.refused).toHaveLength(1);
      expect(guard.refused[0]).toMatchObject({ path: join(root, "t.py"), reason: "git-unanswered" });
      expect(guard.refused[0]!.message).toContain("dubious ownership");
      expect(guard.refused[0]!.message).toContain(`git config --global --add safe.directory ${root}`);
      expect(guard.refused[0]!.message).toContain("--allow-dirty");
    } finally {
      if (previous === undefined) delete process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER;
      else process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = previous;
    }
  });

  it("fails closed on a broken repository", () => {
    const root = temp();
    mkdirSync(join(root, "work"));
    writeFileSync(join(root, "work", ".git"), "gitdir: /nowhere/at/all\n");
    writeFileSync(join(root, "work", "t.py"), BF16);
    const guard = guardWrites([join(root, "work", "t.py")]);
    expect(guard.refused[0]).toMatchObject({ reason: "git-unanswered" });
  });

  it("lets files under no .git through, listed as unguarded", () => {
    const root = temp();
    writeFileSync(join(root, "t.py"), BF16);
    expect(guardWrites([join(root, "t.py")])).toEqual({ refused: [], unguarded: [join(root, "t.py")] });
  });
});

describe("writing a file", () => {
  it("compares content, not mtime and size: an edit of the same size with the old mtime is not overwritten", () => {
    const path = join(temp(), "t.py");
    writeFileSync(path, BF16);
    const read = readRegularFile(path);
    const before = statSync(path);
    writeFileSync(path, BF16.replace("zeros(2", "zeros(3"));
    utimesSync(path, before.atime, before.mtime);
    expect(() => writeAtomically(path, Buffer.from(FIXED), read)).toThrow(/changed on disk/);
    expect(readFileSync(path, "utf8")).toBe(BF16.replace("zeros(2", "zeros(3"));
  });

  it("does not block on a FIFO that took a file's place", () => {
    const path = join(temp(), "t.py");
    execFileSync("mkfifo", [path]);
    expect(() => readRegularFile(path)).toThrow(NotRegularFileError);
  });

  it.runIf(isRoot)("keeps the owner and group of another user's file", () => {
    const path = join(temp(), "t.py");
    writeFileSync(path, BF16);
    chownSync(path, 12345, 23456);
    writeAtomically(path, Buffer.from(FIXED), readRegularFile(path));
    const stat = statSync(path);
    expect([stat.uid, stat.gid]).toEqual([12345, 23456]);
    expect(readFileSync(path, "utf8")).toBe(FIXED);
  });
});

describe("runProject's writes", () => {
  it("writes nothing once aborted, and says so", async () => {
    const root = temp();
    writeFileSync(join(root, "a.py"), BF16);
    writeFileSync(join(root, "b.py"), BF16);
    const controller = new AbortController();
    controller.abort("SIGINT");
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix", signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.files.map((file) => file.written)).toEqual([false, false]);
    expect(readFileSync(join(root, "a.py"), "utf8")).toBe(BF16);
  });

  it("stops at a file boundary when aborted while writing", async () => {
    const root = temp();
    for (const name of ["a.py", "b.py", "c.py"]) writeFileSync(join(root, name), BF16);
    const controller = new AbortController();
    const result = await runProject({
      root,
      target: resolveTarget("t4"),
      mode: "fix",
      signal: controller.signal,
      // The run yields before each file: an abort queued two turns ahead lands after the first write.
      beforeWrite: () => setImmediate(() => setImmediate(() => controller.abort("SIGINT"))),
    });
    expect(result.interrupted).toBe(true);
    expect(result.files.map((file) => file.written)).toEqual([true, false, false]);
    expect(readFileSync(join(root, "c.py"), "utf8")).toBe(BF16);
  });

  it("never reads an output path as source", async () => {
    const root = temp();
    writeFileSync(join(root, "report.json"), JSON.stringify({ bf16: true }));
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check", outputs: [join(root, "report.json")] });
    expect(result.summary.filesDiscovered).toBe(1);
    expect(result.files).toEqual([]);
  });
});
