import { KNOWN_PARAMETER_COUNTS, KNOWN_SHAPES } from "./families.js";

/** Where a parameter count came from, for the report. */
export type SizeSource = "model id" | "known model" | "config.json";

export interface ParameterCount {
  parameters: number;
  source: SizeSource;
}

/** The fields of a Hugging Face `config.json` that decide a decoder's size. */
export interface ModelConfig {
  hidden_size?: number;
  num_hidden_layers?: number;
  intermediate_size?: number;
  vocab_size?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  tie_word_embeddings?: boolean;
  num_local_experts?: number;
  /** The architecture family (`llama`, `gemma2`, `t5`). */
  model_type?: string;
}

// "Qwen2.5-7B-Instruct", "opt-350m", "Llama-3.2-1B", "gemma-2-2b-it": a number followed by B or M, alone
// between separators. "Mixtral-8x7B" is in the table because 8 x 7B double-counts shared layers.
const SIZE_IN_ID = /(?:^|[-_/.])(\d+(?:\.\d+)?)\s*([bm])(?=$|[-_/.])/i;

/** The key of a table of known models that an id names: the longest contained in its name. */
function knownKey(keys: Iterable<string>, modelId: string): string | undefined {
  const name = modelId.toLowerCase().split("/").pop()!;
  let best: string | undefined;
  for (const key of keys) {
    if (name.startsWith(key) || name.includes(`-${key}`) || name === key) {
      if (!best || key.length > best.length) best = key;
    }
  }
  return best;
}

/** The config.json shape of a common model named by its id (families.ts), for the memory estimate. */
export function shapeFromModelId(modelId: string): ModelConfig | undefined {
  const key = knownKey(KNOWN_SHAPES.keys(), modelId);
  return key ? KNOWN_SHAPES.get(key) : undefined;
}

/** Two sizes in a row, "1B-7B": active and total parameters of a mixture of experts. */
const MOE_SIZES = /(?:^|[-_/.])(\d+(?:\.\d+)?)b-(\d+(?:\.\d+)?)b(?=$|[-_/.])/i;

/** Parameters named by a model id, from the table of known models or the size in its name. */
export function parametersFromModelId(modelId: string): ParameterCount | undefined {
  const id = modelId.toLowerCase();
  const name = id.split("/").pop()!;
  let best: string | undefined;
  for (const key of KNOWN_PARAMETER_COUNTS.keys()) {
    if (name.startsWith(key) || name.includes(`-${key}`) || name === key) {
      if (!best || key.length > best.length) best = key;
    }
  }
  if (best) return { parameters: KNOWN_PARAMETER_COUNTS.get(best)!, source: "known model" };
  // Mixture-of-experts ids name active and total parameters ("OLMoE-1B-7B"): every expert is in memory.
  const moe = MOE_SIZES.exec(name);
  if (moe) return { parameters: Math.max(Number(moe[1]), Number(moe[2])) * 1e9, source: "model id" };
  // Qwen-1 writes 1.8B as "Qwen-1_8B"; read as a decimal only right after a dash, so "llama_2_7b" stays 7B.
  const match = SIZE_IN_ID.exec(name.replace(/-(\d)_(\d)([bm])(?=$|[-_/.])/, "-$1.$2$3"));
  if (!match) return undefined;
  const scale = match[2]!.toLowerCase() === "b" ? 1e9 : 1e6;
  return { parameters: Number(match[1]) * scale, source: "model id" };
}

/**
 * Parameters of a decoder-only transformer from its config: embeddings, attention (with grouped KV heads), a
 * gated MLP (three matrices, as Llama, Mistral and Qwen use), norms ignored. Returns undefined when a field it
 * needs is missing.
 */
export function parametersFromConfig(config: ModelConfig): ParameterCount | undefined {
  const { hidden_size: h, num_hidden_layers: layers, vocab_size: vocab } = config;
  if (!h || !layers || !vocab) return undefined;
  const intermediate = config.intermediate_size ?? 4 * h;
  const heads = config.num_attention_heads ?? 1;
  const kvHeads = config.num_key_value_heads ?? heads;
  const kvDim = (h / heads) * kvHeads;
  const attention = h * h * 2 + h * kvDim * 2;
  const mlp = 3 * h * intermediate * (config.num_local_experts ?? 1);
  const embeddings = vocab * h * (config.tie_word_embeddings ? 1 : 2);
  return { parameters: layers * (attention + mlp) + embeddings, source: "config.json" };
}
