import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../packages/cli/src/index.js";
import { CLI, cli, tempDir } from "./cli-helpers.js";

// Issue 12: the guard fails closed, outputs are checked before any source is touched, files keep what they are.
const BF16 = "import torch\n\nx = torch.zeros(2, dtype=torch.bfloat16)\n";
const FIXED = "import torch\n\nx = torch.zeros(2, dtype=torch.float32)\n";
const isRoot = process.getuid?.() === 0;

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "init.defaultBranch=main", ...args], { cwd });
}

function committedRepo(files: Record<string, string>): string {
  const root = join(tempDir(), "repo");
  mkdirSync(root);
  git(root, "init", "-q");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  git(root, "add", "--", ".");
  git(root, "commit", "-qm", "initial");
  return root;
}

describe("the git guard, from the command line", () => {
  it("refuses a checkout owned by another user (dubious ownership) and writes nothing", () => {
    const root = committedRepo({ "train.py": BF16 });
    if (isRoot) execFileSync("chown", ["-R", "12345:12345", root]);
    const report = join(tempDir(), "r.md");
    const run = cli(["fix", root, "--target", "t4", "--report", report], isRoot ? {} : { env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: "1" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("dubious ownership");
    expect(run.stderr).toContain("safe.directory");
    expect(run.stderr).toContain("  * train.py\n");
    expect(run.stderr).toContain("Nothing was written.");
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(BF16);
    expect(existsSync(report)).toBe(false);
    if (isRoot) expect(statSync(join(root, "train.py")).uid).toBe(12345);
  });

  it("refuses a dirty file in the second of two clones in one folder", () => {
    const folder = tempDir();
    for (const name of ["a", "b"]) {
      mkdirSync(join(folder, name));
      git(join(folder, name), "init", "-q");
      writeFileSync(join(folder, name, "t.py"), BF16);
      git(join(folder, name), "add", ".");
      git(join(folder, name), "commit", "-qm", "initial");
    }
    writeFileSync(join(folder, "b", "t.py"), `${BF16}# mine\n`);
    const run = cli(["fix", folder, "--target", "t4", "--no-report"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("  * b/t.py\n");
    expect(readFileSync(join(folder, "a", "t.py"), "utf8")).toBe(BF16);
  });

  it("says in the summary when nothing guarded the write", () => {
    const root = tempDir();
    writeFileSync(join(root, "t.py"), BF16);
    const run = cli(["fix", root, "--target", "t4", "--no-report"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Note: 1 written file is in no git work tree: nothing guarded the write");
  });
});

describe("outputs are checked before any source is touched", () => {
  const cases: [string, (root: string) => string][] = [
    ["a directory", (root) => root],
    ["a source file of the run", (root) => join(root, "train.py")],
    ["a path under a file", (root) => join(root, "train.py", "r.md")],
  ];
  for (const [what, reportPath] of cases) {
    it(`--report that is ${what}: exit 2, nothing written`, () => {
      const root = tempDir();
      writeFileSync(join(root, "train.py"), BF16);
      const run = cli(["fix", root, "--target", "t4", "--report", reportPath(root)]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^error: --report /);
      expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(readFileSync(join(root, "train.py"), "utf8")).toBe(BF16);
    });
  }

  it.runIf(!isRoot)("--report in a folder the user cannot write: exit 2, nothing written", () => {
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    const locked = join(tempDir(), "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const run = cli(["fix", root, "--target", "t4", "--report", join(locked, "r.md")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot be written: permission denied");
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(BF16);
  });

  it("--sarif that is a source file: exit 2", () => {
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    writeFileSync(join(root, "config.json"), '{"bf16": true}\n');
    const run = cli(["check", root, "--target", "t4", "--sarif", join(root, "config.json")]);
    expect(run.status).toBe(2);
    expect(readFileSync(join(root, "config.json"), "utf8")).toBe('{"bf16": true}\n');
  });

  it("replaces an earlier JSON report inside the root, and does not read it as a config", () => {
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    const report = join(root, "gpu-compat-report.json");
    // A dry run with changes to make exits 1 (see cli.e2e.test.ts), and still writes the report it is given.
    expect(cli(["fix", root, "--target", "t4", "--report", report, "--dry-run"]).status).toBe(1);
    const again = cli(["fix", root, "--target", "t4", "--report", report, "--dry-run"]);
    expect(again.status, again.stderr).toBe(1);
    expect(JSON.parse(readFileSync(report, "utf8")).tool).toBe("gpu-compat");
  });
});

/** A tmpfs of `size` bytes, filled, where the platform lets this process mount one (root in a container). */
const mounts: string[] = [];
function fullTmpfs(): string | undefined {
  const dir = tempDir("gpu-compat-full-");
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).status !== 0) return undefined;
  mounts.push(dir);
  spawnSync("dd", ["if=/dev/zero", `of=${join(dir, "fill")}`, "bs=4k"]);
  return dir;
}
afterAll(() => {
  for (const dir of mounts) spawnSync("umount", [dir]);
});

function readOnlyTmpfs(): string | undefined {
  const dir = tempDir("gpu-compat-ro-");
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir]).status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}

describe("a full disk, a read-only one", () => {
  it("--report on a read-only file system (unwritable even for root): exit 2, nothing written", (context) => {
    const readOnly = readOnlyTmpfs();
    if (!readOnly) return context.skip();
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    const run = cli(["fix", root, "--target", "t4", "--report", join(readOnly, "reports", "r.md")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot be written: the file system is read-only");
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(BF16);
  });

  it("stops the run before any source is touched when the report cannot be written", (context) => {
    const full = fullTmpfs();
    if (!full) return context.skip();
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    const run = cli(["fix", root, "--target", "t4", "--report", join(full, "r.md")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no space left on the device");
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(BF16);
    expect(readdirSync(full)).toEqual(["fill"]);
  });
});

describe("files keep what they are", () => {
  it("writes through a symbolic link given as the only path, and the link stays a link", () => {
    const root = tempDir();
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src", "real.py"), BF16);
    symlinkSync("real.py", join(root, "src", "train.py"));
    const run = cli(["fix", join(root, "src", "train.py"), "--target", "t4", "--no-report"]);
    expect(run.status, run.stderr).toBe(0);
    expect(lstatSync(join(root, "src", "train.py")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "src", "train.py"))).toBe("real.py");
    expect(readFileSync(join(root, "src", "real.py"), "utf8")).toBe(FIXED);
  });

  it("does not follow a link given as the path to a file outside its folder", () => {
    const outside = join(tempDir(), "outside.py");
    writeFileSync(outside, BF16);
    const folder = tempDir();
    symlinkSync(outside, join(folder, "train.py"));
    const run = cli(["fix", join(folder, "train.py"), "--target", "t4", "--no-report"]);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain("not followed");
    expect(readFileSync(outside, "utf8")).toBe(BF16);
  });

  it("with several paths, the root is their folder, not the working directory above it", () => {
    const root = tempDir();
    writeFileSync(join(root, "a.py"), BF16);
    writeFileSync(join(root, "b.py"), BF16);
    const run = cli(["check", join(root, "a.py"), join(root, "b.py"), "--target", "t4", "--format", "json"], { cwd: "/" });
    const json = JSON.parse(run.stdout) as { root: string; findings: { path: string }[] };
    expect(json.root).toBe(root);
    // Paths are relative to the working directory, here `/`.
    expect(json.findings.map((f) => f.path)).toEqual([join(root, "a.py").slice(1), join(root, "b.py").slice(1)]);
  });
});

describe("output that cannot go anywhere", () => {
  it("`| head -1` ends quietly", () => {
    const root = tempDir();
    writeFileSync(join(root, "train.py"), `import torch\n${"x = torch.zeros(2, dtype=torch.bfloat16)\n".repeat(3000)}`);
    const run = spawnSync("bash", ["-c", `"${process.execPath}" "${CLI}" check "${root}" --target t4 | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toBe("status=1\n");
  });

  it("an internal error is one line and exit 2, not a stack trace", async () => {
    const errors: string[] = [];
    const root = tempDir();
    writeFileSync(join(root, "train.py"), BF16);
    const io = {
      cwd: root,
      stdout: () => {
        throw new Error("the console is gone\n    at somewhere (deep.js:1:1)");
      },
      stderr: (text: string) => void errors.push(text),
    };
    expect(await main(["node", "gpu-compat", "check", ".", "--target", "t4"], io)).toBe(2);
    expect(errors.join("")).toMatch(/^gpu-compat: internal error: the console is gone \(set GPU_COMPAT_DEBUG=1 for the stack trace\)\n$/);
  });
});

describe("no false diagnostics on files the tools that run them read", () => {
  const ACCELERATE = "compute_environment: LOCAL_MACHINE\ndistributed_type: 'NO'\nnum_processes: 1\n";
  it("a final continuation backslash, NaN in JSON, a flow list less indented than its key, make functions: no errors", () => {
    const root = committedRepo({
      "train.sh": "accelerate launch train.py \\\n  --mixed_precision bf16 \\",
      "results.json": '{"loss": NaN, "grad_norm": Infinity, "bf16": {"enabled": true}}\n',
      "config.yaml": `${ACCELERATE}mixed_precision: bf16\ndynamo_config: {dynamo_backend: NO,\ndynamo_mode: default}\n`,
      Makefile: "train:\n\taccelerate launch --mixed_precision bf16 $(if $(DEBUG),--debug,) train.py\n",
    });
    const run = cli(["fix", root, "--target", "t4", "--no-report"]);
    expect(run.stdout).not.toMatch(/ error: /);
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, "train.sh"), "utf8")).toBe("accelerate launch train.py \\\n  --mixed_precision fp16 \\");
    expect(readFileSync(join(root, "config.yaml"), "utf8")).toBe(`${ACCELERATE}mixed_precision: fp16\ndynamo_config: {dynamo_backend: NO,\ndynamo_mode: default}\n`);
    expect(readFileSync(join(root, "Makefile"), "utf8")).toContain("--mixed_precision fp16 $(if $(DEBUG),--debug,) train.py");
    // The JSON is read (its NaN kept), whatever the rules make of it.
    expect(readFileSync(join(root, "results.json"), "utf8")).toContain('"loss": NaN, "grad_norm": Infinity');
  });

  it("syntax and decode errors name the file as path:line:col:", () => {
    const root = committedRepo({ "broken.py": "import torch\nx = (torch.bfloat16\n", "bad.yaml": "output_dir: out\nbf16: true\nb: [x,\n" });
    writeFileSync(join(root, "latin1.py"), Buffer.from("import torch  # caf\xe9\nx = torch.bfloat16\n", "latin1"));
    const run = cli(["check", ".", "--target", "t4"], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^broken\.py:2:\d+: error: syntax error; the file was not checked or changed\.$/m);
    expect(run.stdout).toMatch(/^bad\.yaml:\d+:\d+: error: not valid YAML: /m);
    expect(run.stdout).toMatch(/^latin1\.py:1:20: error: the file is not valid UTF-8 \(byte 0xE9\)/m);
  });
});
