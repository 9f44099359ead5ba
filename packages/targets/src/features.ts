import type { ComputeCapability, Feature, GpuProfile, Target } from "./types.js";

const gpuOf = (t: Target | GpuProfile): GpuProfile => ("gpu" in t ? t.gpu : t);

/** Whether the target's GPU has a feature: `supports(target, "bf16")`. */
export function supports(target: Target | GpuProfile, feature: Feature): boolean {
  return gpuOf(target).features[feature];
}

/** Compute capability as a number for comparisons: 7.5 for a T4. */
export function ccNumber(cc: ComputeCapability): number {
  return cc.major + cc.minor / 10;
}

/** The target's compute capability as a number (7.5), for `computeCapabilityOf(t) < 8`. */
export function computeCapabilityOf(target: Target | GpuProfile): number {
  return ccNumber(gpuOf(target).computeCapability);
}

/** "7.5". */
export function formatComputeCapability(target: Target | GpuProfile | ComputeCapability): string {
  const cc = "major" in target ? target : gpuOf(target).computeCapability;
  return `${cc.major}.${cc.minor}`;
}

/** Whether the target is a CUDA GPU (a TPU is not: no compute capability, no CUDA code runs there). */
export function isCudaTarget(target: Target | GpuProfile): boolean {
  return gpuOf(target).arch !== "TPU";
}

/** GPU memory of all the target's GPUs together, in GiB. */
export function totalMemoryGiB(target: Target): number {
  return target.gpu.memoryGiB * target.count;
}

/** "7.5" stays, 15 -> "15", 15.85 -> "15.9". */
export function formatGiB(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, "");
}

/** One line: "2 x Tesla T4 (Turing, compute capability 7.5, 15 GiB each) on Kaggle GPU T4 x2". */
export function describeTarget(target: Target): string {
  const { gpu, count } = target;
  const memory = `${formatGiB(gpu.memoryGiB)} GiB${count > 1 ? " each" : ""}`;
  const line = isCudaTarget(gpu)
    ? `${count} x ${gpu.name} (${gpu.arch}, compute capability ${formatComputeCapability(gpu)}, ${memory})`
    : `${count} x ${gpu.name} (not a CUDA device, ${memory})`;
  return target.platform ? `${line} on ${target.platform.name}` : line;
}
