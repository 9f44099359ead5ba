import { meets } from "./requirements.js";
import type { ComputeCapability, Feature, GpuProfile } from "./types.js";

/** The one place features are derived from compute capability (docs/gpu-facts.md, "Profiles" and "What fails"). */
export function featuresFor(computeCapability: ComputeCapability): Record<Feature, boolean> {
  const has = (feature: Feature): boolean => meets(computeCapability, feature);
  return {
    bf16: has("bf16"),
    tf32: has("tf32"),
    flashAttention2: has("flashAttention2"),
    fp8: has("fp8"),
    fp16TensorCores: has("fp16TensorCores"),
    triton: has("triton"),
    currentTorchWheels: has("currentTorchWheels"),
  };
}

const KB = 1024;

function gpu(
  id: string,
  name: string,
  arch: GpuProfile["arch"],
  cc: `${number}.${number}`,
  memoryGiB: number,
  smemKB: number,
): GpuProfile {
  const [major, minor] = cc.split(".").map(Number) as [number, number];
  const computeCapability = { major, minor };
  return {
    id,
    name,
    arch,
    computeCapability,
    memoryGiB,
    maxSharedMemoryPerBlock: smemKB * KB,
    features: featuresFor(computeCapability),
  };
}

/**
 * Every GPU we know, oldest first. Memory is what torch.cuda.get_device_properties(0).total_memory
 * reports, in GiB, rounded; the comment names the docs/gpu-facts.md "Profiles" row it comes from.
 * Shared memory is the opt-in maximum per block (CUDA C Programming Guide, verified).
 */
export const GPUS: readonly GpuProfile[] = [
  gpu("k80", "Tesla K80", "Kepler", "3.7", 11.4, 48), // row K80: one die of the two-die board, 12 GB (~11.4 GiB)
  gpu("p100", "Tesla P100", "Pascal", "6.0", 15.9, 48), // row P100: 16 GB (~15.9 GiB)
  gpu("p4", "Tesla P4", "Pascal", "6.1", 7.4, 48), // row P4: 8 GB
  gpu("v100", "Tesla V100 16GB", "Volta", "7.0", 15.8, 96), // row V100: 16 GB variant
  gpu("v100-32", "Tesla V100 32GB", "Volta", "7.0", 31.7, 96), // row V100: 32 GB variant
  gpu("t4", "Tesla T4", "Turing", "7.5", 15, 64), // row T4: 16 GB (~15 GiB shown)
  gpu("a100-40", "A100 40GB", "Ampere", "8.0", 39.4, 163), // row A100: 40 GB variant
  gpu("a100-80", "A100 80GB", "Ampere", "8.0", 79.2, 163), // row A100: 80 GB variant
  gpu("a10g", "A10G", "Ampere", "8.6", 22, 99), // row A10G/...: 24 GB
  gpu("rtx3090", "GeForce RTX 3090", "Ampere", "8.6", 23.7, 99), // row A10G/RTX 3090/...: 24 GB
  gpu("a5000", "RTX A5000", "Ampere", "8.6", 23.7, 99), // row A10G/.../RTX A5000: 24 GB
  gpu("a6000", "RTX A6000", "Ampere", "8.6", 47.5, 99), // row A10G/.../RTX A6000: 48 GB
  gpu("l4", "L4", "Ada", "8.9", 22, 99), // row L4: 24 GB
  gpu("h100", "H100 80GB", "Hopper", "9.0", 79, 227), // row H100: 80 GB
];

/**
 * Accelerators that are not CUDA GPUs, reachable only through a platform (`kaggle-tpu-v3-8`). bf16 is native on a
 * TPU (PyTorch/XLA AMP docs: "TPUs natively support bfloat16"); no CUDA feature is there. Memory: a v3 chip has two
 * TensorCores and 32 GiB of HBM2 (Cloud TPU docs, "TPU v3"), so 16 GiB per core.
 */
export const NON_CUDA_ACCELERATORS: readonly GpuProfile[] = [
  {
    id: "tpu-v3",
    name: "TPU v3 core",
    arch: "TPU",
    computeCapability: { major: 0, minor: 0 },
    memoryGiB: 16,
    maxSharedMemoryPerBlock: 0,
    features: { bf16: true, tf32: false, fp8: false, fp16TensorCores: false, flashAttention2: false, triton: false, currentTorchWheels: false },
  },
];

/**
 * Other names for GPU ids. "a100" means the 80 GB A100: repos written "for an A100" today mostly
 * assume 80 GB, and erring high keeps "this fitted on the source GPU" estimates honest.
 * "v100" is already the 16 GB id, so only "v100-16" is listed.
 */
// A Map, not an object literal: an object would list the integer-like key "3090" first.
export const GPU_ALIASES: ReadonlyMap<string, string> = new Map([
  ["a100", "a100-80"],
  ["a100-40gb", "a100-40"],
  ["a100-80gb", "a100-80"],
  ["v100-16", "v100"],
  ["v100-16gb", "v100"],
  ["v100-32gb", "v100-32"],
  ["3090", "rtx3090"],
  ["rtx-3090", "rtx3090"],
  ["rtx-a5000", "a5000"],
  ["rtx-a6000", "a6000"],
  ["h100-80", "h100"],
]);

/** The profile for a GPU id or alias (lowercase), if any. */
export function findGpu(name: string): GpuProfile | undefined {
  const id = GPU_ALIASES.get(name) ?? name;
  return GPUS.find((g) => g.id === id);
}

