import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

// The Kaggle rules on the targets their fixtures do not cover: fixtures run a platform only where a rule runs on it
// and not on the same GPUs without it, so colab-t4 never shows up in their snapshots (the engine runs a rule only
// where `appliesTo` holds).
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const SCRIPT = `from transformers import TrainingArguments

args = TrainingArguments(output_dir="/kaggle/input/qwen-sft", per_device_train_batch_size=4)
`;

function run(targetName: string) {
  const rule = findRule("kaggle-input-write")!;
  return processDocument(adapterFor("python", parsers), "train.py", SCRIPT, { target: resolveTarget(targetName), rules: [rule], mode: "fix" });
}

describe("kaggle-input-write", () => {
  it.each(["kaggle-t4x2", "kaggle-p100"])("reports on %s", (target) => {
    const [finding] = run(target).findings;
    expect(finding?.message).toContain("`output_dir=` writes to `/kaggle/input/qwen-sft`");
    expect(finding?.hint).toContain("`/kaggle/working/qwen-sft`");
  });

  it.each(["colab-t4", "t4", "t4x2", "p100"])("does not run on %s, which is not Kaggle", (target) => {
    expect(findRule("kaggle-input-write")!.appliesTo(resolveTarget(target))).toBe(false);
  });
});

describe("kaggle-checkpoint-size", () => {
  it.each(["colab-t4", "t4", "t4x2", "p100"])("does not run on %s, which saves no bounded output directory", (target) => {
    expect(findRule("kaggle-checkpoint-size")!.appliesTo(resolveTarget(target))).toBe(false);
  });

  it("reads the saved output's size from the platform profile", () => {
    expect(resolveTarget("kaggle-t4x2").platform?.savedOutput).toEqual({ path: "/kaggle/working", gb: 20 });
    expect(findRule("kaggle-checkpoint-size")!.appliesTo(resolveTarget("kaggle-p100"))).toBe(true);
  });
});
