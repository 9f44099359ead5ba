import { requiredCapability, type Feature } from "@gpu-compat/targets";
import type { Rule } from "./types.js";

function below(feature: Feature): string {
  return `compute capability below ${requiredCapability(feature)}`;
}

/** Each rule runs on targets that lack one feature; this says which in words, once per feature. */
const WHEN_LACKING: Record<Feature, string> = {
  bf16: `the target has no bf16 tensor cores (${below("bf16")})`,
  tf32: `the target has no TF32 tensor cores (${below("tf32")})`,
  flashAttention2: `the target cannot run FlashAttention-2 kernels (${below("flashAttention2")})`,
  triton: `the target cannot run Triton, which torch.compile's default Inductor backend needs (${below("triton")})`,
  fp8: `the target has no FP8 tensor cores (${below("fp8")}, A100 included)`,
  fp16TensorCores: `the target has no fp16 tensor cores (${below("fp16TensorCores")})`,
  currentTorchWheels: `PyTorch's default CUDA wheels from 2.8 on have no kernels for the target (${below("currentTorchWheels")})`,
};

/** A rule runs on targets without the feature it `lacks`, or, without `lacks`, where its own `appliesTo` says. */
export type RuleDefinition =
  | (Omit<Rule, "appliesTo" | "appliesWhen" | "lacks"> & { lacks: Feature })
  | (Omit<Rule, "lacks"> & { lacks?: undefined });

export function defineRule(definition: RuleDefinition): Rule {
  const { lacks } = definition;
  if (lacks === undefined) return definition;
  return { ...definition, appliesWhen: WHEN_LACKING[lacks], appliesTo: (target) => !target.gpu.features[lacks] };
}
