import type { ConfigEntry, ConfigKey, ConfigKind, ConfigSource } from "@gpu-compat/config";
import type { TextEdit } from "@gpu-compat/python";

/**
 * Configs whose top-level precision keys (`bf16`, `fp16`, `tf32`) become TrainingArguments fields: Axolotl and
 * LLaMA-Factory pass them on; TrainingArguments JSON/YAML files (HfArgumentParser, TRL recipes) are them.
 */
export const TRAINER_CONFIGS: ReadonlySet<ConfigKind> = new Set(["axolotl", "llama-factory", "training-arguments"]);

/** How the config names itself in messages. */
export const CONFIG_LABEL: Record<ConfigKind, string> = {
  accelerate: "accelerate config",
  deepspeed: "DeepSpeed config",
  axolotl: "Axolotl config",
  "llama-factory": "LLaMA-Factory config",
  "training-arguments": "TrainingArguments config",
  "model-config": "model config",
  litgpt: "LitGPT config",
  unknown: "config",
};

/** How a config key reaches the Trainer: "is `TrainingArguments(bf16=True)`", "in this Axolotl config becomes ...". */
export function asTrainingArgument(document: ConfigSource, argument: string): string {
  const becomes = `\`TrainingArguments(${argument})\``;
  return document.kind === "training-arguments" ? `is ${becomes}` : `in this ${CONFIG_LABEL[document.kind]} becomes ${becomes}`;
}

/** The range a finding on an entry covers: its key and value (`bf16: true`). */
export function entryRange(entry: ConfigEntry | ConfigKey): { start: number; end: number } {
  const start = entry.keyStart ?? ("valueStart" in entry ? entry.valueStart : 0);
  const end = "valueEnd" in entry ? Math.max(entry.valueEnd, entry.keyEnd ?? 0) : entry.keyEnd;
  return { start, end };
}

/** The entry as written in the file, for messages: `bf16: true`, `"bf16": true`. */
export function entryText(document: ConfigSource, entry: ConfigEntry): string {
  const { start, end } = entryRange(entry);
  return document.text.slice(start, end);
}

/** Removes an entry where it can be cut out cleanly, else sets it to `fallback` (`bf16: false`). */
export function removeOrSet(document: ConfigSource, entry: ConfigEntry, fallback: boolean): TextEdit | undefined {
  return document.removeEntry(entry) ?? document.replaceValue(entry, fallback);
}

/** The edits of a fix, or undefined when one of them cannot be written with certainty. */
export function allEdits(edits: readonly (TextEdit | undefined)[]): TextEdit[] | undefined {
  return edits.every((edit): edit is TextEdit => edit !== undefined) ? [...edits] : undefined;
}
