import { keywordArgument, type SyntaxNode } from "@gpu-compat/python";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext, Rule } from "../types.js";

export const bf16EmulationCheck: Rule = {
  id: "bf16-emulation-check",
  title: "torch.cuda.is_bf16_supported() counts emulated bf16 as support",
  category: "precision",
  severity: "info",
  fileKinds: ["python"],
  fixable: "never",
  appliesWhen: "the target has no bf16 tensor cores (compute capability below 8.0)",
  appliesTo: (target) => !target.gpu.features.bf16,
  triggers: ["is_bf16_supported"],
  check(context) {
    for (const node of context.source.occurrences("is_bf16_supported")) {
      if (node.type === "identifier") checkCall(context, node);
    }
  },
};

function checkCall(context: PythonRuleContext, name: SyntaxNode): void {
  const fn = name.parent?.type === "attribute" ? name.parent : name;
  const call = fn.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.startIndex !== fn.startIndex) return;
  if (context.source.imports.qualifiedName(fn) !== "torch.cuda.is_bf16_supported") return;
  if (keywordArgument(call, "including_emulation")) return;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `On ${gpuLabel(context.target)} this check can return True: PyTorch counts emulated bf16 as supported (\`including_emulation\` defaults to True), so the bf16 branch runs, emulated and slow.`,
    hint: "Pass `including_emulation=False` to ask for native bf16 (compute capability 8.0 or newer).",
  });
}
