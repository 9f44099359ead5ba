import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule, type ModelConfig, type ProjectFacts } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

// What the fixtures cannot show: the numbers in the messages, a batch that only the smaller GPUs must change,
// config.json, and the platform facts dataloader-workers reads.
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

function run(ruleId: string, targetName: string, text: string, project?: ProjectFacts) {
  const rule = findRule(ruleId)!;
  const target = resolveTarget(targetName);
  const rules = rule.appliesTo(target) ? [rule] : [];
  return processDocument(adapterFor("python", parsers), "train.py", text, { target, rules, mode: "fix", ...(project ? { project } : {}) });
}

const QWEN_FULL = `from transformers import AutoModelForCausalLM
from trl import SFTConfig

model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-0.5B")
config = SFTConfig(output_dir="out", per_device_train_batch_size=32, gradient_accumulation_steps=2, max_seq_length=1024)
`;

describe("batch-size", () => {
  it("shrinks the batch on a T4 and leaves it on an A100, where it fits", () => {
    const t4 = run("batch-size", "t4", QWEN_FULL);
    expect(t4.fixed).toContain("per_device_train_batch_size=8, gradient_accumulation_steps=8,");
    expect(t4.findings[0]!.message).toContain("~7.5 GiB of weights, gradients and optimizer states");
    expect(t4.findings[0]!.message).toContain("per-device batch 32 needs ~26 GiB, more than one Tesla T4 (15 GiB)");
    expect(t4.findings[0]!.message).toContain("32 x 2 = 64 -> 8 x 8 = 64");
    expect(run("batch-size", "a100", QWEN_FULL).findings).toEqual([]);
  });

  it("counts every GPU in the global batch", () => {
    const { findings } = run("batch-size", "t4x2", QWEN_FULL);
    expect(findings[0]!.message).toContain("32 x 2 x 2 GPUs = 128 -> 8 x 8 x 2 GPUs = 128");
  });

  it("with gradient checkpointing on, counts only the layer inputs", () => {
    const text = QWEN_FULL.replace("max_seq_length=1024", "max_seq_length=1024, gradient_checkpointing=True");
    expect(run("batch-size", "t4", text).findings).toEqual([]);
  });

  it("suggests sharding the states when a share of them fits each GPU", () => {
    const text = QWEN_FULL.replace("Qwen2.5-0.5B", "Qwen2.5-1.5B");
    const [single] = run("batch-size", "t4", text).findings;
    const [pair] = run("batch-size", "t4x2", text).findings;
    expect(single!.message).toContain("~22 GiB of weights, gradients and optimizer states (~16 bytes per parameter)");
    expect(single!.hint).not.toContain("ZeRO-3");
    expect(pair!.hint).toContain("shard the states over the 2 GPUs with DeepSpeed ZeRO-3 or FSDP (~11 GiB each)");
    expect(run("batch-size", "a100", text).findings).toEqual([]);
  });

  it("reads hidden size and layers from a config.json in the repo", () => {
    const config: ModelConfig = {
      hidden_size: 896,
      num_hidden_layers: 24,
      intermediate_size: 4864,
      vocab_size: 151936,
      num_attention_heads: 14,
      num_key_value_heads: 2,
      tie_word_embeddings: true,
    };
    const project: ProjectFacts = { modelConfig: (path) => (path === "./checkpoints/base" ? config : undefined), importersOf: () => [] };
    const text = QWEN_FULL.replace("Qwen/Qwen2.5-0.5B", "./checkpoints/base");
    const [finding] = run("batch-size", "t4", text, project).findings;
    // 1024 tokens x 896 x 24 x 34 bytes = 0.7 GiB a sample, against 0.58 GiB from the name alone.
    expect(finding!.message).toContain("(494M parameters, from its config.json)");
    expect(finding!.message).toContain("at least ~0.7 GiB per sample of 1024 tokens");
    expect(run("batch-size", "t4", text).findings).toEqual([]); // Without the config the model is unknown.
  });
});

const LOOP = `import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2-medium")
model = AutoModelForCausalLM.from_pretrained("gpt2-medium").cuda()
batches = lambda rows: tokenizer(rows, truncation=True, max_length=1024, padding=True, return_tensors="pt")
loader = DataLoader(rows, 64, shuffle=True, collate_fn=batches)
optimizer = torch.optim.AdamW(model.parameters())
`;

describe("batch-size in a hand-written loop", () => {
  it("hints a smaller DataLoader batch and the accumulation that keeps the batch per step", () => {
    const [finding] = run("batch-size", "t4", LOOP).findings;
    expect(finding!.fixable).toBe(false);
    expect(finding!.message).toContain("per-device batch 64 needs ~37 GiB, more than one Tesla T4 (15 GiB). Batch 16 needs ~13 GiB");
    expect(finding!.message).toContain("64 x 1 = 64 -> 16 x 4 = 64");
    expect(finding!.hint).toContain("Set `batch_size=16` and accumulate gradients over 4 batches");
    expect(run("batch-size", "a100", LOOP).findings).toEqual([]);
  });

  it("counts gradient checkpointing, and leaves evaluation loaders and other optimizers alone", () => {
    const checkpointed = run("batch-size", "t4", `${LOOP}model.gradient_checkpointing_enable()\n`).findings;
    expect(checkpointed).toEqual([]);
    expect(run("batch-size", "t4", LOOP.replace("shuffle=True", "shuffle=False")).findings).toEqual([]);
    expect(run("batch-size", "t4", LOOP.replace("torch.optim.AdamW", "torch.optim.SGD")).findings).toEqual([]);
    expect(run("batch-size", "t4", `${LOOP}from peft import get_peft_model\n`).findings).toEqual([]);
  });
});

const LOADERS = `from torch.utils.data import DataLoader

loader = DataLoader(images, batch_size=64, num_workers=8)
`;

describe("dataloader-workers", () => {
  it("caps the workers at the platform's CPUs and names them", () => {
    const kaggle = run("dataloader-workers", "kaggle-t4x2", LOADERS);
    expect(kaggle.fixed).toContain("num_workers=4)");
    expect(kaggle.findings[0]!.message).toContain("8 DataLoader workers on Kaggle GPU T4 x2, which has 4 CPUs");
    expect(run("dataloader-workers", "colab-t4", LOADERS).fixed).toContain("num_workers=2)");
  });

  it("warns of Kaggle's small /dev/shm with the error text, not on Colab", () => {
    const [, shm] = run("dataloader-workers", "kaggle-p100", LOADERS).findings;
    expect(shm!.fixable).toBe(false);
    expect(shm!.message).toContain("4 workers x 2 prefetched batches x 64 samples (batch_size)");
    expect(shm!.message).toContain("DataLoader worker (pid N) is killed by signal: Bus error.");
    expect(shm!.hint).toContain("`num_workers=0` to debug");
    expect(run("dataloader-workers", "colab-t4", LOADERS).findings).toHaveLength(1);
  });

  it("says nothing without a platform: the host is unknown", () => {
    expect(findRule("dataloader-workers")!.appliesTo(resolveTarget("t4x2"))).toBe(false);
    expect(run("dataloader-workers", "t4x2", LOADERS).findings).toEqual([]);
  });
});
