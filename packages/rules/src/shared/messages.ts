import { requiredCapability, type Target } from "@gpu-compat/targets";
import type { RuleFinding } from "../types.js";

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
 * A fix's message that names its replacement: `${asks}; using ${instead} instead.${after}`, with the same message
 * without the clause (`${asks}.${after}`) and the replacement kept apart, for when the fix is turned into a hint
 * (kernel code, tests, conversion utilities). `asks` has no full stop; `after`, when given, starts with a space.
 */
export function rewriteMessage(asks: string, instead: string, after = "", verb: "using" | "importing" = "using"): Pick<RuleFinding, "message" | "rewrite"> {
  return { message: `${asks}; ${verb} ${instead} instead.${after}`, rewrite: { instead, message: `${asks}.${after}` } };
}
