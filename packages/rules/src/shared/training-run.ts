import type { PythonSource } from "@gpu-compat/python";
import { trainingArgumentsKeyword } from "./training-args.js";

/** Imports and names that mean adapters, quantized or partly frozen weights: not a full fine-tune. */
const ADAPTER_MODULES = ["peft", "unsloth"];
const ADAPTER_WORDS = ["load_in_4bit", "load_in_8bit", "BitsAndBytesConfig", "peft_config", "use_peft", "lora_r", "requires_grad", "requires_grad_"];

/** Whether the file trains every weight: no adapters, quantized or frozen weights anywhere in it. */
export function fullFineTune(source: PythonSource): boolean {
  return !ADAPTER_MODULES.some((m) => source.imports.importsModule(m)) && ADAPTER_WORDS.every((word) => source.occurrences(word).next().done);
}

/**
 * Whether the file fully fine-tunes with the Trainer: a TrainingArguments-like call and no adapters, quantized or
 * frozen weights. Its weights are what trains, so they must be float32: under fp16 mixed precision the GradScaler
 * refuses float16 gradients ("Attempting to unscale FP16 gradients"), and without it float16 weights lose most
 * updates. Read the same before and after trainer-bf16 rewrites `bf16=True`.
 */
export function fullFineTuneWithTrainer(source: PythonSource): boolean {
  let known = trainsFully.get(source);
  if (known === undefined) trainsFully.set(source, (known = trainsEveryWeight(source)));
  return known;
}

/** Per file: rules ask once per model load. */
const trainsFully = new WeakMap<PythonSource, boolean>();

function trainsEveryWeight(source: PythonSource): boolean {
  if (!fullFineTune(source)) return false;
  for (const flag of ["output_dir", "bf16", "fp16"]) {
    for (const node of source.occurrences(flag)) {
      if (node.type === "identifier" && trainingArgumentsKeyword(node, source.imports)) return true;
    }
  }
  return false;
}
