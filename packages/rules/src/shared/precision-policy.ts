import type { Target } from "@gpu-compat/targets";
import type { PrecisionChoice } from "../types.js";
import { fp16UnsafeFamilyIn, type Fp16UnsafeFamily } from "./model-families.js";

/**
 * What a bf16 mixed-precision switch (Trainer `bf16=True`, autocast bf16, accelerate/Lightning/DeepSpeed bf16)
 * becomes on a GPU without bf16: fp16 mixed precision where fp16 tensor cores exist (T4, V100), because master
 * weights stay fp32 and the loss scaler handles the range; plain fp32 on P100/K80, where fp16 AMP was measured
 * slower, and for the models that overflow float16 (model-families.ts) named in `text`, the file's own text.
 * `--precision` overrides the choice.
 */
export function mixedPrecisionMode(target: Target, precision: PrecisionChoice, text = ""): "fp16" | "fp32" {
  return mixedPrecisionFor(target, precision, text).mode;
}

export interface MixedPrecisionChoice {
  mode: "fp16" | "fp32";
  /** Why float32, as the start of a sentence: "It has no fp16 tensor cores either, so". */
  float32Because: string;
  /** The fp16-unsafe family that made it float32. */
  family?: Fp16UnsafeFamily;
}

/** The mixed-precision mode with the reason the messages give for it (see mixedPrecisionMode). */
export function mixedPrecisionFor(target: Target, precision: PrecisionChoice, text = ""): MixedPrecisionChoice {
  const fp16TensorCores = target.gpu.features.fp16TensorCores;
  if (precision !== "auto") return { mode: precision, float32Because: fp16TensorCores ? "With --precision fp32" : "It has no fp16 tensor cores either, so" };
  if (!fp16TensorCores) return { mode: "fp32", float32Because: "It has no fp16 tensor cores either, so" };
  const family = fp16UnsafeFamilyIn(text);
  if (family) return { mode: "fp32", family, float32Because: `${family.name} models overflow float16 (inf/NaN; ${family.source}), so instead of fp16` };
  return { mode: "fp16", float32Because: "" };
}

/**
 * The clause an fp16 rewrite carries when the model's family is unknown: the risk float16 brings where bf16 had
 * none, and what to do.
 */
export const FP16_RISK = "if the loss turns inf/NaN, the model overflows float16 (as bf16-trained T5 and Gemma do): train in float32 instead";

/** The torch dtype name a bf16 dtype request becomes: float32 unless `--precision fp16` asks for float16. */
export function dtypeReplacement(precision: PrecisionChoice): "float32" | "float16" {
  return precision === "fp16" ? "float16" : "float32";
}
