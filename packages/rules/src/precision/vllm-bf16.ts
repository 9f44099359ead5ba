import { argumentsOf, keywordArgument, keywordValue, stringValue, type ImportMap, type SyntaxNode } from "@gpu-compat/python";
import { computeCapabilityOf } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { callKey } from "../shared/dtype-owners.js";
import { bf16Leaves, keywordArgumentsNamed, stringContentEdit, type Bf16Leaf } from "../shared/library-dtype.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

/** vLLM's GPU requirement: compute capability 7.0 or newer (vLLM installation docs). */
const VLLM_MIN_CC = 7.0;

/** vLLM's engine-argument classes; `LLM` is matched as `vllm.LLM` only (langchain and others have an `LLM`). */
const ENGINE_ARGS = new Set(["EngineArgs", "AsyncEngineArgs"]);

/** Model families vLLM refuses to run in float16 ("does not support float16. Reason: Numerical instability"). */
const NO_FLOAT16_MODELS = /gemma-?[23]|glm-?4|plamo-?2/i;

const VLLM_ERROR = '"Bfloat16 is only supported on GPUs with compute capability of at least 8.0"';

export const vllmBf16 = defineRule({
  id: "vllm-bf16",
  title: "vLLM engine asked for bfloat16 on a GPU without bf16",
  category: "precision",
  severity: "error",
  fileKinds: ["python"],
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["vllm"],
  check(context) {
    const { imports, guards } = context.source;
    for (const { call, value } of keywordArgumentsNamed(context.source, "dtype")) {
      if (!isVllmEngineCall(call, imports)) continue;
      // vLLM lower-cases dtype strings, so "BFloat16" asks for bf16 too.
      for (const leaf of bf16Leaves(value, imports, { ignoreCase: true })) {
        if (!guards.guardOf(leaf.node)) checkLeaf(context, call, leaf);
      }
    }
  },
});

function isVllmEngineCall(call: SyntaxNode, imports: ImportMap): boolean {
  const fn = call.childForFieldName("function");
  const key = callKey(call, imports);
  if (!fn || !key || !imports.qualifiedName(fn)?.startsWith("vllm.")) return false;
  return key === "vllm.LLM" || ENGINE_ARGS.has(key.split(".").pop()!);
}

function checkLeaf(context: PythonRuleContext, call: SyntaxNode, leaf: Bf16Leaf): void {
  const { target } = context;
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (computeCapabilityOf(target) < VLLM_MIN_CC) {
    context.report({
      ...range,
      message: `vLLM needs compute capability ${VLLM_MIN_CC.toFixed(1)} or newer, so ${gpuLabel(target)} cannot run this engine with any dtype.`,
      hint: "Generate with transformers on this GPU instead (`model.generate`, float32 weights or float16 when the model only fits in 16 bits).",
    });
    return;
  }
  const why = `vLLM refuses bfloat16 on ${gpuLabel(target)} with ${VLLM_ERROR}`;
  const model = modelName(call);
  if (model && NO_FLOAT16_MODELS.test(model)) {
    context.report({
      ...range,
      message: `${why}, and it refuses float16 for ${model} too (numerical instability).`,
      hint: 'Use `dtype="float32"` for this model on this GPU (twice the memory of 16-bit weights), or a model that runs in float16.',
    });
    return;
  }
  const dtype = context.precision === "fp32" ? "float32" : "half";
  const edit = (leaf.kind === "string" && stringContentEdit(leaf.node, dtype)) || { ...range, text: `"${dtype}"` };
  const because = dtype === "half" ? 'using `dtype="half"`, as that error suggests' : 'using `dtype="float32"`, as --precision fp32 asks';
  context.report({ ...range, message: `${why}; ${because}.`, fix: [edit] });
}

/** The model id passed to the engine, when it is a string literal: `LLM("google/gemma-2-9b")` or `model=...`. */
function modelName(call: SyntaxNode): string | null {
  const keyword = keywordArgument(call, "model");
  if (keyword) return stringValue(keywordValue(keyword));
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? stringValue(first) : null;
}
