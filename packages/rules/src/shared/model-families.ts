import type { RuleContextBase } from "../types.js";

/**
 * Gemma-2 and Gemma-3 by model id: "google/gemma-2-9b-it", "unsloth/gemma-3-4b-it", "gemma2-2b". Gemma 1's
 * "gemma-2b" / "gemma-7b" (a size right after "gemma-") and Gemma-3n ("gemma-3n-E4B") do not match.
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
