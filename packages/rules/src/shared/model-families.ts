import type { RuleContextBase } from "../types.js";

/**
 * Model families trained in bf16 whose activations overflow float16 (inf/NaN losses and outputs), so fp16 is no
 * substitute for bf16 there: float32 is (docs/gpu-facts.md, "fp16 instead of bf16 is not always safe"). Sources: T5
 * (transformers#5651, #9295), Gemma-2/3/4 (transformers#36822, #39972; unsloth#5055, #5092), and the lists vLLM
 * (`_FLOAT16_NOT_SUPPORTED_MODELS`: gemma2, gemma3, gemma3_text, plamo2, glm4) and Unsloth (`FORCE_FLOAT32`:
 * gemma3, gemma3n, gemma4, glm4_moe, gpt_oss, qwen3_5, qwen3_moe) keep.
 */
export interface Fp16UnsafeFamily {
  /** As the messages name it: "Gemma-2/3". */
  name: string;
  /** `model_type` values of the family's config.json. */
  modelTypes: readonly string[];
  /** Matches the model part of a hub id (after the `org/`), lowercased. */
  id: RegExp;
  /** Where the overflow is reported, for the messages. */
  source: string;
}

export const FP16_UNSAFE_FAMILIES: readonly Fp16UnsafeFamily[] = [
  {
    name: "T5",
    modelTypes: ["t5", "mt5", "umt5", "longt5"],
    // t5-small, t5-v1_1-xl, flan-t5-xxl, mt5-base, byt5-small, long-t5-tglobal-base, umt5-xl; not "gpt5", "bert5".
    id: /^(?:(?:flan|long|switch)-)?(?:t5|mt5|byt5|umt5)(?:$|[-_.])|^long-t5/,
    source: "transformers#9295",
  },
  { name: "Gemma-2/3/4", modelTypes: ["gemma2", "gemma3", "gemma3_text", "gemma3n", "gemma4"], id: /(?:^|-)gemma-?[234](?:$|[-_.n])/, source: "transformers#36822" },
  { name: "gpt-oss", modelTypes: ["gpt_oss"], id: /^gpt-oss(?:$|-)/, source: "Unsloth's FORCE_FLOAT32 list" },
  {
    name: "Qwen3-MoE/Qwen3.5",
    modelTypes: ["qwen3_moe", "qwen3_5", "qwen3_5_moe"],
    // Qwen3-30B-A3B, Qwen3-235B-A22B-Instruct-2507 (the active-parameter part marks the MoE), Qwen3.5-*.
    id: /^qwen3-(?:\d+(?:\.\d+)?b-)a\d+(?:\.\d+)?b(?:$|-)|^qwen3-?moe|^qwen3\.5(?:$|-)/,
    source: "Unsloth's FORCE_FLOAT32 list",
  },
  { name: "GLM-4", modelTypes: ["glm4", "glm4_moe"], id: /^glm-?4(?:$|[-_.])/, source: "vLLM's _FLOAT16_NOT_SUPPORTED_MODELS" },
];

/** The fp16-unsafe family of a hub id or local path (`google/gemma-2-9b-it`, `./flan-t5-base`), if any. */
export function fp16UnsafeFamilyOfId(id: string): Fp16UnsafeFamily | undefined {
  const name = id.toLowerCase().replace(/\/+$/, "").split("/").at(-1)!;
  return FP16_UNSAFE_FAMILIES.find((family) => family.id.test(name));
}

/** The fp16-unsafe family of a config.json's `model_type`, if any. */
export function fp16UnsafeFamilyOfType(modelType: unknown): Fp16UnsafeFamily | undefined {
  return typeof modelType === "string" ? FP16_UNSAFE_FAMILIES.find((family) => family.modelTypes.includes(modelType)) : undefined;
}

// Words that can be a model id: `org/name` or a bare name, as written in code, configs and command lines.
const ID_WORD = /[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?/g;
const FAMILY_HINT = /t5|gemma|gpt-oss|qwen3|glm-?4/i;

/**
 * The fp16-unsafe family a file's run trains or serves, told from the model ids its text names (a
 * `from_pretrained` literal, `base_model:`, `--model_name_or_path`). When a file names models of several kinds,
 * one unsafe id is enough: float32 is right for every model, float16 only for some.
 */
export function fp16UnsafeFamilyIn(text: string): Fp16UnsafeFamily | undefined {
  // Every mixed-precision finding of a file asks about the same text: scan it once.
  if (lastScan?.text !== text) lastScan = { text, family: scanForFamily(text) };
  return lastScan.family;
}

let lastScan: { text: string; family: Fp16UnsafeFamily | undefined } | undefined;

function scanForFamily(text: string): Fp16UnsafeFamily | undefined {
  if (!FAMILY_HINT.test(text)) return undefined;
  for (const match of text.matchAll(ID_WORD)) {
    if (!FAMILY_HINT.test(match[0])) continue;
    const family = fp16UnsafeFamilyOfId(match[0]);
    if (family) return family;
  }
  return undefined;
}

/**
 * Gemma-2 and Gemma-3 by model id, the families that train with `eager` attention (softcapping): "google/gemma-2-9b-it",
 * "unsloth/gemma-3-4b-it", "gemma2-2b". Gemma 1's "gemma-2b" / "gemma-7b" (a size right after "gemma-") and Gemma-3n
 * ("gemma-3n-E4B") do not match.
 */
const GEMMA_2_OR_3_ID = /(?<![a-z0-9])gemma-?[23](?=$|[-_./])/i;

/** The same families by a config.json's `model_type` (Gemma3ForConditionalGeneration's text part is gemma3_text). */
const GEMMA_2_OR_3_TYPES = new Set(["gemma2", "gemma3", "gemma3_text"]);

/** A model id (or local model folder) names a Gemma-2 or Gemma-3 model: by the folder's config.json, else by the id. */
export function isGemma2or3(context: Pick<RuleContextBase, "project">, modelId: string): boolean {
  const modelType = context.project.modelConfig(modelId)?.model_type;
  if (typeof modelType === "string") return GEMMA_2_OR_3_TYPES.has(modelType);
  return GEMMA_2_OR_3_ID.test(modelId);
}

/** A config.json's `model_type` is Gemma-2's or Gemma-3's. */
export function isGemma2or3Type(modelType: unknown): boolean {
  return typeof modelType === "string" && GEMMA_2_OR_3_TYPES.has(modelType);
}
