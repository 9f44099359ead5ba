import type { Target } from "@gpu-compat/targets";

/** "Tesla T4 (compute capability 7.5)": how messages name the target's GPU. */
export function gpuLabel(target: Target): string {
  const { major, minor } = target.gpu.computeCapability;
  return `${target.gpu.name} (compute capability ${major}.${minor})`;
}

/** Why bf16 is a problem on a GPU before Ampere, in one clause. */
export function noBf16Reason(target: Target): string {
  return `${gpuLabel(target)} has no bf16 tensor cores (they need compute capability 8.0), so bf16 runs emulated and slow, or kernels refuse it`;
}
