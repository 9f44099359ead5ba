import { closestAncestor, type SyntaxNode } from "@gpu-compat/python";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { entryRange, entryText } from "../shared/config-entries.js";
import { gpuLabel } from "../shared/messages.js";
import { flagBoolean, lastUse, pythonLaunches, useRange, useText } from "../shared/shell-flags.js";
import type { RuleContextBase } from "../types.js";

const METHOD = "enable_xformers_memory_efficient_attention";
const AXOLOTL_KEY = "xformers_attention";

export const xformersAttention = defineRule({
  id: "xformers-attention",
  title: "xformers attention turned on where PyTorch's SDPA already does the job",
  category: "attention",
  severity: "info",
  fixable: "never",
  lacks: "bf16",
  triggers: [METHOD],
  checks: {
    python: {
      run(context) {
        const { source } = context;
        for (const node of source.occurrences(METHOD)) {
          const call = methodCall(node);
          if (!call || source.guards.guardOf(call) || underXformersTest(call)) continue;
          report(context, { start: call.startIndex, end: call.endIndex }, `\`${call.text.replace(/\s+/g, " ")}\``, "Drop the call: diffusers attends with PyTorch's SDPA by default since torch 2.0, with no extra package.");
        }
      },
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          const use = lastUse(launch.args, METHOD);
          if (!use || flagBoolean(use) !== true) continue;
          report(context, useRange(use), `\`${useText(context.document, use)}\``, "Leave the flag out: the diffusers training scripts then attend with PyTorch's SDPA (the default since torch 2.0), with no extra package.");
        }
      },
    },
    config: {
      triggers: [AXOLOTL_KEY],
      run(context) {
        const { document } = context;
        if (document.kind !== "axolotl") return;
        const entry = document.get([AXOLOTL_KEY]);
        if (entry?.value !== true) return;
        report(context, entryRange(entry), `\`${entryText(document, entry)}\``, "Use `sdp_attention: true` instead (PyTorch's SDPA, no extra package).");
      },
    },
  },
});

/** `X.enable_xformers_memory_efficient_attention(...)`: the call, when the name is the method called. */
function methodCall(name: SyntaxNode): SyntaxNode | null {
  const attribute = name.parent;
  if (name.type !== "identifier" || attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.startIndex !== name.startIndex) return null;
  const call = attribute.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === attribute.startIndex ? call : null;
}

/**
 * Under `if args.enable_xformers_memory_efficient_attention:` or `if is_xformers_available():` the script only turns
 * xformers on when asked and installed: the choice is the launch command's (read in shell scripts), not this call's.
 */
function underXformersTest(call: SyntaxNode): boolean {
  for (let node = closestAncestor(call, "if_statement"); node; node = closestAncestor(node, "if_statement")) {
    if (/xformers/i.test(node.childForFieldName("condition")?.text ?? "")) return true;
  }
  return false;
}

function report(context: RuleContextBase, range: { start: number; end: number }, what: string, hint: string): void {
  context.report({
    ...range,
    message: `${what} needs the xformers package, whose wheels are built for one torch version ("xFormers was built for: PyTorch ... you have ..." otherwise) and whose bf16 kernels need compute capability ${requiredCapability("bf16")}, which ${gpuLabel(context.target)} lacks; PyTorch's own SDPA covers this GPU.`,
    hint,
  });
}
