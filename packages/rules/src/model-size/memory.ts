import type { Target } from "@gpu-compat/targets";

const GiB = 1024 ** 3;

export type WeightDtype = "float32" | "float16" | "bfloat16" | "int8" | "int4";

const BYTES_PER_PARAMETER: Record<WeightDtype, number> = { float32: 4, float16: 2, bfloat16: 2, int8: 1, int4: 0.5 };

/** CUDA context, activations of a forward pass and allocator slack on top of the weights (gpu-facts.md: 10-20%). */
const INFERENCE_OVERHEAD = 1.2;

/** GiB the weights of a model take for inference in a dtype, with the usual overhead. */
export function inferenceGiB(parameters: number, dtype: WeightDtype): number {
  return (parameters * BYTES_PER_PARAMETER[dtype] * INFERENCE_OVERHEAD) / GiB;
}

/** GiB a load can use: one GPU, or all of them when the model is spread with `device_map="auto"`. */
export function availableGiB(target: Target, spread: boolean): number {
  return target.gpu.memoryGiB * (spread ? target.count : 1);
}

export function formatGiBValue(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

export function formatParameters(parameters: number): string {
  return parameters >= 1e9 ? `${+(parameters / 1e9).toFixed(2)}B` : `${+(parameters / 1e6).toFixed(0)}M`;
}
