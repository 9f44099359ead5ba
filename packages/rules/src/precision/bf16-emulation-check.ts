import { callNamedAt, keywordArgument, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

export const bf16EmulationCheck = defineRule({
  id: "bf16-emulation-check",
  title: "torch.cuda.is_bf16_supported() counts emulated bf16 as support",
  category: "precision",
  severity: "info",
  fileKinds: ["python"],
  fixable: "never",
  lacks: "bf16",
  triggers: ["is_bf16_supported"],
  check(context) {
    for (const node of context.source.occurrences("is_bf16_supported")) {
      if (node.type === "identifier") checkCall(context, node);
    }
  },
});

function checkCall(context: PythonRuleContext, name: SyntaxNode): void {
  const found = callNamedAt(name);
  if (!found || context.source.imports.qualifiedName(found.callee) !== "torch.cuda.is_bf16_supported") return;
  const { call } = found;
  if (keywordArgument(call, "including_emulation")) return;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `On ${gpuLabel(context.target)} this check can return True: PyTorch counts emulated bf16 as supported (\`including_emulation\` defaults to True), so the bf16 branch runs, emulated and slow.`,
    hint: "Pass `including_emulation=False` to ask for native bf16 (compute capability 8.0 or newer).",
  });
}
