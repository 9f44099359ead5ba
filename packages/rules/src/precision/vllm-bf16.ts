import { callOfArgument, namedChildrenOf, stringValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import { meets, requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { bf16Leaves, stringContentEdit, type Bf16Leaf } from "../shared/library-dtype.js";
import { gpuLabel } from "../shared/messages.js";
import { lastUse, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { dtypeHolderOf, isVllmEngineCall, mayCallVllmEngine, modelName, vllmEngineOfKwargs, vllmEngineReached, vllmServer } from "../shared/vllm-engine.js";
import type { PythonRuleContext, RuleContextBase } from "../types.js";

/** Model families vLLM refuses to run in float16 ("does not support float16. Reason: Numerical instability"). */
// Gemma 1's "gemma-2b" (a size right after "gemma-") is not Gemma-2.
const NO_FLOAT16_MODELS = /(?<![a-z0-9])gemma-?[23](?=$|[-_./n])|glm-?4|plamo-?2/i;

/** vLLM's refusal of bfloat16, quoted verbatim. */
const VLLM_ERROR = '"Bfloat16 is only supported on GPUs with compute capability of at least 8.0"';

export const vllmBf16 = defineRule({
  id: "vllm-bf16",
  title: "vLLM engine asked for bfloat16 on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  // `vllm.LLM` by its module (langchain has an `LLM` too), the engine-argument classes by name.
  ownsDtypeOf: ["vllm.LLM", "EngineArgs", "AsyncEngineArgs"],
  lacks: "bf16",
  triggers: ["vllm"],
  // Each Python finding is a bfloat16 (in any case: vLLM lower-cases dtype strings) that reaches an engine call.
  mayMatch: (scan) => /bfloat16/i.test(scan.text) && mayCallVllmEngine(scan),
  checks: {
    shell: {
      run(context) {
        const { document } = context;
        for (const command of document.commands()) {
          const server = vllmServer(command);
          if (!server || document.guardOf(command.node)) continue;
          const use = lastUse(server.args, "dtype");
          if (!use?.value || use.value.dynamic || use.value.value !== "bfloat16") continue;
          const choice = vllmChoice(context, server.model, (dtype) => `\`--dtype ${dtype}\``);
          const message = `\`${useText(document, use)}\`: ${choice.message}`;
          const range = useRange(use);
          context.report("dtype" in choice ? { ...range, message, fix: [valueEdit(use.value, choice.dtype)] } : { ...range, message, hint: choice.hint });
        }
      },
    },
    python: {
      run(context) {
        const { source } = context;
        for (const node of source.occurrences("dtype")) {
          const found = dtypeSetting(source, node);
          if (!found) continue;
          // vLLM lower-cases dtype strings, so "BFloat16" asks for bf16 too.
          for (const leaf of bf16Leaves(found.value, source.imports, { ignoreCase: true })) {
            if (!source.guards.guardOf(leaf.node)) checkLeaf(context, found.model, leaf);
          }
        }
      },
    },
  },
});

/**
 * A dtype vLLM reads, from one mention of `dtype`: the keyword of an engine call, the `"dtype"` key or `dtype=`
 * keyword of kwargs spread into engines only, or a wrapper's parameter default that only feeds engines.
 */
function dtypeSetting(source: PythonSource, node: SyntaxNode): { value: SyntaxNode; model: string | null } | undefined {
  const holder = node.parent;
  if (!holder) return undefined;
  if (node.type === "identifier" && holder.type === "keyword_argument" && holder.childForFieldName("name")?.startIndex === node.startIndex) {
    const call = callOfArgument(holder);
    const value = holder.childForFieldName("value");
    if (!call || !value) return undefined;
    if (isVllmEngineCall(call, source.imports)) return { value, model: modelName(call) };
    const engine = dtypeHolderOf(value, source.imports) && vllmEngineOfKwargs(source, call);
    return engine ? { value, model: kwargsModel(call) ?? modelName(engine) } : undefined;
  }
  const pair = holder.parent;
  if (node.type === "string_content" && pair?.type === "pair" && pair.childForFieldName("key")?.startIndex === holder.startIndex) {
    const value = pair.childForFieldName("value");
    const engine = value && pair.parent && dtypeHolderOf(value, source.imports) && vllmEngineOfKwargs(source, pair.parent);
    return value && engine ? { value, model: kwargsModel(pair.parent!) ?? modelName(engine) } : undefined;
  }
  if (node.type === "identifier" && (holder.type === "default_parameter" || holder.type === "typed_default_parameter")) {
    const value = holder.childForFieldName("value");
    const engine = value && vllmEngineReached(source, value);
    return value && engine ? { value, model: modelName(engine) } : undefined;
  }
  return undefined;
}

/** The model a kwargs holder names: `{"model": "..."}` or `dict(model="...")`. */
function kwargsModel(holder: SyntaxNode): string | null {
  if (holder.type === "call") return modelName(holder);
  const pair = namedChildrenOf(holder).find((child) => child.type === "pair" && stringValue(child.childForFieldName("key")) === "model");
  const value = pair?.childForFieldName("value");
  return value ? stringValue(value) : null;
}

function checkLeaf(context: PythonRuleContext, model: string | null, leaf: Bf16Leaf): void {
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  const choice = vllmChoice(context, model, (dtype) => `\`dtype="${dtype}"\``);
  if (!("dtype" in choice)) {
    context.report({ ...range, message: choice.message, hint: choice.hint });
    return;
  }
  const edit = (leaf.kind === "string" && stringContentEdit(leaf.node, choice.dtype)) || { ...range, text: `"${choice.dtype}"` };
  context.report({ ...range, message: choice.message, fix: [edit] });
}

/**
 * What a bfloat16 request to vLLM becomes on the target: `half` (or `float32` with --precision fp32), or a hint
 * where vLLM cannot run at all or refuses float16 for the model. `spell` writes a dtype setting as the file does.
 */
function vllmChoice(
  context: RuleContextBase,
  model: string | null | undefined,
  spell: (dtype: string) => string,
): { message: string; hint: string } | { message: string; dtype: "half" | "float32" } {
  const { target } = context;
  if (!meets(target, "vllm")) {
    return {
      message: `vLLM needs compute capability ${requiredCapability("vllm")} or newer, so ${gpuLabel(target)} cannot run this engine with any dtype.`,
      hint: "Generate with transformers on this GPU instead (`model.generate`, float32 weights or float16 when the model only fits in 16 bits).",
    };
  }
  const why = `vLLM refuses bfloat16 on ${gpuLabel(target)} with ${VLLM_ERROR}`;
  if (model && NO_FLOAT16_MODELS.test(model)) {
    return {
      message: `${why}, and it refuses float16 for ${model} too (numerical instability).`,
      hint: `Use ${spell("float32")} for this model on this GPU (twice the memory of 16-bit weights), or a model that runs in float16.`,
    };
  }
  const dtype = context.precision === "fp32" ? "float32" : "half";
  const because = dtype === "half" ? `using ${spell("half")}, as that error suggests` : `using ${spell("float32")}, as --precision fp32 asks`;
  return { message: `${why}; ${because}.`, dtype };
}
