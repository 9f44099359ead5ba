import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

// A Jupyter notebook written on an A100 (fixtures/kaggle-notebook/README.md): `fix --target t4` rewrites inside the
// code cells' source strings only, and reports findings by cell.
const SAMPLE = "kaggle-notebook";
const NOTEBOOK = "gemma-qlora-kaggle.ipynb";
const EXPECTED = join(REPO_ROOT, "test/expected", SAMPLE, "t4");
const update = process.env.UPDATE_FIXTURES === "1";

interface Nb {
  cells: { cell_type: string; source: string[] }[];
  [key: string]: unknown;
}

describe(`gpu-compat fix on ${SAMPLE}, target t4`, () => {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const reportPath = join(tempDir(), "report.md");
  const first = cli(["fix", repo, "--target", "t4", "--report", reportPath]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));
  const input = before.get(NOTEBOOK)!.toString("utf8");
  const output = after.get(NOTEBOOK)!.toString("utf8");

  it("fixes every finding and reports each by cell, line and column", () => {
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Found 11 issues in 1 file (9 fixed, 2 hints).");
    expect(first.stdout).toContain(`${NOTEBOOK}:cell 5:11:25: error[flash-attention-2]`);
    expect(first.stdout).toContain(`${NOTEBOOK}:cell 11:14:59: error[trainer-bf16]`);
  });

  it("rewrites exactly the expected notebook, byte for byte", () => {
    if (update) {
      for (const file of changed) {
        mkdirSync(join(EXPECTED, file, ".."), { recursive: true });
        writeFileSync(join(EXPECTED, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(listFiles(EXPECTED));
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(EXPECTED, file), "utf8"));
  });

  it("reports the changes per cell, as code: no diff of the notebook's JSON", () => {
    const report = readFileSync(reportPath, "utf8");
    const changes = report.slice(report.indexOf("## Changes"), report.indexOf("## Summary"));
    expect([...changes.matchAll(/^#### (cell \d+)$/gm)].map((m) => m[1])).toEqual(["cell 5", "cell 8", "cell 11", "cell 12", "cell 14"]);
    expect(changes).toContain("-!accelerate launch --num_processes 2 train.py\n+!accelerate launch --num_processes 1 train.py");
    expect(changes).toContain('\n-    attn_implementation="flash_attention_2",\n');
    expect(changes).toContain('\n+    attn_implementation="sdpa",\n');
    expect(changes).not.toContain('\\n",');
    expect(changes).not.toContain("--- a/");
    expect(report).toContain(`[\`${NOTEBOOK}, cell 5, line 11\`]`);
  });

  it("changes nothing outside the code cells' source strings", () => {
    const old = JSON.parse(input) as Nb;
    const fixed = JSON.parse(output) as Nb;
    // With the original sources put back, the notebook is the input again: outputs, metadata and ids included...
    expect({ ...fixed, cells: fixed.cells.map((cell, k) => ({ ...cell, source: old.cells[k]!.source })) }).toEqual(old);
    // ...and so is the text, in Jupyter's layout (indent 1, one string per line, a final line break).
    expect(`${JSON.stringify(fixed, null, 1)}\n`).toBe(output);
    expect(old.cells.filter((c, k) => c.cell_type !== "code" && JSON.stringify(c) !== JSON.stringify(fixed.cells[k]))).toEqual([]);
  });

  it("leaves magics, shell lines, comments and the capability-guarded cell alone", () => {
    const sources = (JSON.parse(output) as Nb).cells.map((c) => c.source.join(""));
    expect(sources[1]).toContain("%%capture\n!pip install -q -U transformers==4.44.2");
    expect(sources[2]).toContain("gpu = !nvidia-smi --query-gpu=name,memory.total --format=csv,noheader\n");
    expect(sources[2]).toContain("torch.backends.cuda.matmul.allow_tf32 = True  # free speed on the A100\n");
    // The `!` launch line is read by the shell rules: one T4 runs one process.
    expect(sources[11]).toBe("!accelerate launch --num_processes 1 train.py\n");
    expect(sources[13]).toContain("# Generation in bfloat16 autocast matches the training precision.\n");
    expect(sources[14]).toContain("dtype = torch.bfloat16 if torch.cuda.get_device_capability()[0] >= 8 else torch.float16\n");
  });

  it("writes a valid %%writefile train.py body, and a second fix changes nothing", () => {
    const body = (JSON.parse(output) as Nb).cells[10]!.source.slice(1).join("");
    const script = join(tempDir(), "train.py");
    writeFileSync(script, body);
    expect(pythonSyntaxErrors([script])).toEqual([]);
    expect(cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "again.md")]).status).toBe(0);
    expect(snapshotTree(repo).get(NOTEBOOK)!.equals(after.get(NOTEBOOK)!)).toBe(true);
  });

  it("leaves only the TF32 information and the flash-attn install hint behind, and JSON says which cell", () => {
    const check = cli(["check", repo, "--target", "t4", "--format", "json"]);
    const findings = (JSON.parse(check.stdout) as { findings: { rule: string; cell?: number; line: number; severity: string }[] }).findings;
    expect(findings.map(({ rule, cell, line, severity }) => ({ rule, cell, line, severity }))).toEqual([
      { rule: "flash-attn-package", cell: 2, line: 4, severity: "warning" },
      { rule: "tf32", cell: 3, line: 14, severity: "info" },
    ]);
  });
});
