import type { Target } from "@gpu-compat/targets";
import { flashAttention2 } from "./attention/flash-attention-2.js";
import { bf16Dtype } from "./precision/bf16-dtype.js";
import { bf16EmulationCheck } from "./precision/bf16-emulation-check.js";
import { tf32 } from "./precision/tf32.js";
import { trainerBf16 } from "./precision/trainer-bf16.js";
import type { Rule } from "./types.js";

/** Every rule, in the order they run and are listed. */
export const allRules: readonly Rule[] = [
  bf16Dtype,
  bf16EmulationCheck,
  trainerBf16,
  tf32,
  flashAttention2,
];

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

export function rulesFor(target: Target, rules: readonly Rule[] = allRules): Rule[] {
  return rules.filter((rule) => rule.appliesTo(target));
}

/** Every literal that can trigger one of these rules, for the prefilter. */
export function triggerLiterals(rules: readonly Rule[]): string[] {
  return [...new Set(rules.flatMap((rule) => rule.triggers))];
}
