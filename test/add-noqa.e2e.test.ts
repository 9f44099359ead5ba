import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

const TRAIN = [
  "import torch",
  "x = torch.zeros(2, dtype=torch.bfloat16)",
  "y = torch.ones(1, dtype=torch.bfloat16)  # gpu-compat: ignore[tf32]",
  'w = torch.zeros(1, dtype=torch.bfloat16); doc = """starts here',
  'and ends here"""',
  "",
].join("\n");
const CRLF = "import torch\r\nmodel = model.to(torch.bfloat16)\r\n";
const ACCELERATE = ["compute_environment: LOCAL_MACHINE", "distributed_type: MULTI_GPU", "mixed_precision: bf16", "num_machines: 1", "num_processes: 2", ""].join("\n");

function sampleRepo(): string {
  const repo = join(tempDir(), "repo");
  mkdirSync(join(repo, "configs"), { recursive: true });
  writeFileSync(join(repo, "train.py"), TRAIN);
  writeFileSync(join(repo, "crlf.py"), `\uFEFF${CRLF}`);
  writeFileSync(join(repo, "configs/accelerate.yaml"), ACCELERATE);
  copyFileSync(join(REPO_ROOT, "fixtures/kaggle-multiformat/gemma-qlora-kaggle.ipynb"), join(repo, "nb.ipynb"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  return repo;
}

describe("gpu-compat check --add-noqa", () => {
  const repo = sampleRepo();
  const before = snapshotTree(repo);
  const first = cli(["check", ".", "--target", "t4", "--add-noqa"], { cwd: repo });
  const afterFirst = snapshotTree(repo);
  const second = cli(["check", ".", "--target", "t4", "--add-noqa", "--allow-dirty"], { cwd: repo });
  const afterSecond = snapshotTree(repo);
  const check = cli(["check", ".", "--target", "t4", "--output-format", "json"], { cwd: repo });

  it("adds one comment per line, merges an existing one, and lists what it skipped", () => {
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/^Added [1-9]\d* suppression comments? to 3 files\./);
    expect(first.stdout).toMatch(/train\.py:4: bf16-dtype: the line ends inside a multi-line string/);
    expect(first.stdout).toMatch(/nb\.ipynb:cell \d+:\d+: [\w-]+: a notebook's lines live in JSON strings/);
    expect(first.status).toBe(1);
    const train = afterFirst.get("train.py")!.toString();
    expect(train).toContain("x = torch.zeros(2, dtype=torch.bfloat16)  # gpu-compat: ignore[bf16-dtype]\n");
    expect(train).toContain("y = torch.ones(1, dtype=torch.bfloat16)  # gpu-compat: ignore[bf16-dtype, tf32]\n");
    expect(train).toContain('w = torch.zeros(1, dtype=torch.bfloat16); doc = """starts here\n');
    expect(afterFirst.get("configs/accelerate.yaml")!.toString()).toMatch(/^mixed_precision: bf16 {2}# gpu-compat: ignore\[[\w, -]+\]$/m);
    expect(afterFirst.get("nb.ipynb")!.equals(before.get("nb.ipynb")!)).toBe(true);
  });

  it("keeps CRLF line endings and the BOM, and leaves valid Python", () => {
    const crlf = afterFirst.get("crlf.py")!;
    expect(crlf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(crlf.toString("utf8").slice(1)).toBe("import torch\r\nmodel = model.to(torch.bfloat16)  # gpu-compat: ignore[bf16-dtype]\r\n");
    expect(pythonSyntaxErrors(["train.py", "crlf.py"].map((file) => join(repo, file)))).toEqual([]);
  });

  it("changes nothing the second time", () => {
    expect(second.stdout).toMatch(/^Added 0 suppression comments to 0 files\./);
    for (const [file, bytes] of afterFirst) expect(afterSecond.get(file)!.equals(bytes), file).toBe(true);
  });

  it("leaves check only the findings that could not take a comment", () => {
    const skipped = second.stdout.split("\n").filter((line) => line.startsWith("  ")).length;
    const findings = (JSON.parse(check.stdout) as { findings: { path: string; rule: string }[] }).findings;
    expect(findings.length).toBe(skipped);
    expect(findings.every((finding) => finding.path.endsWith("nb.ipynb") || finding.path.endsWith("train.py"))).toBe(true);
  });

  it("refuses files with uncommitted changes unless --allow-dirty", () => {
    const dirty = sampleRepo();
    writeFileSync(join(dirty, "train.py"), `${TRAIN}z = torch.ones(3, dtype=torch.bfloat16)\n`);
    const refused = cli(["check", ".", "--target", "t4", "--add-noqa"], { cwd: dirty });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes, and `gpu-compat check --add-noqa` would change them:\n {2}\* train\.py/);
    expect(readFileSync(join(dirty, "crlf.py")).includes("gpu-compat:")).toBe(false);
    const allowed = cli(["check", ".", "--target", "t4", "--add-noqa", "--allow-dirty"], { cwd: dirty });
    expect(allowed.stdout).toMatch(/^Added \d+ suppression comments to 3 files\./);
    expect(readFileSync(join(dirty, "train.py"), "utf8")).toContain("z = torch.ones(3, dtype=torch.bfloat16)  # gpu-compat: ignore[bf16-dtype]\n");
  });
});
