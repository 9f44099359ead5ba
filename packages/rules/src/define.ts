import type { Feature } from "@gpu-compat/targets";
import type { Rule } from "./types.js";

/** Each rule runs on targets that lack one feature; this says which in words, once per feature. */
const WHEN_LACKING: Record<Feature, string> = {
  bf16: "the target has no bf16 tensor cores (compute capability below 8.0)",
  tf32: "the target has no TF32 tensor cores (compute capability below 8.0)",
  flashAttention2: "the target cannot run FlashAttention-2 kernels (compute capability below 8.0)",
  triton: "the target cannot run Triton, which torch.compile's default Inductor backend needs (compute capability below 7.0)",
  fp8: "the target has no FP8 tensor cores (compute capability below 8.9, A100 included)",
  fp16TensorCores: "the target has no fp16 tensor cores (compute capability below 7.0)",
  currentTorchWheels: "PyTorch's default CUDA wheels from 2.8 on have no kernels for the target (compute capability below 7.0)",
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
