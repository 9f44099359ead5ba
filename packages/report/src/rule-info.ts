import { findRule } from "@gpu-compat/rules";

/** A rule's one-line title (`bf16 mixed precision in TrainingArguments on a GPU without bf16`), else its id. */
export function ruleTitle(id: string): string {
  return findRule(id)?.title ?? id;
}
