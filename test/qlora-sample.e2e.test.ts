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

// Issue 17: the same job on Kaggle's two T4s, one process per GPU. The batch is sized for one 15 GiB T4 (each
// process holds the whole 4-bit model), and the report gives the estimate behind that decision.
describe(`gpu-compat fix on ${SAMPLE}, target kaggle-t4x2`, () => {
  const repo = copyFixture(SAMPLE);
  const json = join(tempDir(), "report.json");
  const markdown = join(tempDir(), "report.md");
  const first = cli(["fix", repo, "--target", "kaggle-t4x2", "--report", json]);
  const findings = JSON.parse(readFileSync(json, "utf8")).findings as {
    rule: string;
    path: string;
    message: string;
    fixable: boolean;
    memory?: { label: string; estimateGiB: number; lowGiB: number; highGiB: number; availableGiB: number };
  }[];

  it("fixes every finding", () => {
    expect(first.status, first.stderr).toBe(0);
  });

  it("sizes the QLoRA batch for one T4 and keeps the global batch over both", () => {
    const train = readFileSync(join(repo, "train.py"), "utf8");
    expect(train).toContain("per_device_train_batch_size=2,");
    expect(train).toContain("gradient_accumulation_steps=8,");
    const batch = findings.find((f) => f.rule === "batch-size")!;
    expect(batch).toMatchObject({ path: "train.py", fixable: true });
    expect(batch.message).toContain("8 x 2 x 2 GPUs = 32 -> 2 x 8 x 2 GPUs = 32");
    expect(batch.message).toMatch(/weights [\d.]+, quantization constants [\d.]+, trainable states [\d.]+, activations [\d.]+, logits [\d.]+, CUDA context [\d.]+ GiB/);
  });

  it("puts the numbers on the finding: estimated GiB (low-high) of the fixed run vs the GiB one T4 gives", () => {
    const { memory, message } = findings.find((f) => f.rule === "batch-size")!;
    expect(memory).toMatchObject({ label: expect.stringContaining("Qwen/Qwen2.5-7B-Instruct"), availableGiB: 15 });
    expect(memory!.label).toContain("batch 2 (the fix)");
    // The message has the run before the fix, over even at its low bound; the picture, the run after it.
    expect(message).toMatch(/more than .* even at the low bound/);
    expect(memory!.highGiB).toBeLessThanOrEqual(15);
    expect(memory!.lowGiB).toBeLessThan(memory!.estimateGiB);
    expect(memory!.estimateGiB).toBeLessThan(memory!.highGiB);
  });

  it("keeps one process per GPU on the two T4s", () => {
    expect(readFileSync(join(repo, "scripts/launch.sh"), "utf8")).toContain("--num_processes 2");
  });

  it("writes the estimate into the Markdown report, and check finds nothing left", () => {
    const again = copyFixture(SAMPLE);
    expect(cli(["fix", again, "--target", "kaggle-t4x2", "--report", markdown]).status).toBe(0);
    // The memory table: the run as the fix leaves it (batch 2), against one T4's 15 GiB, and it fits.
    expect(readFileSync(markdown, "utf8")).toMatch(/\| Qwen\/Qwen2\.5-7B-Instruct \([^)]*\), batch 2 \(the fix\) \| [^|]*train\.py[^|]*\| ~[\d.]+ GiB \([\d.]+–[\d.]+ GiB\) \| 15 GiB \| `[█░]+` \d+% fits \|/);
    expect(cli(["check", repo, "--target", "kaggle-t4x2"]).stdout).toContain("No issues found.");
  });
});
