import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

// Issue 11: edit where the precision is decided. The sample's precision is decided by `--bf16` in its launch
// script and `bf16: true` in its recipe; a dataclass default names the model; helpers, tables, an XPU branch, an
// int4 kernel, a merge script and tests must stay as they are.
const SAMPLE = "kaggle-full-finetune";
const update = process.env.UPDATE_FIXTURES === "1";

describe.each(["t4", "p100"])(`gpu-compat fix on ${SAMPLE}, target %s`, (target) => {
  const expected = join(REPO_ROOT, "test/expected", SAMPLE, target);
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const report = join(tempDir(), "report.json");
  const first = cli(["fix", repo, "--target", target, "--report", report]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));
  const findings = JSON.parse(readFileSync(report, "utf8")).findings as { rule: string; path: string; line: number; fixable: boolean; severity: string }[];

  it("rewrites exactly the expected files, byte for byte", () => {
    // Exit 1: error-level findings no fix removes are left (the capability assert, a full fine-tune that cannot fit).
    expect(first.status, first.stderr).toBe(1);
    if (update) {
      for (const file of changed) {
        mkdirSync(join(expected, file, ".."), { recursive: true });
        writeFileSync(join(expected, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(listFiles(expected));
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(expected, file), "utf8"));
  });

  it("edits the switch where the run is launched, not the branches it picks", () => {
    expect(changed).toContain("scripts/train.sh");
    expect(changed).not.toContain("train.py");
    expect(findings.filter((f) => f.path === "train.py").map((f) => [f.severity, f.fixable])).toEqual([["info", false]]);
  });

  it("leaves a default every caller overrides, tables, kernels, merge scripts and tests alone", () => {
    for (const file of ["src/int4.py", "scripts/merge_lora.py", "tests/test_model_utils.py"]) expect(changed).not.toContain(file);
    const utils = after.get("src/model_utils.py")!.toString("utf8");
    expect(utils).toContain("def load_model(name_or_path, dtype=torch.bfloat16):");
    expect(utils).toContain('"bf16": torch.bfloat16}');
    for (const path of ["src/int4.py", "scripts/merge_lora.py", "tests/test_model_utils.py"]) {
      expect(findings.filter((f) => f.path === path).every((f) => !f.fixable), path).toBe(true);
    }
  });

  it("sizes a helper's load by its caller in another module, and reports the Ampere assert as an error", () => {
    const utils = after.get("src/model_utils.py")!.toString("utf8");
    expect(utils).toContain("from_pretrained(name_or_path, torch_dtype=torch.float32)");
    expect(findings.find((f) => f.rule === "capability-assert")).toMatchObject({ path: "infer.py", line: 6, severity: "error" });
  });

  it("hints instead of picking float16 weights for the 4B full fine-tune", () => {
    const recipe = findings.find((f) => f.path === "recipes/qwen3_full_sft.yaml" && f.rule === "bf16-dtype");
    expect(recipe?.fixable).toBe(false);
    expect(after.get("recipes/qwen3_full_sft.yaml")!.toString("utf8")).toContain("torch_dtype: bfloat16");
  });

  it("writes only valid Python, and a second fix changes nothing", () => {
    expect(pythonSyntaxErrors(listFiles(repo).filter((f) => f.endsWith(".py")).map((f) => join(repo, f)))).toEqual([]);
    cli(["fix", repo, "--target", target, "--report", join(tempDir(), "again.md")]);
    const again = snapshotTree(repo);
    for (const [file, bytes] of after) expect(again.get(file)!.equals(bytes), file).toBe(true);
  });
});
