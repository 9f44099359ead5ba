import type { WeightDtype } from "./memory.js";
import type { ModelConfig } from "./parameters.js";

/**
 * One memory estimate for training and inference, in bytes, by component, each with a low and a high bound.
 * Pure: the callers read the run (model, dtype, adapters, batch, sequence) and decide with the numbers.
 *
 * The error it claims (docs/batch-size.md, tested against published peak-memory measurements in
 * test/memory-estimate.test.ts): when the run's batch, sequence length and gradient checkpointing are known, a
 * measured peak lies between `low` and `high`, and the central `bytes` is within ±25% of it. Without a config.json
 * the model's shape (hidden size, layers, vocabulary) is estimated from the parameter count, which widens the band.
 */

const GiB = 1024 ** 3;

/** The shape of a decoder the estimate needs; fields missing are estimated from `parameters`. */
export interface ModelShape {
  parameters: number;
  hidden?: number;
  layers?: number;
  intermediate?: number;
  vocab?: number;
  heads?: number;
  kvHeads?: number;
  /** Input embeddings and LM head share one matrix. */
  tied?: boolean;
}

/** A shape from a config.json when there is one. */
export function shapeOf(parameters: number, config?: ModelConfig): ModelShape {
  if (!config) return { parameters };
  return {
    parameters,
    ...(config.hidden_size ? { hidden: config.hidden_size } : {}),
    ...(config.num_hidden_layers ? { layers: config.num_hidden_layers } : {}),
    ...(config.intermediate_size ? { intermediate: config.intermediate_size } : {}),
    ...(config.vocab_size ? { vocab: config.vocab_size } : {}),
    ...(config.num_attention_heads ? { heads: config.num_attention_heads } : {}),
    ...(config.num_key_value_heads ? { kvHeads: config.num_key_value_heads } : {}),
    ...(config.tie_word_embeddings !== undefined ? { tied: config.tie_word_embeddings } : {}),
  };
}

/** LoRA adapters: rank `r` (PEFT's default 8) on the named linear layers (PEFT's per-architecture default when absent). */
export interface AdapterSpec {
  rank?: number;
  targetModules?: readonly string[] | "all-linear";
}

export interface MemoryRun {
  model: ModelShape;
  /** What the frozen weights (adapters, inference) are stored as; a full fine-tune keeps fp32 master weights. */
  weights: WeightDtype;
  /** "none": inference; "full": every weight trains; "adapters": LoRA/QLoRA on a frozen base. */
  training: "none" | "full" | "adapters";
  adapters?: AdapterSpec;
  /**
   * Bytes per trainable parameter for its weight and gradient: 8 in fp32 (default: mixed precision keeps fp32
   * master weights; PEFT keeps adapters in fp32), 4 for pure bf16 training.
   */
  trainableBytes?: number;
  /** Optimizer state bytes per trainable parameter: 8 for Adam's two fp32 moments (default), 2 for 8-bit Adam, 0 when paged out. */
  optimizerStateBytes?: number;
  /** The per-device batch and the tokens a sample is padded to; without them there are no activations. */
  batch?: number;
  tokens?: number;
  checkpointing?: boolean;
  /** Checkpointed layer inputs wait in CPU memory (torchtune's and Unsloth's activation offloading). */
  activationOffloading?: boolean;
  /** Activations in fp32 (no mixed precision) take twice the 16-bit bytes. */
  fp32Activations?: boolean;
  /** The loss never holds the full logits (chunked or fused cross-entropy, as torchtune's and Unsloth's). */
  chunkedLoss?: boolean;
  /** Sequences generated at once and the tokens each holds in the KV cache (GRPO/DPO rollouts, vLLM, `generate`). */
  generation?: { sequences: number; tokens: number };
  /** A frozen reference model (DPO/GRPO without adapters), in `weights`' dtype. */
  reference?: boolean;
  /** GPUs that shard weights, gradients and optimizer states (DeepSpeed ZeRO-3, FSDP); 1 without. */
  shardedOver?: number;
}

export type ComponentName =
  | "weights"
  | "quantization constants"
  | "trainable states"
  | "activations"
  | "logits"
  | "KV cache"
  | "reference model"
  | "CUDA context";

/** One component, in bytes: the central value and its bounds. */
export interface MemoryComponent {
  name: ComponentName;
  bytes: number;
  low: number;
  high: number;
}

export interface MemoryEstimate {
  components: MemoryComponent[];
  bytes: number;
  low: number;
  high: number;
  /** The same in GiB. */
  gib: number;
  lowGiB: number;
  highGiB: number;
}

/**
 * Hidden size x layers without a config: between 0.8 and 1.6 x sqrt(parameters) for GPT-2, BERT, Llama 2/3,
 * Mistral, Qwen2.5, Gemma 2 and Phi-2 (GPT-2 0.83, Qwen2.5-1.5B 1.10, Llama-3-8B 1.46, Llama-2-7B 1.60).
 */
const WIDTH_DEPTH = { low: 0.8, mid: 1.2, high: 1.6 };

/** Layers without a config, from the parameter count (Llama-2-7B: 32, Llama-2-70B: 80, GPT-2: 12, Qwen2.5-1.5B: 28). */
function layersOf(model: ModelShape): number {
  return model.layers ?? Math.max(12, Math.round(4 * Math.log2(model.parameters / 1e8) + 8));
}

/** Vocabulary without a config: 32k (Llama 2, Mistral) to 152k (Qwen2), 128k Llama 3, 256k Gemma. */
const VOCAB = { low: 32_000, mid: 64_000, high: 152_000 };

/**
 * Activation bytes per token for each unit of hidden size x layers in 16-bit without recomputation (Korthikanti et
 * al. 2022, arXiv:2205.05198, Table 2): 34, without the 5as/h attention-score term that SDPA and FlashAttention
 * never store. The low bound, 24, is for models without dropout (Llama, Qwen: no masks kept) and frozen bases
 * (a frozen linear keeps no input for a weight gradient); the high one allows for eager attention's extras.
 * With gradient checkpointing a layer keeps its 16-bit input (2) and one layer at a time is recomputed.
 */
const ACTIVATION = { low: 24, mid: 34, high: 40 };
const CHECKPOINTED = 2;

/**
 * Bytes per logit: the fp32 upcast of the loss (4). At most 8: the fp32 log-softmax kept for the backward pass and
 * its fp32 gradient (the 16-bit logits are free by then). A chunked or fused loss holds a few chunks: 1/8 of that.
 */
const LOGIT = { low: 4, mid: 4, high: 8 };

/** bitsandbytes 4-bit: 0.5 B per weight plus the block constants: 4.127 bits with double quantization, 4.5 without. */
const INT4 = { low: 4.127 / 8, mid: 0.55, high: 4.5 / 8 };
/** LLM.int8(): 1 B per weight plus a row and column scale; outliers ride in 16-bit. */
const INT8 = { low: 1, mid: 1.02, high: 1.06 };

/** CUDA context and the allocator's slack: 0.5-1 GiB, more on multi-GPU runs with NCCL. */
const CONTEXT = { low: 0.5 * GiB, mid: 0.75 * GiB, high: 1.0 * GiB };

/** Allocator fragmentation on top of the sum, in the high bound only. */
const FRAGMENTATION = 0.1;
/** Measurements of one run differ by a few percent across library versions and allocators: the low bound allows 8% (torchtune's Llama 3.2 3B full fine-tune peaks 5% under the sum of the lows). */
const MEASUREMENT_SPREAD = 0.08;

export interface Range {
  low: number;
  mid: number;
  high: number;
}

const scale = (range: Range, by: number): Range => ({ low: range.low * by, mid: range.mid * by, high: range.high * by });
const product = (a: Range, b: Range): Range => ({ low: a.low * b.low, mid: a.mid * b.mid, high: a.high * b.high });
const exact = (value: number): Range => ({ low: value, mid: value, high: value });

function widthDepth(model: ModelShape): Range {
  if (model.hidden && model.layers) return exact(model.hidden * model.layers);
  return scale(WIDTH_DEPTH, Math.sqrt(model.parameters));
}

function hiddenOf(model: ModelShape): Range {
  if (model.hidden) return exact(model.hidden);
  return scale(widthDepth(model), 1 / layersOf(model));
}

/** Parameters bitsandbytes leaves in 16-bit: the input embeddings and the LM head. */
function embeddingParameters(model: ModelShape): Range {
  const hidden = hiddenOf(model);
  const vocab = model.vocab ? exact(model.vocab) : VOCAB;
  const copies = model.tied === undefined ? { low: 1, mid: 2, high: 2 } : exact(model.tied ? 1 : 2);
  const raw = product(product(hidden, vocab), copies);
  const cap = model.parameters * 0.5;
  return { low: Math.min(raw.low, cap), mid: Math.min(raw.mid, cap), high: Math.min(raw.high, cap) };
}

const BYTES: Record<"float32" | "float16" | "bfloat16", number> = { float32: 4, float16: 2, bfloat16: 2 };

/** The frozen or inference weights, with quantization constants apart. */
function weightComponents(model: ModelShape, dtype: WeightDtype, label: "weights" | "reference model"): MemoryComponent[] {
  const p = model.parameters;
  if (dtype !== "int4" && dtype !== "int8") return [component(label, exact(p * BYTES[dtype]))];
  const embeddings = embeddingParameters(model);
  const packed = dtype === "int4" ? 0.5 : 1;
  const perWeight = dtype === "int4" ? INT4 : INT8;
  // Quantized linears, packed; the embeddings and head in 16-bit; the constants on the quantized ones.
  const at = (k: keyof Range) => ({ weights: (p - embeddings[k]) * packed + embeddings[k] * 2, constants: (p - embeddings[k]) * (perWeight[k] - packed) });
  const [low, mid, high] = (["low", "mid", "high"] as const).map(at);
  const weights: Range = { low: low!.weights, mid: mid!.weights, high: high!.weights };
  const constants: Range = { low: low!.constants, mid: mid!.constants, high: high!.constants };
  return [component(label, weights), component("quantization constants", constants)];
}

/** In and out features of a linear layer by its usual name (Llama, Mistral, Qwen, GPT-2, BLOOM, Falcon, T5, BERT). */
function linearShape(name: string, h: number, kv: number, inter: number): [number, number] {
  switch (name) {
    case "k_proj":
    case "v_proj":
    case "k":
    case "v":
      return [h, kv];
    case "gate_proj":
    case "up_proj":
    case "w1":
    case "w3":
    case "fc1":
    case "c_fc":
    case "wi":
    case "dense_h_to_4h":
    case "wi_0":
    case "wi_1":
      return [h, inter];
    case "down_proj":
    case "w2":
    case "fc2":
    case "wo":
    case "dense_4h_to_h":
      return [inter, h];
    case "query_key_value":
    case "c_attn":
    case "qkv_proj":
    case "Wqkv":
      return [h, h + 2 * kv];
    default:
      return [h, h];
  }
}

const ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
/** PEFT's default for Llama-like models: the query and value projections. */
const DEFAULT_TARGETS = ["q_proj", "v_proj"];
const DEFAULT_RANK = 8;

/** Parameters in LoRA adapters: r x (in + out) for each targeted linear of each layer. */
export function adapterParameters(model: ModelShape, adapters: AdapterSpec = {}): Range {
  const r = adapters.rank ?? DEFAULT_RANK;
  const layers = layersOf(model);
  const count = (hidden: number, targets: readonly string[]) => {
    const kv = model.heads && model.kvHeads ? (hidden * model.kvHeads) / model.heads : hidden / 4;
    const inter = model.intermediate ?? 3.5 * hidden;
    return targets.reduce((sum, name) => {
      const [input, output] = linearShape(name, hidden, kv, inter);
      return sum + r * (input + output);
    }, 0) * layers;
  };
  const h = hiddenOf(model);
  const targets = adapters.targetModules;
  if (targets === "all-linear") return { low: count(h.low, ALL_LINEAR), mid: count(h.mid, ALL_LINEAR), high: count(h.high, ALL_LINEAR) };
  if (targets && targets.length > 0) return { low: count(h.low, targets), mid: count(h.mid, targets), high: count(h.high, targets) };
  // Unknown targets: PEFT's q/v default at least, every linear at most.
  return { low: count(h.low, DEFAULT_TARGETS), mid: count(h.mid, DEFAULT_TARGETS), high: count(h.high, ALL_LINEAR) };
}

function component(name: ComponentName, range: Range): MemoryComponent {
  return { name, bytes: range.mid, low: range.low, high: range.high };
}

/** The estimate: every component that applies to the run, summed. */
export function estimateMemory(run: MemoryRun): MemoryEstimate {
  const { model } = run;
  const shards = Math.max(1, run.shardedOver ?? 1);
  const components: MemoryComponent[] = [];
  const stateBytes = (run.trainableBytes ?? 8) + (run.optimizerStateBytes ?? 8);
  if (run.training === "full") {
    // fp32 weights (4) beside the 16-bit compute copy, fp32 gradients (4) and the optimizer's states.
    components.push(component("trainable states", exact((model.parameters * stateBytes) / shards)));
  } else {
    for (const part of weightComponents(model, run.weights, "weights")) components.push(divide(part, shards));
    if (run.training === "adapters") components.push(component("trainable states", scale(adapterParameters(model, run.adapters), stateBytes / shards)));
  }
  if (run.reference && run.training !== "adapters") {
    for (const part of weightComponents(model, run.weights, "reference model")) components.push(divide({ ...part, name: "reference model" }, shards));
  }
  if (run.training !== "none" && run.batch && run.tokens) {
    const tokens = run.batch * run.tokens * (run.fp32Activations ? 2 : 1);
    const wd = widthDepth(model);
    const layers = layersOf(model);
    const perLayer = ACTIVATION;
    // Checkpointed: every layer's input, and the one layer being recomputed.
    const kept = run.activationOffloading ? 0 : CHECKPOINTED;
    const activations = run.checkpointing ? { low: kept + perLayer.low / layers, mid: kept + perLayer.mid / layers, high: kept + perLayer.high / layers } : perLayer;
    components.push(component("activations", scale(product(wd, activations), tokens)));
    const vocab = model.vocab ? exact(model.vocab) : VOCAB;
    const logits = scale(product(vocab, LOGIT), run.batch * run.tokens * (run.chunkedLoss ? 1 / 8 : 1));
    components.push(component("logits", logits));
  }
  if (run.generation) {
    const h = hiddenOf(model);
    const kvShare = model.heads && model.kvHeads ? exact(model.kvHeads / model.heads) : { low: 1 / 8, mid: 1 / 4, high: 1 };
    // K and V, 16-bit, for each layer and token of each sequence.
    const perToken = scale(product(h, kvShare), 2 * 2 * layersOf(model));
    components.push(component("KV cache", scale(perToken, run.generation.sequences * run.generation.tokens)));
  }
  components.push(component("CUDA context", CONTEXT));
  const sum = (key: "bytes" | "low" | "high") => components.reduce((total, c) => total + c[key], 0);
  const bytes = sum("bytes");
  const low = sum("low") * (1 - MEASUREMENT_SPREAD);
  const high = sum("high") * (1 + FRAGMENTATION);
  return { components, bytes, low, high, gib: bytes / GiB, lowGiB: low / GiB, highGiB: high / GiB };
}

function divide(part: MemoryComponent, by: number): MemoryComponent {
  return by === 1 ? part : { ...part, bytes: part.bytes / by, low: part.low / by, high: part.high / by };
}

/** "weights 4.1, trainable states 0.1, activations 1.9, logits 1.2, CUDA context 0.8 GiB": the parts over 0.05 GiB. */
export function describeComponents(estimate: MemoryEstimate): string {
  const parts = estimate.components.filter((c) => c.bytes >= 0.05 * GiB).map((c) => `${c.name} ${(c.bytes / GiB).toFixed(1)}`);
  return `${parts.join(", ")} GiB`;
}
