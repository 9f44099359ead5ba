import { argumentsOf, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import {
  availableGiB,
  formatGiBValue,
  formatParameters,
  inferenceGiB,
  parametersFromConfig,
  parametersFromModelId,
  type ParameterCount,
  type SizeSource,
} from "../model-size/index.js";
import type { PythonRuleContext, RuleContextBase } from "../types.js";
import { dtypeReplacement } from "./precision-policy.js";

export const SOURCE_TEXT: Record<SizeSource, string> = {
  "model id": "its name",
  "known model": "the table of known models",
  "config.json": "its config.json",
};

/** What a bf16 model-load dtype becomes, and why. */
export interface LoadDtypeChoice {
  dtype: "float32" | "float16";
  /** Why this dtype, with the numbers (empty when --precision forced it). */
  note: string;
  /** When the size is unknown: what to do if float32 does not fit. */
  hint?: string;
}

/** `from_pretrained(...)` and `pipeline(...)`: calls that load a model's weights in the dtype they are given. */
export function isModelLoadCall(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
  return name === "from_pretrained" || name === "pipeline";
}

/**
 * The precision policy for model loads (gpu-facts.md): float32 when the model fits the target in float32,
 * otherwise float16 with a note; an unknown size gets float32 and a hint. `--precision` overrides.
 */
export function loadDtypeFor(context: PythonRuleContext, call: SyntaxNode): LoadDtypeChoice {
  const deviceMap = keywordArgument(call, "device_map");
  return dtypeForModel(context, modelIdOf(context.source, call), !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto");
}

/**
 * The same policy for a model named some other way (a training config's `model_name_or_path`): `spread` when
 * the weights are spread over all the target's GPUs.
 */
export function dtypeForModel(context: RuleContextBase, modelId: string | undefined, spread: boolean): LoadDtypeChoice {
  if (context.precision !== "auto") return { dtype: dtypeReplacement(context.precision), note: "" };
  const size = modelId ? sizeOf(context, modelId) : undefined;
  if (!size || !modelId) {
    return {
      dtype: "float32",
      note: "",
      hint: `The model's size is unknown here; float32 takes 4 bytes per parameter, so if it does not fit the ${context.target.gpu.name}'s ${formatGiBValue(context.target.gpu.memoryGiB)} GiB, use float16 instead.`,
    };
  }
  const available = availableGiB(context.target, spread);
  const fp32 = inferenceGiB(size.parameters, "float32");
  const where = `${spread ? `${context.target.count} x ` : ""}${context.target.gpu.name}`;
  const what = `${modelId} (${formatParameters(size.parameters)} parameters, from ${SOURCE_TEXT[size.source]})`;
  if (fp32 <= available) {
    return { dtype: "float32", note: `${what} needs ~${formatGiBValue(fp32)} GiB in float32, within the ${formatGiBValue(available)} GiB of the ${where}.` };
  }
  const fp16 = inferenceGiB(size.parameters, "float16");
  const fits16 = fp16 <= available ? "" : "; that does not fit either: consider 4-bit quantization or a smaller model";
  return {
    dtype: "float16",
    note: `${what} needs ~${formatGiBValue(fp32)} GiB in float32, more than the ${formatGiBValue(available)} GiB of the ${where}, so float16 (~${formatGiBValue(fp16)} GiB)${fits16}.`,
  };
}

/** The model id a load call names: a string literal, or a name assigned one string literal in the file. */
export function modelIdOf(source: PythonSource, call: SyntaxNode): string | undefined {
  const args = argumentsOf(call);
  const named = ["pretrained_model_name_or_path", "model"].map((k) => keywordArgument(call, k)).find(Boolean);
  const node = named ? keywordValue(named) : args.find((a) => a.type !== "keyword_argument" && a.type !== "dictionary_splat" && a.type !== "list_splat");
  if (!node) return undefined;
  const literal = stringValue(node);
  if (literal !== null) return literal;
  return node.type === "identifier" ? constantString(source, node.text) : undefined;
}

function constantString(source: PythonSource, name: string): string | undefined {
  const values = new Set<string>();
  for (const assignment of source.root.descendantsOfType("assignment")) {
    if (assignment?.childForFieldName("left")?.text !== name) continue;
    const value = stringValue(assignment.childForFieldName("right"));
    if (value === null) return undefined; // Assigned something computed somewhere: not a constant.
    values.add(value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

/** Parameters of a model id: from its config.json in the repo when there is one, else from the id. */
export function sizeOf(context: Pick<RuleContextBase, "project">, modelId: string): ParameterCount | undefined {
  const config = context.project.modelConfig(modelId);
  return (config && parametersFromConfig(config)) ?? parametersFromModelId(modelId);
}
