import type { ConfigKind } from "./source.js";

/** The top level of a document: its keys, and which of them hold a mapping. */
export interface TopLevel {
  keys: ReadonlySet<string>;
  isMapping(key: string): boolean;
}

const has = (top: TopLevel, ...keys: string[]) => keys.some((key) => top.keys.has(key));

/**
 * Tells what a config is from its top-level keys, in this order (the first that matches wins):
 *
 * - accelerate: `compute_environment`, or `distributed_type` with one of `mixed_precision`, `num_processes`,
 *   `num_machines`, `machine_rank`, `main_training_function`, `use_cpu` (what `accelerate config` writes).
 * - deepspeed: `zero_optimization`, `train_batch_size` or `train_micro_batch_size_per_gpu`, or a `bf16`,
 *   `bfloat16` or `fp16` block that is a mapping (`"bf16": {"enabled": true}`).
 * - axolotl: `base_model` with one of `datasets`, `micro_batch_size`, `sequence_len`, `num_epochs`, `adapter`,
 *   `sample_packing`, `flash_attention`, `lora_r`, `val_set_size`, `load_in_4bit`, `load_in_8bit`.
 * - llama-factory: `model_name_or_path` with one of `stage`, `finetuning_type`, `template`.
 * - model-config: `architectures`, or `model_type` with one of `hidden_size`, `vocab_size`,
 *   `num_hidden_layers`, `transformers_version`, `d_model` (a model's own `config.json`).
 * - litgpt: `out_dir` and `precision` with one of `checkpoint_dir`, `initial_checkpoint_dir`, `model_name`, `devices`,
 *   `num_nodes` (LitGPT's config_hub files, read by `litgpt finetune|pretrain --config`).
 * - torchtune: a `checkpointer` mapping with a `model` or `tokenizer` mapping (torchtune's recipe configs, read by
 *   `tune run RECIPE --config`, each a mapping with its `_component_`). Before training-arguments, which its
 *   `output_dir` and `gradient_accumulation_steps` would match.
 * - training-arguments: `output_dir` with one of `per_device_train_batch_size`, `learning_rate`,
 *   `num_train_epochs`, `max_steps`, `gradient_accumulation_steps`, `do_train`, `logging_steps`, `save_steps`,
 *   `bf16`, `fp16` (Hugging Face TrainingArguments, TRL and alignment-handbook recipes read by HfArgumentParser).
 */
export function detectKind(top: TopLevel): ConfigKind {
  if (has(top, "compute_environment")) return "accelerate";
  if (has(top, "distributed_type") && has(top, "mixed_precision", "num_processes", "num_machines", "machine_rank", "main_training_function", "use_cpu")) {
    return "accelerate";
  }
  if (has(top, "zero_optimization", "train_batch_size", "train_micro_batch_size_per_gpu")) return "deepspeed";
  if (["bf16", "bfloat16", "fp16"].some((key) => top.keys.has(key) && top.isMapping(key))) return "deepspeed";
  if (
    has(top, "base_model") &&
    has(top, "datasets", "micro_batch_size", "sequence_len", "num_epochs", "adapter", "sample_packing", "flash_attention", "lora_r", "val_set_size", "load_in_4bit", "load_in_8bit")
  ) {
    return "axolotl";
  }
  if (has(top, "model_name_or_path") && has(top, "stage", "finetuning_type", "template")) return "llama-factory";
  if (has(top, "architectures")) return "model-config";
  if (has(top, "model_type") && has(top, "hidden_size", "vocab_size", "num_hidden_layers", "transformers_version", "d_model")) return "model-config";
  if (has(top, "out_dir") && has(top, "precision") && has(top, "checkpoint_dir", "initial_checkpoint_dir", "model_name", "devices", "num_nodes")) return "litgpt";
  if (top.isMapping("checkpointer") && (top.isMapping("model") || top.isMapping("tokenizer"))) return "torchtune";
  if (
    has(top, "output_dir") &&
    has(top, "per_device_train_batch_size", "learning_rate", "num_train_epochs", "max_steps", "gradient_accumulation_steps", "do_train", "logging_steps", "save_steps", "bf16", "fp16")
  ) {
    return "training-arguments";
  }
  return "unknown";
}

/**
 * For each kind, top-level keys of which `detectKind` needs at least one to tell that kind: a file whose text holds
 * none of them cannot be that kind of config. The engine's prefilter uses this (through the rules that read one
 * kind of config) to skip files without parsing them. Keep it in step with `detectKind`; a test checks it.
 */
export const KIND_MARKERS: Readonly<Record<Exclude<ConfigKind, "unknown">, readonly string[]>> = {
  accelerate: ["compute_environment", "distributed_type"],
  deepspeed: ["zero_optimization", "train_batch_size", "train_micro_batch_size_per_gpu", "bf16", "bfloat16", "fp16"],
  axolotl: ["base_model"],
  "llama-factory": ["model_name_or_path"],
  "model-config": ["architectures", "model_type"],
  litgpt: ["out_dir"],
  torchtune: ["checkpointer"],
  "training-arguments": ["output_dir"],
};

/** The literals a config of one of these kinds must hold (`KIND_MARKERS`), for a check that reads only those kinds. */
export function kindMarkers(...kinds: readonly Exclude<ConfigKind, "unknown">[]): string[] {
  return [...new Set(kinds.flatMap((kind) => KIND_MARKERS[kind]))];
}
