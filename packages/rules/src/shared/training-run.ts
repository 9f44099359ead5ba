import { isTrue, keywordValue, type PythonSource } from "@gpu-compat/python";
import { trainingArgumentsKeyword } from "./training-args.js";

/** Imports and names that mean adapters, quantized or partly frozen weights: not a full fine-tune. */
const ADAPTER_MODULES = ["peft", "unsloth"];
const ADAPTER_WORDS = ["load_in_4bit", "load_in_8bit", "BitsAndBytesConfig", "peft_config", "requires_grad", "requires_grad_"];

/** Whether the file trains every weight: no adapters, quantized or frozen weights anywhere in it. */
export function fullFineTune(source: PythonSource): boolean {
  return !ADAPTER_MODULES.some((m) => source.imports.importsModule(m)) && ADAPTER_WORDS.every((word) => source.occurrences(word).next().done);
}

/**
 * Whether the file fully fine-tunes under half-precision mixed precision: a TrainingArguments-like call with
 * `bf16=True` (which trainer-bf16 turns into `fp16=True` on a GPU without bf16) or `fp16=True`. fp16 AMP needs
 * float32 trainable weights: the GradScaler refuses float16 gradients ("Attempting to unscale FP16 gradients").
 */
export function fullFineTuneInMixedPrecision(source: PythonSource): boolean {
  if (!fullFineTune(source)) return false;
  for (const flag of ["bf16", "fp16"]) {
    for (const node of source.occurrences(flag)) {
      const found = node.type === "identifier" ? trainingArgumentsKeyword(node, source.imports) : null;
      if (found && isTrue(keywordValue(found.argument))) return true;
    }
  }
  return false;
}
