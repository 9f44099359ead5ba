import type { Target } from "@gpu-compat/targets";
import type { PrecisionChoice } from "../types.js";

/**
 * What a bf16 mixed-precision switch (Trainer `bf16=True`, autocast bf16, accelerate/Lightning/DeepSpeed bf16)
 * becomes on a GPU without bf16: fp16 mixed precision where fp16 tensor cores exist (T4, V100), because master
 * weights stay fp32 and the loss scaler handles the range; plain fp32 on P100/K80, where fp16 AMP was measured
 * slower. `--precision` overrides the choice.
 */
export function mixedPrecisionMode(target: Target, precision: PrecisionChoice): "fp16" | "fp32" {
  if (precision !== "auto") return precision;
  return target.gpu.features.fp16TensorCores ? "fp16" : "fp32";
}

/** The torch dtype name a bf16 dtype request becomes: float32 unless `--precision fp16` asks for float16. */
export function dtypeReplacement(precision: PrecisionChoice): "float32" | "float16" {
  return precision === "fp16" ? "float16" : "float32";
}
