import { kindMarkers, parseConfig, type ConfigEntry, type ConfigKey, type ConfigKind, type ConfigSource } from "@gpu-compat/config";
import { applyEdits, type TextEdit } from "@gpu-compat/python";

/**
 * Configs whose top-level precision keys (`bf16`, `fp16`, `tf32`) become TrainingArguments fields: Axolotl and
 * LLaMA-Factory pass them on; TrainingArguments JSON/YAML files (HfArgumentParser, TRL recipes) are them.
 */
const TRAINER_KINDS = ["axolotl", "llama-factory", "training-arguments"] as const;
export const TRAINER_CONFIGS: ReadonlySet<ConfigKind> = new Set(TRAINER_KINDS);
/** The keys one of which every such config has (for a check's `needsOneOf`). */
export const TRAINER_CONFIG_MARKERS = kindMarkers(...TRAINER_KINDS);

/** How the config names itself in messages. */
export const CONFIG_LABEL: Record<ConfigKind, string> = {
  accelerate: "accelerate config",
  deepspeed: "DeepSpeed config",
  axolotl: "Axolotl config",
  "llama-factory": "LLaMA-Factory config",
  "training-arguments": "TrainingArguments config",
  "model-config": "model config",
  litgpt: "LitGPT config",
  torchtune: "torchtune config",
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

/**
 * A new top-level `key: value` on the line below an entry (below its comment), in the entry's indentation: for
 * YAML block mappings at column 0 and JSON objects with one member a line. Kept only when the edited text loads
 * back as the same document plus that key.
 */
export function addedBelow(document: ConfigSource, entry: ConfigEntry, key: string, value: number | boolean): TextEdit | undefined {
  const { text } = document;
  const keyStart = entry.keyStart ?? entry.valueStart;
  const lineStart = Math.max(text.lastIndexOf("\n", keyStart - 1), text.lastIndexOf("\r", keyStart - 1)) + 1;
  const indent = text.slice(lineStart, keyStart);
  const between = text.slice(keyStart, entry.valueEnd);
  const rest = /^[^\r\n]*/.exec(text.slice(entry.valueEnd))![0];
  const newline = /\r\n|\r|\n/.exec(text)?.[0] ?? "\n";
  if (!/^[ \t]*$/.test(indent) || /[\r\n]/.test(between)) return undefined;
  const lineEnd = entry.valueEnd + rest.length;
  let edit: TextEdit | undefined;
  if (document.format === "yaml") {
    if (indent === "" && /^[ \t]*(#.*)?$/.test(rest)) edit = { start: lineEnd, end: lineEnd, text: `${newline}${key}: ${value}` };
  } else if (/^[ \t]*,[ \t]*$/.test(rest)) {
    edit = { start: lineEnd, end: lineEnd, text: `${newline}${indent}"${key}": ${value},` };
  } else if (/^\s*\}/.test(text.slice(entry.valueEnd))) {
    edit = { start: entry.valueEnd, end: entry.valueEnd, text: `,${newline}${indent}"${key}": ${value}` };
  }
  return edit && loadsAsAdded(document, edit, key, value) ? edit : undefined;
}

/** Whether the edited text holds every entry of the document, in order, and the new key. */
function loadsAsAdded(document: ConfigSource, edit: TextEdit, key: string, value: number | boolean): boolean {
  const edited = parseConfig(applyEdits(document.text, [edit]), document.format);
  if ("error" in edited || edited.kind !== document.kind || edited.get([key])?.value !== value) return false;
  const same = (a: ConfigEntry, b: ConfigEntry) => a.value === b.value && a.path.length === b.path.length && a.path.every((part, i) => part === b.path[i]);
  const old = document.entries();
  const kept = edited.entries().filter((e) => !(e.path.length === 1 && e.path[0] === key));
  return kept.length === old.length && kept.every((e, i) => same(e, old[i]!));
}
