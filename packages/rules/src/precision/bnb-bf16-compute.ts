import type { SyntaxNode } from "@gpu-compat/python";
import { meets, requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { callKey } from "../shared/dtype-owners.js";
import { bf16Leaves, keywordArgumentsNamed, stringContentEdit, torchDtypeEdit, type Bf16Leaf } from "../shared/library-dtype.js";
import { gpuLabel, noBf16Reason } from "../shared/messages.js";
import { mixedPrecisionFor } from "../shared/precision-policy.js";
import type { PythonRuleContext } from "../types.js";

const COMPUTE = "bnb_4bit_compute_dtype";
const STORAGE = "bnb_4bit_quant_storage";

export const bnbBf16Compute = defineRule({
  id: "bnb-bf16-compute",
  title: "bfloat16 compute or storage dtype in BitsAndBytesConfig on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  ownsDtypeOf: ["BitsAndBytesConfig"],
  lacks: "bf16",
  triggers: [COMPUTE, STORAGE],
  checks: {
    python: {
      run(context) {
        const { imports, guards } = context.source;
        for (const keyword of [COMPUTE, STORAGE]) {
          for (const { call, value } of keywordArgumentsNamed(context.source, keyword)) {
            if (callKey(call, imports)?.split(".").pop() !== "BitsAndBytesConfig") continue;
            for (const leaf of bf16Leaves(value, imports)) {
              if (guards.guardOf(leaf.node)) continue;
              if (!meets(context.target, "bitsandbytes")) reportUnsupported(context, leaf.node);
              else if (keyword === COMPUTE) reportComputeDtype(context, leaf);
              else reportStorageDtype(context, leaf.node);
            }
          }
        }
      },
    },
  },
});

function reportComputeDtype(context: PythonRuleContext, leaf: Bf16Leaf): void {
  const { target, source } = context;
  const choice = mixedPrecisionFor(target, context.precision, source.text);
  const { mode } = choice;
  const dtype = mode === "fp16" ? "float16" : "float32";
  const why = `\`${COMPUTE}=bfloat16\` makes every 4-bit layer dequantize and multiply in bf16, but ${noBf16Reason(target)}`;
  let because = `using ${dtype}, as --precision ${mode} asks`;
  if (context.precision === "auto") {
    because = choice.family
      ? `using float32: ${choice.family.name} models overflow float16 (inf/NaN; ${choice.family.source})`
      : target.gpu.features.fp16TensorCores
        ? "using float16, the compute dtype bitsandbytes' 4-bit kernels run on its fp16 tensor cores"
        : "using float32, the project's compute dtype on GPUs without fp16 tensor cores";
  }
  const edit = leaf.kind === "string" ? stringContentEdit(leaf.node, dtype) : torchDtypeEdit(leaf.node, dtype, source.imports);
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (edit) context.report({ ...range, message: `${why}; ${because}.`, fix: [edit] });
  else context.report({ ...range, message: `${why}.`, hint: `Pass \`torch.${dtype}\` here (no name in this file is bound to torch, so it is not rewritten).` });
}

/** The storage dtype only holds packed 4-bit bytes; what it must match is the model's other weights. */
function reportStorageDtype(context: PythonRuleContext, leaf: SyntaxNode): void {
  context.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "info",
    message: `\`${STORAGE}=bfloat16\` only sets the container dtype of the packed 4-bit weights; no math runs in it, so it works on ${gpuLabel(context.target)}.`,
    hint: "Keep it equal to the dtype the model's other weights load in (`torch_dtype`): FSDP shards only layers of one dtype. If `torch_dtype` changes from bfloat16 for this GPU, set this to the same dtype.",
  });
}

function reportUnsupported(context: PythonRuleContext, leaf: SyntaxNode): void {
  context.report({
    start: leaf.startIndex,
    end: leaf.endIndex,
    severity: "error",
    message: `bitsandbytes' 4-bit quantization needs compute capability ${requiredCapability("bitsandbytes")} or newer, so ${gpuLabel(context.target)} cannot run this config with any dtype.`,
    hint: "Load the model without `BitsAndBytesConfig` on this GPU: float32 weights, or float16 when the model only fits in 16 bits.",
  });
}
