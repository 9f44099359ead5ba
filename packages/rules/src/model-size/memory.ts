import type { Target } from "@gpu-compat/targets";

const GiB = 1024 ** 3;

/** What a weight is stored as on the GPU: a float dtype, or bitsandbytes' 8-bit and 4-bit quantization. */
export type WeightDtype = "float32" | "float16" | "bfloat16" | "int8" | "int4";

/**
 * Bytes one weight takes (docs/gpu-facts.md, "Memory rules of thumb"). int4 counts the packed weight only; the 4-bit
 * block constants and the layers bitsandbytes leaves unquantized (embeddings, norms, the LM head) are in the overhead.
 */
const BYTES_PER_PARAMETER: Record<WeightDtype, number> = { float32: 4, float16: 2, bfloat16: 2, int8: 1, int4: 0.5 };

/** CUDA context, activations of a forward pass and allocator slack on top of the weights (docs/gpu-facts.md: 10-20%). */
const INFERENCE_OVERHEAD = 1.2;

/**
 * Full fine-tuning with Adam in mixed precision, per parameter: fp16/bf16 weights (2) and gradients (2), fp32
 * master weights (4) and Adam's two fp32 moments (8). Activations come on top (docs/gpu-facts.md: ~16 bytes/param).
 */
const FULL_FINE_TUNE_BYTES = 16;

/**
 * Share of a model's parameters in its LoRA adapters when the caller does not know: rank 16 on every linear
 * layer of a Llama-2-7B is 40M parameters (0.6%); rank 8 on q/v only is 0.06%. 1% errs high.
 */
export const DEFAULT_LORA_FRACTION = 0.01;

export function bytesPerParameter(dtype: WeightDtype): number {
  return BYTES_PER_PARAMETER[dtype];
}

/** The weight dtype bitsandbytes quantization stores: `load_in_4bit` -> int4, `load_in_8bit` -> int8. */
export function quantizedDtype(bits: 4 | 8): WeightDtype {
  return bits === 4 ? "int4" : "int8";
}

/** GiB the weights of a model take for inference in a dtype, with the usual overhead. */
export function inferenceGiB(parameters: number, dtype: WeightDtype): number {
  return (parameters * BYTES_PER_PARAMETER[dtype] * INFERENCE_OVERHEAD) / GiB;
}

/** GiB of weights, gradients and Adam state for full fine-tuning in mixed precision, before activations. */
export function fullFineTuneGiB(parameters: number): number {
  return (parameters * FULL_FINE_TUNE_BYTES) / GiB;
}

export interface LoraOptions {
  /** Parameters in the adapters, when known; else `adapterFraction` of the model's. */
  adapterParameters?: number;
  adapterFraction?: number;
}

/**
 * GiB for LoRA fine-tuning, before activations: the frozen base weights in their dtype (int4 makes it QLoRA)
 * with the inference overhead, plus the adapters trained with Adam (16 bytes each, as in full fine-tuning).
 * The frozen weights need no gradients or optimizer state.
 */
export function loraGiB(parameters: number, baseDtype: WeightDtype, options: LoraOptions = {}): number {
  const adapters = options.adapterParameters ?? parameters * (options.adapterFraction ?? DEFAULT_LORA_FRACTION);
  return inferenceGiB(parameters, baseDtype) + (adapters * FULL_FINE_TUNE_BYTES) / GiB;
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
