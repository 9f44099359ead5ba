import type { ImportMap } from "@gpu-compat/python";

const TORCH_FAMILY = ["torch", "transformers", "accelerate", "peft", "trl", "vllm", "unsloth", "diffusers", "lightning", "pytorch_lightning", "deepspeed", "bitsandbytes"];
const OTHER_FRAMEWORKS = ["jax", "flax", "tensorflow", "keras", "ml_dtypes", "paddle", "mindspore"];

/**
 * True when a bare `dtype="bfloat16"` in this file most likely speaks to PyTorch: the file imports a PyTorch
 * library and no other framework whose dtype strings look the same.
 */
export function speaksTorch(imports: ImportMap): boolean {
  return TORCH_FAMILY.some((m) => imports.importsModule(m)) && !OTHER_FRAMEWORKS.some((m) => imports.importsModule(m));
}

/** The local name `torch` is bound to (`import torch as T` -> "T"), if the module itself is imported. */
export function torchLocalName(imports: ImportMap): string | null {
  for (const [local, target] of imports.bindings) if (target === "torch") return local;
  return null;
}
