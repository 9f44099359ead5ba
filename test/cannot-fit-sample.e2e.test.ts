import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, snapshotTree, tempDir } from "./cli-helpers.js";

// Issue 17: runs that look ready for Kaggle's two T4s but cannot fit them. kaggle-full-finetune already covers a full
// fine-tune whose states do not fit; this sample is the QLoRA case, where even 4-bit weights are more than a T4 holds:
// the loud error, with the estimate and what would fit, and no rewrite pretending to fix it.
const SAMPLE = "kaggle-cannot-fit";

interface JsonFinding {
  rule: string;
  path: string;
  severity: string;
  message: string;
  hint?: string;
  fixable: boolean;
  memory?: { label: string; estimateGiB: number; lowGiB: number; highGiB: number; availableGiB: number };
}

describe(`gpu-compat on ${SAMPLE}, target kaggle-t4x2`, () => {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const json = join(tempDir(), "report.json");
  const markdown = join(tempDir(), "report.md");
  const check = cli(["check", repo, "--target", "kaggle-t4x2", "--output-format", "json"]);
  // Paths as the command line names them: under the repo's root.
  const findings = (JSON.parse(check.stdout) as { findings: JsonFinding[] }).findings.map((f) => ({ ...f, path: f.path.slice(repo.length + 1) }));
  const cannot = findings.filter((f) => f.rule === "batch-size");

  it("fails the check with an error-level batch-size finding per run", () => {
    expect(check.status).toBe(1);
    expect(cannot.map((f) => [f.path, f.severity, f.fixable])).toEqual([
      ["configs/qwen32b-qlora.yml", "error", false],
      ["train.py", "error", false],
    ]);
  });

  it("says the run cannot fit, with the estimate against one T4, even at the low bound", () => {
    for (const finding of cannot) {
      expect(finding.message).toMatch(/^This run cannot fit: QLoRA .* needs ~[\d.]+ GiB \([\d.]+-[\d.]+\) \(weights [\d.]+, .*\), more than one Tesla T4 \(15 GiB\)/);
      expect(finding.memory!.availableGiB).toBe(15);
      expect(finding.memory!.lowGiB).toBeGreaterThan(15);
    }
    expect(cannot.find((f) => f.path === "train.py")!.memory!.label).toContain("meta-llama/Llama-3.1-70B-Instruct");
  });

  it("names what would fit: the largest common size in 4-bit", () => {
    for (const finding of cannot) {
      expect(finding.hint).toMatch(/^What would fit, at batch 1 with gradient checkpointing: a model of ~14B parameters in 4-bit: ~[\d.]+ GiB\.$/);
    }
  });

  it("gives the load's training memory on both T4s: more than they hold together", () => {
    const load = findings.find((f) => f.rule === "device-map-auto")!;
    expect(load.message).toMatch(/needs ~[\d.]+ GiB with its weights in 4-bit \(bitsandbytes\) to train LoRA adapters on it .*, more than the 2 x 15 GiB of the target\./);
    expect(load.memory!.availableGiB).toBe(30);
  });

  it("rewrites nothing that would pretend to make it fit, and the report gives the numbers", () => {
    const fix = cli(["fix", repo, "--target", "kaggle-t4x2", "--report", json]);
    expect(fix.status).toBe(1);
    const after = snapshotTree(repo);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    cli(["fix", repo, "--target", "kaggle-t4x2", "--report", markdown]);
    const report = readFileSync(markdown, "utf8");
    expect(report).toMatch(/\| meta-llama\/Llama-3\.1-70B-Instruct [^|]*\| [^|]*\| ~[\d.]+ GiB \([\d.]+–[\d.]+ GiB\) \| 15 GiB \| `[█░]+` \d+% does not fit \|/);
    expect(report).toMatch(/\| Qwen\/Qwen2\.5-32B-Instruct [^|]*\| [^|]*\| ~[\d.]+ GiB \([\d.]+–[\d.]+ GiB\) \| 15 GiB \| `[█░]+` \d+% does not fit \|/);
  });
});
