import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule, type ModelConfig, type ProjectFacts } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

// batch-size in training configs: what the fixtures cannot show (the numbers, the wording per config, layouts the
// rule will not add a key to, framework defaults).
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

function run(targetName: string, text: string, format: "yaml" | "json" = "yaml", project?: ProjectFacts) {
  const rule = findRule("batch-size")!;
  const target = resolveTarget(targetName);
  return processDocument(adapterFor(format, parsers), `train.${format}`, text, { target, rules: [rule], mode: "fix", ...(project ? { project } : {}) });
}

const AXOLOTL = `base_model: Qwen/Qwen2.5-0.5B
datasets:
  - path: teknium/GPT4-LLM-Cleaned
    type: alpaca
sequence_len: 1024
micro_batch_size: 32
gradient_accumulation_steps: 2
`;

const LLAMA_FACTORY = `model_name_or_path: Qwen/Qwen2.5-0.5B
stage: sft
finetuning_type: full
cutoff_len: 2048
per_device_train_batch_size: 16
`;

describe("batch-size in Axolotl configs", () => {
  it("gives the numbers and the global batch, counting every GPU", () => {
    const [t4] = run("t4", AXOLOTL).findings;
    expect(t4!.message).toContain("at least ~0.6 GiB per sample of 1024 tokens (`sequence_len`): per-device batch 32 needs ~26 GiB, more than one Tesla T4 (15 GiB)");
    expect(t4!.message).toContain("gradient_accumulation_steps 2 -> 8 keeps the global batch: 32 x 2 = 64 -> 8 x 8 = 64");
    expect(t4!.hint).toContain("`gradient_checkpointing: true` would keep ~1/17 of the activations");
    const [pair] = run("t4x2", AXOLOTL).findings;
    expect(pair!.message).toContain("32 x 2 x 2 GPUs = 128 -> 8 x 8 x 2 GPUs = 128");
    expect(run("a100", AXOLOTL).findings).toEqual([]);
  });

  it("counts only layer inputs with gradient checkpointing, and nothing when activations are offloaded", () => {
    expect(run("t4", `${AXOLOTL}gradient_checkpointing: true\n`).findings).toEqual([]);
    expect(run("t4", `${AXOLOTL}activation_offloading: true\n`).findings).toEqual([]);
    expect(run("t4", `${AXOLOTL}gradient_checkpointing: offload\n`).findings).toEqual([]);
  });

  it("stays silent for quantized or sharded weights and other optimizers; adapters get the LoRA/QLoRA estimate", () => {
    // Issue 17: adapters are sized by the one estimate of model-size/estimate.ts (batch-size-adapters.ts).
    const [qlora] = run("t4", `${AXOLOTL}adapter: qlora\n`).findings;
    expect(qlora!.message).toMatch(/^QLoRA \(adapters\) on Qwen\/Qwen2\.5-0\.5B .* in 4-bit \(bitsandbytes\), batch 32 x 1024 tokens \(`sequence_len`\), gradient checkpointing off needs ~/);
    for (const extra of ["load_in_8bit: true", "deepspeed: deepspeed_configs/zero2.json", "fsdp:\n  - full_shard", "optimizer: adamw_bnb_8bit", "unfrozen_parameters:\n  - ^lm_head.weight$"]) {
      expect(run("t4", `${AXOLOTL}${extra}\n`).findings, extra).toEqual([]);
    }
    // Unset values train every weight with Axolotl's default optimizer.
    expect(run("t4", `${AXOLOTL}adapter:\noptimizer: adamw_torch\n`).findings).toHaveLength(1);
  });

  it("gives a hint with the samples per step when batch_size is not a multiple of the new batch", () => {
    const text = AXOLOTL.replace("gradient_accumulation_steps: 2", "batch_size: 100");
    const [finding] = run("t4", text).findings;
    expect(finding!.fixable).toBe(false);
    expect(finding!.hint).toContain("Set `micro_batch_size: 8` and set `batch_size: 96` (the samples per step Axolotl derives from `batch_size: 100` now");
  });

  it("suggests gradient checkpointing when even one sample does not fit without it", () => {
    const [finding] = run("t4", AXOLOTL.replace("sequence_len: 1024", "sequence_len: 32768")).findings;
    expect(finding!.fixable).toBe(false);
    expect(finding!.message).toContain("Even one sample a step does not fit.");
    expect(finding!.hint).toMatch(/^Set `gradient_checkpointing: true` \(each layer then keeps only its input; .*\): batch 4, with `gradient_accumulation_steps` x 8, then needs ~\d+ GiB\. Or shorten the sequences \(`sequence_len`\), or train LoRA adapters \(`adapter: lora`\) instead of the full model\.$/);
  });

  it("reports a model whose states alone do not fit on its key, with sharding where a share fits", () => {
    const text = AXOLOTL.replace("Qwen2.5-0.5B", "Qwen2.5-1.5B");
    const [single] = run("t4", text).findings;
    expect(single!.severity).toBe("error");
    expect(single!.keyPath).toBe("base_model");
    expect(single!.hint).toContain("Train LoRA adapters (`adapter: lora`), or QLoRA on a 4-bit base (`adapter: qlora` with `load_in_4bit: true`)");
    expect(run("t4x2", text).findings[0]!.hint).toContain("shard the states over the 2 GPUs with DeepSpeed ZeRO-3 or FSDP (~11 GiB each)");
  });
});

describe("batch-size in LLaMA-Factory configs", () => {
  it("counts LLaMA-Factory's default gradient checkpointing", () => {
    expect(run("t4", LLAMA_FACTORY).findings).toEqual([]);
    const [finding] = run("t4", `${LLAMA_FACTORY}disable_gradient_checkpointing: true\n`).findings;
    expect(finding!.message).toContain("~1.2 GiB per sample of 2048 tokens (`cutoff_len`)");
    expect(finding!.hint).toContain("`disable_gradient_checkpointing: false` would keep");
  });

  it("with checkpointing, still hints when even one sample does not fit", () => {
    const text = LLAMA_FACTORY.replace("cutoff_len: 2048", "cutoff_len: 524288");
    const [finding] = run("t4", text).findings;
    expect(finding!.message).toContain("gradient checkpointing on): per-device batch 16");
    expect(finding!.message).toContain("Even one sample a step does not fit.");
    expect(finding!.hint).toBe("Shorten the sequences (`cutoff_len`), or train LoRA adapters (`finetuning_type: lora`) instead of the full model.");
  });

  it("reads only full fine-tunes without quantization, sharding or other optimizers", () => {
    const off = `${LLAMA_FACTORY}disable_gradient_checkpointing: true\n`;
    expect(run("t4", off.replace("finetuning_type: full", "finetuning_type: freeze")).findings).toEqual([]);
    // LoRA (and QLoRA with quantization_bit: 4) get the adapter estimate instead (issue 17).
    expect(run("t4", off.replace("finetuning_type: full", "finetuning_type: lora")).findings[0]!.message).toMatch(/^LoRA \(adapters\) on Qwen\/Qwen2\.5-0\.5B/);
    for (const extra of ["use_galore: true", "use_badam: true", "pure_bf16: true", "optim: adafactor", "do_train: false"]) {
      expect(run("t4", `${off}${extra}\n`).findings, extra).toEqual([]);
    }
  });

  it("adds the accumulation below the batch's line, after its comment, in the file's line endings", () => {
    const text = `${LLAMA_FACTORY}disable_gradient_checkpointing: true\n`.replace("per_device_train_batch_size: 16", "per_device_train_batch_size: 16 # per GPU").replace(/\n/g, "\r\n");
    const { fixed } = run("t4", text);
    expect(fixed).toContain("per_device_train_batch_size: 4 # per GPU\r\ngradient_accumulation_steps: 4\r\ndisable_gradient_checkpointing: true\r\n");
  });

  it("hints instead of adding a key to an indented or flow layout", () => {
    const flow = `{model_name_or_path: Qwen/Qwen2.5-0.5B, stage: sft, finetuning_type: full, disable_gradient_checkpointing: true,\nper_device_train_batch_size: 16, cutoff_len: 2048}\n`;
    const [finding] = run("t4", flow).findings;
    expect(finding!.fixable).toBe(false);
    expect(finding!.hint).toContain("Set `per_device_train_batch_size: 4` and add `gradient_accumulation_steps: 4` (absent here, meaning 1;");
  });

  it("hints when the accumulation is not a number", () => {
    const text = `${LLAMA_FACTORY}disable_gradient_checkpointing: true\ngradient_accumulation_steps: "4"\n`;
    const [finding] = run("t4", text).findings;
    expect(finding!.fixable).toBe(false);
    expect(finding!.hint).toContain("multiply `gradient_accumulation_steps` (not a number here, so not rewritten) by 4");
  });
});

describe("batch-size in TrainingArguments configs", () => {
  const TRL = `{
  "model_name_or_path": "./checkpoints/base",
  "output_dir": "out",
  "max_seq_length": 1024,
  "per_device_train_batch_size": 32,
  "gradient_accumulation_steps": 2
}
`;

  it("reads hidden size and layers from a config.json in the repo, and needs a model id", () => {
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
    const outcome = run("t4", TRL, "json", project);
    expect(outcome.findings[0]!.message).toContain("(494M parameters, from its config.json)");
    expect(outcome.findings[0]!.hint).toContain('`"gradient_checkpointing": true` would keep');
    expect(outcome.fixed).toContain('"per_device_train_batch_size": 8,\n  "gradient_accumulation_steps": 8\n');
    expect(run("t4", TRL, "json").findings).toEqual([]); // Without the config the model is unknown.
  });

  it("stays silent for TRL's peft switches, sharding and a batch found at run time", () => {
    // `use_peft` gets the adapter estimate instead (issue 17); 4-bit without adapters is no full fine-tune.
    for (const extra of ['"load_in_4bit": true', '"fsdp": "full_shard auto_wrap"', '"auto_find_batch_size": true']) {
      const text = TRL.replace("./checkpoints/base", "Qwen/Qwen2.5-0.5B").replace('"output_dir": "out",', `"output_dir": "out",\n  ${extra},`);
      expect(run("t4", text, "json").findings, extra).toEqual([]);
    }
    // An empty fsdp is TrainingArguments' default: no sharding.
    const plain = TRL.replace("./checkpoints/base", "Qwen/Qwen2.5-0.5B").replace('"output_dir": "out",', '"output_dir": "out",\n  "fsdp": "",');
    expect(run("t4", plain, "json").findings).toHaveLength(1);
  });
});
