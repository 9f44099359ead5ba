import type { ImportMap, SyntaxNode } from "@gpu-compat/python";
import { meets, requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { callKey } from "../shared/dtype-owners.js";
import { bf16Leaves, keywordArgumentsNamed, type Bf16Leaf } from "../shared/library-dtype.js";
import { gpuLabel } from "../shared/messages.js";
import { torchLocalName } from "../shared/torch-family.js";
import type { PythonRuleContext } from "../types.js";

/** Unsloth's model loaders; `dtype=None` makes each pick float16 or bfloat16 from the GPU. */
const LOADERS = new Set(["FastLanguageModel", "FastModel", "FastVisionModel", "FastTextModel"].map((c) => `${c}.from_pretrained`));

export const unslothBf16 = defineRule({
  id: "unsloth-bf16",
  title: "Unsloth model loaded in bfloat16 on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  ownsDtypeOf: ["FastLanguageModel.from_pretrained", "FastModel.from_pretrained", "FastVisionModel.from_pretrained", "FastTextModel.from_pretrained"],
  lacks: "bf16",
  triggers: ["unsloth"],
  // A finding is a `dtype=` keyword of a loader imported from unsloth, whose value is torch.bfloat16 or "bfloat16"
  // itself (or a branch of a conditional): files that pass Unsloth their settings as a dict or a variable
  // (LLaMA-Factory's loaders) have nothing to report.
  mayMatch: (scan) => scan.hasLeadingName("unsloth") && scan.hasCodeName("dtype") && scan.inCode("bfloat16"),
  checks: {
    python: {
      run(context) {
        const { imports, guards } = context.source;
        for (const { call, value } of keywordArgumentsNamed(context.source, "dtype")) {
          if (!isUnslothLoader(call, imports)) continue;
          for (const leaf of bf16Leaves(value, imports)) {
            if (!guards.guardOf(leaf.node)) checkLeaf(context, leaf);
          }
        }
      },
    },
  },
});

function isUnslothLoader(call: SyntaxNode, imports: ImportMap): boolean {
  const fn = call.childForFieldName("function");
  const key = callKey(call, imports);
  return !!fn && !!key && LOADERS.has(key) && !!imports.qualifiedName(fn)?.startsWith("unsloth.");
}

function checkLeaf(context: PythonRuleContext, leaf: Bf16Leaf): void {
  const { target } = context;
  const range = { start: leaf.node.startIndex, end: leaf.node.endIndex };
  if (!meets(target, "unsloth")) {
    context.report({
      ...range,
      message: `Unsloth's stated minimum is compute capability ${requiredCapability("unsloth")}, so it may not run on ${gpuLabel(target)} at all; bfloat16 is the smaller problem there.`,
      hint: "If Unsloth runs on this GPU at all, pass `dtype=None` so it picks the dtype itself; otherwise fine-tune with transformers and peft directly, in float32.",
    });
    return;
  }
  const why =
    leaf.kind === "torch"
      ? `Unsloth does not load bfloat16 on ${gpuLabel(target)}: it warns "Device does not support bfloat16. Will change to float16." and loads float16`
      : `\`dtype="bfloat16"\` asks Unsloth for bfloat16, which ${gpuLabel(target)} has no tensor cores for`;
  if (context.precision === "fp32") {
    const torch = torchLocalName(context.source.imports);
    if (torch) context.report({ ...range, message: `${why}; using float32, as --precision fp32 asks.`, fix: [{ ...range, text: `${torch}.float32` }] });
    else context.report({ ...range, message: `${why}.`, hint: "Pass `dtype=torch.float32` here, as --precision fp32 asks." });
    return;
  }
  context.report({
    ...range,
    message: `${why}; using \`dtype=None\`, which lets Unsloth pick the dtype itself (float16 on this GPU, bfloat16 on Ampere or newer).`,
    fix: [{ ...range, text: "None" }],
  });
}
