import { estimateMemory, parametersFromModelId, type MemoryRun, type ModelShape } from "@gpu-compat/rules";
import { describe, expect, it } from "vitest";

const GB = 1e9;
const GiB = 1024 ** 3;

/**
 * The error the estimate claims (model-size/estimate.ts, docs/batch-size.md): a measured peak lies between its low
 * and high bound, and the central estimate is within 25% of it, when the run's batch, sequence and checkpointing
 * are known.
 */
const CENTRAL_ERROR = 0.25;

// Shapes from the checkpoints' config.json files (Hugging Face Hub).
const LLAMA_31_8B: ModelShape = { parameters: 8.03e9, hidden: 4096, layers: 32, intermediate: 14336, vocab: 128256, heads: 32, kvHeads: 8, tied: false };
const LLAMA_32_3B: ModelShape = { parameters: 3.21e9, hidden: 3072, layers: 28, intermediate: 8192, vocab: 128256, heads: 24, kvHeads: 8, tied: true };
// T5-style encoder-decoders: layers counts both stacks (24 + 24); each decoder layer keeps the encoder's states
// for cross-attention.
const T0_3B: ModelShape = { parameters: 2.85e9, hidden: 2048, layers: 48, intermediate: 5120, vocab: 32128, heads: 32, kvHeads: 32, tied: false };
const MT0_XXL: ModelShape = { parameters: 12.9e9, hidden: 4096, layers: 48, intermediate: 10240, vocab: 250112, heads: 64, kvHeads: 64, tied: false };
const BLOOMZ_7B1: ModelShape = { parameters: 7.07e9, hidden: 4096, layers: 30, intermediate: 16384, vocab: 250880, heads: 32, kvHeads: 32, tied: true };
const LLAMA_65B: ModelShape = { parameters: 65.2e9, hidden: 8192, layers: 80, intermediate: 22016, vocab: 32000, heads: 64, kvHeads: 64, tied: false };

/** torchtune's LoRA recipes: r on q, v and the output projection, and on the MLP (recipes/configs/llama3_*). */
const TORCHTUNE_TARGETS = ["q_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

interface Measurement {
  what: string;
  run: MemoryRun;
  /** The published peak, in bytes. */
  measured: number;
  /** torchtune logs the allocator's peak (torch.cuda.memory_stats), which leaves out the CUDA context. */
  withoutContext?: true;
}

const MEASUREMENTS: Measurement[] = [
  // huggingface/peft README.md, "GPU memory required for different settings" (A100 80GB, commit 5d602fd), run as
  // the repo's examples/*_accelerate_ds_zero3_offload.py scripts do: batch 8, max_length 64, fp32, LoRA r=8 with
  // PEFT's default targets. Full fine-tuning in fp32 keeps 16 B/param too (weights, gradients, Adam's moments).
  // Those scripts measure with torch.cuda.max_memory_allocated() in units of 2**20 bytes (their TorchTracemalloc),
  // so the "GB" are read as GiB of allocations, without the CUDA context.
  {
    what: "PEFT README: bigscience/T0_3B full fine-tune, 47.14 GB",
    run: { model: T0_3B, weights: "float32", training: "full", batch: 8, tokens: 64, fp32Activations: true },
    measured: 47.14 * GiB,
    withoutContext: true,
  },
  {
    what: "PEFT README: bigscience/T0_3B LoRA, 14.4 GB",
    run: { model: T0_3B, weights: "float32", training: "adapters", adapters: { rank: 8, targetModules: ["q", "v"] }, batch: 8, tokens: 64, fp32Activations: true },
    measured: 14.4 * GiB,
    withoutContext: true,
  },
  {
    what: "PEFT README: bigscience/mt0-xxl LoRA, 56 GB",
    run: { model: MT0_XXL, weights: "float32", training: "adapters", adapters: { rank: 8, targetModules: ["q", "v"] }, batch: 8, tokens: 64, fp32Activations: true },
    measured: 56 * GiB,
    withoutContext: true,
  },
  {
    what: "PEFT README: bigscience/bloomz-7b1 LoRA, 32 GB",
    run: { model: BLOOMZ_7B1, weights: "float32", training: "adapters", adapters: { rank: 8, targetModules: ["query_key_value"] }, batch: 8, tokens: 64, fp32Activations: true },
    measured: 32 * GiB,
    withoutContext: true,
  },
  // pytorch/torchtune README.md, "Memory and training speed" (commit bd2a0fc): batch 2, packed to 2048 tokens,
  // activation checkpointing and the chunked linear cross-entropy of the recipes' configs, bf16.
  {
    what: "torchtune README: Llama 3.1 8B LoRA on one 4090, 16.2 GiB",
    run: { model: LLAMA_31_8B, weights: "bfloat16", training: "adapters", adapters: { rank: 8, targetModules: TORCHTUNE_TARGETS }, batch: 2, tokens: 2048, checkpointing: true, chunkedLoss: true },
    measured: 16.2 * GiB,
    withoutContext: true,
  },
  {
    what: "torchtune README: Llama 3.1 8B QLoRA on one 4090, 7.4 GiB",
    run: { model: LLAMA_31_8B, weights: "int4", training: "adapters", adapters: { rank: 8, targetModules: TORCHTUNE_TARGETS }, batch: 2, tokens: 2048, checkpointing: true, chunkedLoss: true },
    measured: 7.4 * GiB,
    withoutContext: true,
  },
  // pytorch/torchtune README.md, "Optimization flags": Llama 3.2 3B, batch 2, 4096 tokens packed, compile, chunked
  // cross-entropy. Its full fine-tune is pure bf16 (2 B weights + 2 B gradients + 4 B bf16 moments).
  {
    what: "torchtune README: Llama 3.2 3B full fine-tune + activation checkpointing, 24.9 GiB",
    run: { model: LLAMA_32_3B, weights: "bfloat16", training: "full", trainableBytes: 4, optimizerStateBytes: 4, batch: 2, tokens: 4096, checkpointing: true, chunkedLoss: true },
    measured: 24.9 * GiB,
    withoutContext: true,
  },
  // The LoRA and QLoRA rows keep activation offloading on (rank 64, recipes/configs/llama3_2/3B_*lora_single_device.yaml).
  {
    what: "torchtune README: Llama 3.2 3B LoRA, 8.5 GiB",
    run: { model: LLAMA_32_3B, weights: "bfloat16", training: "adapters", adapters: { rank: 64, targetModules: TORCHTUNE_TARGETS }, batch: 2, tokens: 4096, checkpointing: true, activationOffloading: true, chunkedLoss: true },
    measured: 8.5 * GiB,
    withoutContext: true,
  },
  {
    what: "torchtune README: Llama 3.2 3B QLoRA, 4.6 GiB",
    run: { model: LLAMA_32_3B, weights: "int4", training: "adapters", adapters: { rank: 64, targetModules: TORCHTUNE_TARGETS }, batch: 2, tokens: 4096, checkpointing: true, activationOffloading: true, chunkedLoss: true },
    measured: 4.6 * GiB,
    withoutContext: true,
  },
];

describe("the memory estimate against published peak-memory measurements", () => {
  it.each(MEASUREMENTS)("$what", ({ run, measured, withoutContext }) => {
    const estimate = estimateMemory(run);
    const context = withoutContext ? estimate.components.find((c) => c.name === "CUDA context")! : { bytes: 0, low: 0, high: 0 };
    const [central, low, high] = [estimate.bytes - context.bytes, estimate.low - context.low, estimate.high - context.high];
    expect(low, "low bound").toBeLessThanOrEqual(measured);
    expect(high, "high bound").toBeGreaterThanOrEqual(measured);
    expect(Math.abs(central / measured - 1), `central ${(central / GiB).toFixed(1)} GiB vs ${(measured / GiB).toFixed(1)} GiB`).toBeLessThanOrEqual(CENTRAL_ERROR);
  });

  // PEFT README: full fine-tuning mt0-xxl and bloomz-7b1 runs out of memory on the 80 GB A100.
  it.each([
    ["bigscience/mt0-xxl", MT0_XXL],
    ["bigscience/bloomz-7b1", BLOOMZ_7B1],
  ])("full fine-tuning %s is over 80 GB even in the low bound", (_id, model) => {
    expect(estimateMemory({ model, weights: "float32", training: "full", batch: 8, tokens: 64, fp32Activations: true }).low).toBeGreaterThan(80 * GB);
  });

  // QLoRA paper (Dettmers et al. 2023, arXiv:2305.14314, abstract): a 65B model fine-tunes on one 48 GB GPU, with
  // r=64 adapters on every linear layer kept in bf16, paged optimizer states (evicted to CPU memory when the GPU is
  // full), batch 1 and gradient checkpointing.
  it("QLoRA paper: LLaMA-65B QLoRA fits one 48 GB GPU", () => {
    const run: MemoryRun = {
      model: LLAMA_65B,
      weights: "int4",
      training: "adapters",
      adapters: { rank: 64, targetModules: "all-linear" },
      trainableBytes: 4,
      optimizerStateBytes: 0,
      batch: 1,
      tokens: 512,
      checkpointing: true,
    };
    expect(estimateMemory(run).bytes).toBeLessThan(48 * GB);
    // In 16-bit the frozen weights alone would not.
    expect(estimateMemory({ ...run, weights: "bfloat16" }).low).toBeGreaterThan(48 * GB);
  });
});

describe("estimate components", () => {
  const base: MemoryRun = { model: LLAMA_31_8B, weights: "bfloat16", training: "none" };

  it("inference is weights and the CUDA context", () => {
    const estimate = estimateMemory(base);
    expect(estimate.components.map((c) => c.name)).toEqual(["weights", "CUDA context"]);
    expect(estimate.components[0]!.bytes).toBe(8.03e9 * 2);
  });

  it("4-bit keeps the embeddings and LM head in 16-bit, and adds the block constants", () => {
    const [weights, constants] = estimateMemory({ ...base, weights: "int4" }).components;
    const embeddings = 2 * 128256 * 4096;
    expect(weights!.bytes).toBeCloseTo((8.03e9 - embeddings) * 0.5 + embeddings * 2, -3);
    expect(constants!.name).toBe("quantization constants");
    // 0.127 bits per weight with double quantization, 0.5 without (on the 0.5 B of a packed weight: 3% to 12.5%).
    const packed = (8.03e9 - embeddings) * 0.5;
    expect(constants!.low / packed).toBeCloseTo(0.127 / 4, 3);
    expect(constants!.high / packed).toBeCloseTo(0.125, 3);
  });

  it("counts LoRA adapters from the rank and target modules", () => {
    const qv = estimateMemory({ ...base, training: "adapters", adapters: { rank: 16, targetModules: ["q_proj", "v_proj"] } });
    const states = qv.components.find((c) => c.name === "trainable states")!;
    // r x (4096 + 4096) + r x (4096 + 1024) per layer, 32 layers, 16 B each.
    expect(states.bytes).toBe(16 * (8192 + 5120) * 32 * 16);
  });

  it("gradient checkpointing keeps a fraction of the activations", () => {
    const run: MemoryRun = { ...base, training: "adapters", batch: 4, tokens: 1024 };
    const activations = (r: MemoryRun) => estimateMemory(r).components.find((c) => c.name === "activations")!.bytes;
    expect(activations({ ...run, checkpointing: true }) / activations(run)).toBeLessThan(0.1);
  });

  it("logits are sequence x batch x vocabulary x 4 bytes", () => {
    const logits = estimateMemory({ ...base, training: "adapters", batch: 2, tokens: 1024 }).components.find((c) => c.name === "logits")!;
    expect(logits.bytes).toBe(2 * 1024 * 128256 * 4);
  });

  it("a DPO/GRPO reference model is a second frozen copy, unless the adapters' base serves as one", () => {
    const full = estimateMemory({ ...base, training: "full", reference: true });
    expect(full.components.some((c) => c.name === "reference model")).toBe(true);
    const peft = estimateMemory({ ...base, training: "adapters", reference: true });
    expect(peft.components.some((c) => c.name === "reference model")).toBe(false);
  });

  it("the KV cache of generation: 2 x layers x KV width x tokens x 2 bytes", () => {
    const kv = estimateMemory({ ...base, generation: { sequences: 8, tokens: 1024 } }).components.find((c) => c.name === "KV cache")!;
    expect(kv.bytes).toBe(2 * 2 * 32 * 1024 * 8 * 1024);
  });

  it("ZeRO-3/FSDP divide the states by the GPU count, not the activations", () => {
    const run: MemoryRun = { ...base, training: "full", batch: 1, tokens: 512 };
    const one = estimateMemory(run).components;
    const two = estimateMemory({ ...run, shardedOver: 2 }).components;
    expect(two[0]!.bytes).toBe(one[0]!.bytes / 2);
    expect(two.find((c) => c.name === "activations")!.bytes).toBe(one.find((c) => c.name === "activations")!.bytes);
  });

  it("without a config, the bounds widen", () => {
    const known = estimateMemory({ ...base, training: "adapters", batch: 2, tokens: 1024 });
    const guessed = estimateMemory({ ...base, model: { parameters: 8.03e9 }, training: "adapters", batch: 2, tokens: 1024 });
    expect(guessed.high - guessed.low).toBeGreaterThan(known.high - known.low);
  });
});

describe("MoE ids", () => {
  it("are sized by their total parameters", () => {
    expect(parametersFromModelId("allenai/OLMoE-1B-7B-0924")?.parameters).toBe(7e9);
    expect(parametersFromModelId("Qwen/Qwen3-30B-A3B")?.parameters).toBe(30e9);
  });
});
