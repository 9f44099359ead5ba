import { isFalse, isTrue, keywordArgument, keywordValue, removeArgumentEdit, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { noBf16Reason } from "../shared/messages.js";
import { mixedPrecisionMode } from "../shared/precision-policy.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { PythonRuleContext } from "../types.js";

/** Each bf16 switch of TrainingArguments and its fp16 counterpart: training, and evaluation in half precision. */
const FLAGS = [
  { bf16: "bf16", fp16: "fp16", what: "fp16 mixed precision (fp32 master weights, loss scaling)" },
  { bf16: "bf16_full_eval", fp16: "fp16_full_eval", what: "float16 evaluation" },
] as const;

type Flag = (typeof FLAGS)[number];

export const trainerBf16 = defineRule({
  id: "trainer-bf16",
  title: "bf16 mixed precision in TrainingArguments on a GPU without bf16",
  category: "precision",
  severity: "error",
  fileKinds: ["python"],
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  check(context) {
    for (const flag of FLAGS) {
      for (const node of context.source.occurrences(flag.bf16)) {
        if (node.type !== "identifier") continue;
        const found = trainingArgumentsKeyword(node, context.source.imports);
        if (found) checkBf16Argument(context, found.argument, found.call, flag);
      }
    }
  },
});

function checkBf16Argument(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode, flag: Flag): void {
  const { source, target } = context;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  // Older transformers refuse bf16 here; newer ones ask torch.cuda.is_bf16_supported(), which counts emulation.
  const why = `\`${flag.bf16}=True\` either stops transformers with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;

  if (mixedPrecisionMode(target, context.precision) === "fp32") {
    context.report({
      ...range,
      message: `${why}. ${target.gpu.features.fp16TensorCores ? "With --precision fp32" : "It has no fp16 tensor cores either, so"} ${flag.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`,
      fix: [removeArgumentEdit(source.text, argument)],
    });
    return;
  }
  const fp16 = keywordArgument(call, flag.fp16);
  const fp16Value = fp16 && keywordValue(fp16);
  if (!fp16) {
    const name = argument.childForFieldName("name")!;
    context.report({ ...range, message: `${why}; using ${flag.what} on its fp16 tensor cores.`, fix: [{ start: name.startIndex, end: name.endIndex, text: flag.fp16 }] });
  } else if (isTrue(fp16Value)) {
    context.report({ ...range, message: `${why}; \`${flag.fp16}=True\` is already set, so \`${flag.bf16}=True\` is removed.`, fix: [removeArgumentEdit(source.text, argument)] });
  } else if (isFalse(fp16Value) && fp16Value) {
    context.report({
      ...range,
      message: `${why}; using ${flag.what} on its fp16 tensor cores.`,
      fix: [removeArgumentEdit(source.text, argument), { start: fp16Value.startIndex, end: fp16Value.endIndex, text: "True" }],
    });
  } else {
    context.report({ ...range, message: `${why}.`, hint: `Set \`${flag.bf16}=False\` and \`${flag.fp16}=True\` for this GPU (\`${flag.fp16}\` is computed here, so it is not rewritten).` });
  }
}
