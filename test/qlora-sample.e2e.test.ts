import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

// A Kaggle QLoRA fine-tune written for an A100 (issue 3): after `fix --target t4` nothing may still ask for bf16,
// FlashAttention-2 or TF32 outside hardware-checked code.
const SAMPLE = "kaggle-qlora-sft";
const EXPECTED = join(REPO_ROOT, "test/expected", SAMPLE, "t4");
const update = process.env.UPDATE_FIXTURES === "1";

describe(`gpu-compat fix on ${SAMPLE}, target t4`, () => {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const first = cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "report.md")]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));

  it("fixes every finding", () => {
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Found \d+ issues in \d+ files \(\d+ fixed\)\./);
  });

  it("rewrites exactly the expected files, byte for byte", () => {
    if (update) {
      for (const file of changed) {
        mkdirSync(join(EXPECTED, file, ".."), { recursive: true });
        writeFileSync(join(EXPECTED, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(listFiles(EXPECTED));
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(EXPECTED, file), "utf8"));
  });

  it("leaves the hardware-aware helpers and the prose alone", () => {
    expect(changed).not.toContain("src/hardware.py");
    const train = after.get("train.py")!.toString("utf8");
    expect(train).toContain('"""SFT with TRL. Trains in bfloat16 mixed precision (see README)."""');
    expect(train).toContain('log.info("training with bf16=True, flash_attention_2")');
    expect(after.get("scripts/serve_vllm.py")!.toString("utf8")).toContain("Explain bfloat16 in one sentence.");
  });

  it("leaves no unguarded bf16, FlashAttention-2 or TF32 request: check finds nothing", () => {
    const check = cli(["check", repo, "--target", "t4"]);
    expect(check.stdout).toContain("No issues found.");
    expect(check.status).toBe(0);
  });

  it("writes only valid Python, and a second fix changes nothing", () => {
    expect(pythonSyntaxErrors(listFiles(repo).filter((f) => f.endsWith(".py")).map((f) => join(repo, f)))).toEqual([]);
    expect(cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "again.md")]).status).toBe(0);
    const again = snapshotTree(repo);
    for (const [file, bytes] of after) expect(again.get(file)!.equals(bytes), file).toBe(true);
  });
});
