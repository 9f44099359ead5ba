import type { TextEdit } from "@gpu-compat/python";

export type ConfigFormat = "yaml" | "json";

/** What a training config is, told from its keys (not only its file name). */
export type ConfigKind =
  | "accelerate" // accelerate config: compute_environment, distributed_type, mixed_precision, num_processes
  | "deepspeed" // DeepSpeed JSON: zero_optimization, bf16/fp16 blocks, train_micro_batch_size_per_gpu
  | "axolotl" // Axolotl YAML: base_model + datasets + bf16/flash_attention/adapter...
  | "llama-factory" // LLaMA-Factory YAML: model_name_or_path + stage/finetuning_type/template...
  | "training-arguments" // a Hugging Face TrainingArguments JSON/YAML: output_dir + per_device_train_batch_size...
  | "model-config" // a model's config.json: architectures/model_type + torch_dtype
  | "unknown";

/** One scalar leaf of the document: `mixed_precision: bf16`, `"bf16": {"enabled": true}` -> path ["bf16", "enabled"]. */
export interface ConfigEntry {
  path: (string | number)[];
  /** The parsed scalar (string, number, boolean, null). */
  value: unknown;
  /** The scalar token's range in the text (quotes included). */
  valueStart: number;
  valueEnd: number;
  /** The key token's range (for entries in a mapping). */
  keyStart?: number;
  keyEnd?: number;
}

/**
 * A YAML or JSON config, parsed with a layout-preserving library (`yaml`'s CST, `jsonc-parser`) so that rules can
 * edit one scalar and leave every other byte, comment and indentation as it was. Rules only read it and ask it
 * for edits.
 */
export class ConfigSource {
  constructor(
    readonly text: string,
    readonly format: ConfigFormat,
  ) {}

  get kind(): ConfigKind {
    throw new Error("not implemented yet");
  }

  entries(): ConfigEntry[] {
    throw new Error("not implemented yet");
  }

  get(path: (string | number)[]): ConfigEntry | undefined {
    return this.entries().find((e) => e.path.length === path.length && e.path.every((p, i) => p === path[i]));
  }

  /** The edit that replaces an entry's value, written in the document's own style (quotes kept where possible). */
  replaceValue(entry: ConfigEntry, value: string | number | boolean | null): TextEdit {
    throw new Error(`not implemented yet: ${entry.path.join(".")} = ${String(value)}`);
  }

  /** The edit that removes an entry (its key and value, and the line when it is alone on it). */
  removeEntry(entry: ConfigEntry): TextEdit {
    throw new Error(`not implemented yet: ${entry.path.join(".")}`);
  }
}
