import { requiredCapability, type Target } from "@gpu-compat/targets";

/** "Tesla T4 (compute capability 7.5)": how messages name the target's GPU. */
export function gpuLabel(target: Target): string {
  const { major, minor } = target.gpu.computeCapability;
  return `${target.gpu.name} (compute capability ${major}.${minor})`;
}

/** Why bf16 is a problem on a GPU before Ampere, in one clause. */
export function noBf16Reason(target: Target): string {
  return `${gpuLabel(target)} has no bf16 tensor cores (they need compute capability ${requiredCapability("bf16")}), so bf16 runs emulated and slow, or kernels refuse it`;
}

/**
 * A rewrite's message without its "; using X instead." clause, and X, for a finding whose fix is turned into a
 * hint (kernel code, tests, conversion utilities). Undefined when the message has no such clause.
 */
export function splitRewriteClause(message: string): { message: string; instead: string } | undefined {
  const match = /; (?:using|importing) (.+?) instead\./.exec(message);
  return match ? { message: message.replace(match[0], "."), instead: match[1]! } : undefined;
}
