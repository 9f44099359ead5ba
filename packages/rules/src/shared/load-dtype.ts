import { argumentsOf, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import {
  availableGiB,
  estimateMemory,
  shapeFromModelId,
  shapeOf,
  formatGiBValue,
  formatParameters,
  inferenceGiB,
  parametersFromConfig,
  parametersFromModelId,
  type ParameterCount,
  type SizeSource,
} from "../model-size/index.js";
import type { FindingMemory, PythonRuleContext, RuleContextBase } from "../types.js";
import { fp16UnsafeFamilyOfId, fp16UnsafeFamilyOfType, type Fp16UnsafeFamily } from "./model-families.js";
import { dtypeReplacement } from "./precision-policy.js";
import { fullFineTuneWithTrainer } from "./training-run.js";
import { trainsAdapters } from "./training-memory.js";
import { parameterConstant, parameterOf } from "./callers.js";

const SOURCE_TEXT: Record<SizeSource, string> = {
  "model id": "its name",
  "known model": "the table of known models",
  "config.json": "its config.json",
};

/** A model as messages name it, with its size and where the size comes from: `gpt2 (124M parameters, from its name)`. */
export function modelLabel(modelId: string, size: ParameterCount): string {
  return `${modelId} (${formatParameters(size.parameters)} parameters, from ${SOURCE_TEXT[size.source]})`;
}

/** What a bf16 model-load dtype becomes, and why. */
export interface LoadDtypeChoice {
  dtype: "float32" | "float16";
  /** Why this dtype, with the numbers (empty when --precision forced it). */
  note: string;
  /** What the user should weigh; with `hintOnly`, the whole finding. */
  hint?: string;
  /**
   * No dtype is certain: the model's size is unknown, or fully fine-tuning it needs float32 weights that do not
   * fit. The finding is a hint, never a rewrite.
   */
  hintOnly?: true;
  /** The estimate the choice was made with (float32 first), for the finding's `memory`. */
  memory?: FindingMemory;
}

/** Why full fine-tuning cannot use float16 weights, for the messages. */
export const FP16_WEIGHTS_FAIL =
  "full fine-tuning needs float32 trainable weights: under fp16 mixed precision float16 ones stop with `ValueError: Attempting to unscale FP16 gradients.`, and without it they train in pure float16, which loses most updates";

/** `from_pretrained(...)` and `pipeline(...)`: calls that load a model's weights in the dtype they are given. */
export function isModelLoadCall(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
  return name === "from_pretrained" || name === "pipeline";
}

/** The calls isModelLoadCall accepts, in document order, found from the two names they are called by. */
export function modelLoadCalls(source: PythonSource): SyntaxNode[] {
  const calls = [...source.callsNamed(["from_pretrained", "pipeline"])].map(({ call }) => call).filter(isModelLoadCall);
  return calls.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The precision policy for model loads (docs/gpu-facts.md): float32 when the model fits the target in float32,
 * otherwise float16 with a note; an unknown size, or a full fine-tune whose float32 weights do not fit, gets a
 * hint instead of an edit. `--precision` overrides.
 */
export function loadDtypeFor(context: PythonRuleContext, call: SyntaxNode): LoadDtypeChoice {
  const deviceMap = keywordArgument(call, "device_map");
  const spread = !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto";
  return dtypeForModel(context, modelIdOf(context, call), spread, fullFineTuneWithTrainer(context.source), trainsAdapters([context.source]));
}

/**
 * The same policy for a model named some other way (a training config's `model_name_or_path`): `spread` when
 * the weights are spread over all the target's GPUs, `trainsFully` when the same run trains every weight (so the
 * weights must be float32).
 */
export function dtypeForModel(context: RuleContextBase, modelId: string | undefined, spread: boolean, trainsFully = false, trainsLora = false): LoadDtypeChoice {
  if (context.precision !== "auto") return { dtype: dtypeReplacement(context.precision), note: "" };
  const available = availableGiB(context.target, spread);
  const where = `${spread ? `${context.target.count} x ` : ""}${context.target.gpu.name}`;
  const size = modelId ? sizeOf(context, modelId) : undefined;
  if (!size || !modelId) {
    // The size where each dtype stops fitting: below it float32 is exact, above it float16 (or less) is needed.
    const upTo = (dtype: "float32" | "float16") => formatParameters(available / inferenceGiB(1, dtype));
    const training = trainsFully ? ` This file fully fine-tunes, and ${FP16_WEIGHTS_FAIL}; above ~${upTo("float32")} train LoRA/QLoRA adapters instead.` : "";
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint:
        `The model's size is unknown here, so no dtype is certain: float32 (exact, 4 bytes per parameter) fits the ${formatGiBValue(available)} GiB ` +
        `of the ${where} up to ~${upTo("float32")} parameters, float16 up to ~${upTo("float16")}. Use float32 for a smaller model, float16 above that.${training}`,
    };
  }
  // A load that trains LoRA adapters counts the training memory before activations (model-size/estimate.ts): frozen
  // weights, adapter states, CUDA context. A full fine-tune needs float32 weights whatever fits (the states may be
  // sharded by a launcher the file does not show): its weights decide, and the note gives the training memory.
  const shape = shapeOf(size.parameters, context.project.modelConfig(modelId) ?? shapeFromModelId(modelId));
  const lora = trainsLora && !trainsFully;
  const need = (dtype: "float32" | "float16") => (lora ? estimateMemory({ model: shape, weights: dtype, training: "adapters" }).gib : inferenceGiB(size.parameters, dtype));
  const purpose = lora ? " to train LoRA adapters on it (before activations)" : "";
  const fp32 = need("float32");
  const what = modelLabel(modelId, size);
  const states = trainsFully ? estimateMemory({ model: shape, weights: "float32", training: "full" }).gib : 0;
  const training = trainsFully ? `; fully fine-tuning it needs ~${formatGiBValue(states)} GiB (~16 bytes per parameter, before activations)${states > available ? ", which does not fit" : ""}` : "";
  const numbers = (gib: number): { memory: FindingMemory } => ({ memory: { label: what, estimateGiB: round(gib), lowGiB: round(gib), highGiB: round(gib), availableGiB: available } });
  if (fp32 <= available) {
    return { dtype: "float32", note: `${what} needs ~${formatGiBValue(fp32)} GiB in float32${purpose}, within the ${formatGiBValue(available)} GiB of the ${where}${training}.`, ...numbers(fp32) };
  }
  const needs = `${what} needs ~${formatGiBValue(fp32)} GiB in float32${purpose}, more than the ${formatGiBValue(available)} GiB of the ${where}${training}`;
  if (trainsFully) {
    return {
      dtype: "float16",
      note: `${needs}.`,
      ...numbers(fp32),
      hintOnly: true,
      hint: `Not rewritten: ${FP16_WEIGHTS_FAIL}, and those do not fit. Train LoRA/QLoRA adapters on frozen float16 or 4-bit weights, use an 8-bit optimizer (\`optim="paged_adamw_8bit"\`), or pick a smaller model.`,
    };
  }
  const family = fp16UnsafeFamilyOf(context, modelId);
  if (family) {
    return {
      dtype: "float32",
      note: `${needs}.`,
      hintOnly: true,
      hint: `Not rewritten: float16 would fit, but ${family.name} models overflow float16 (inf/NaN; ${family.source}). Load it in 4-bit (\`BitsAndBytesConfig(load_in_4bit=True)\`) or pick a smaller model that fits in float32.`,
    };
  }
  const fp16 = need("float16");
  const fits16 = fp16 <= available ? "" : "; that does not fit either: consider 4-bit quantization or a smaller model";
  return { dtype: "float16", note: `${needs}, so float16 (~${formatGiBValue(fp16)} GiB)${fits16}.`, ...numbers(fp16) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The fp16-unsafe family of a model: from its config.json's `model_type` in the repo, else from the id. */
function fp16UnsafeFamilyOf(context: Pick<RuleContextBase, "project">, modelId: string): Fp16UnsafeFamily | undefined {
  return fp16UnsafeFamilyOfType(context.project.modelConfig(modelId)?.model_type) ?? fp16UnsafeFamilyOfId(modelId);
}

/** The keywords (and kwargs keys) a model load names its model by: `from_pretrained`'s, `pipeline`'s, recipes'. */
export const MODEL_ID_KEYS: readonly string[] = ["pretrained_model_name_or_path", "model", "model_name_or_path", "model_id"];

/**
 * The model id a load call names, when it is a constant: a literal, a name assigned one, or a setting's default
 * (`args.model_name_or_path` of an argparse option or a dataclass field, `os.environ.get("MODEL", "gpt2")`).
 */
export function modelIdOf(context: PythonRuleContext, call: SyntaxNode): string | undefined {
  const args = argumentsOf(call);
  const named = MODEL_ID_KEYS.map((k) => keywordArgument(call, k)).find(Boolean);
  const node = named ? keywordValue(named) : args.find((a) => a.type !== "keyword_argument" && a.type !== "dictionary_splat" && a.type !== "list_splat");
  if (!node) return undefined;
  const constant = context.source.semantic.stringConstant(node);
  if (constant !== undefined) return constant;
  // `def load(model_id): from_pretrained(model_id, ...)`: the id every caller passes, in this file or another.
  const parameter = parameterOf(context, node);
  const value = parameter && parameterConstant(context, parameter);
  return typeof value === "string" ? value : undefined;
}

/** Parameters of a model id: from its config.json in the repo when there is one, else from the id. */
export function sizeOf(context: Pick<RuleContextBase, "project">, modelId: string): ParameterCount | undefined {
  const config = context.project.modelConfig(modelId);
  return (config && parametersFromConfig(config)) ?? parametersFromModelId(modelId);
}
