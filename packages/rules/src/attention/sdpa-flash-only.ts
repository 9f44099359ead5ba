import {
  argumentsOf,
  callNamedAt,
  hasSplat,
  isFalse,
  isTrue,
  keywordArgument,
  keywordValue,
  namedChildrenOf,
  type ImportMap,
  type SyntaxNode,
} from "@gpu-compat/python";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import { runsSdpaBackend, sdpaFallback, sdpaFallbacks } from "../shared/sdpa-backends.js";
import { blockStatements } from "../shared/statement-edits.js";
import type { PythonRuleContext } from "../types.js";

/** Positional order of `torch.backends.cuda.sdp_kernel(...)`'s flags. */
const SDP_KERNEL_FLAGS = ["enable_flash", "enable_math", "enable_mem_efficient", "enable_cudnn"];

/** The global switches in `torch.backends.cuda`, by the flag of `sdp_kernel` they mirror. */
const SETTERS: Readonly<Record<string, string>> = {
  enable_flash_sdp: "enable_flash",
  enable_mem_efficient_sdp: "enable_mem_efficient",
  enable_math_sdp: "enable_math",
  enable_cudnn_sdp: "enable_cudnn",
};

export const sdpaFlashOnly = defineRule({
  id: "sdpa-flash-only",
  title: "PyTorch SDPA restricted to the flash kernel on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["FLASH_ATTENTION", "sdp_kernel", "enable_mem_efficient_sdp", "enable_math_sdp"],
  checks: {
    python: {
      run(context) {
        const { source, target } = context;
        const seen = new Set<number>();
        for (const node of source.occurrences("FLASH_ATTENTION")) {
          const call = node.type === "identifier" ? sdpaKernelCallOf(node, source.imports) : null;
          if (!call || seen.has(call.startIndex)) continue;
          seen.add(call.startIndex);
          if (!source.guards.guardOf(call)) checkSdpaKernel(context, call);
        }
        for (const node of source.occurrences("sdp_kernel")) {
          const call = callAt(node, source.imports, "torch.backends.cuda.sdp_kernel");
          if (call && !source.guards.guardOf(call)) checkSdpKernel(context, call);
        }
        const fallback = sdpaFallback(target);
        for (const node of source.occurrences(fallback.setter)) {
          const call = callAt(node, source.imports, `torch.backends.cuda.${fallback.setter}`);
          if (call && isFalse(switchValue(call)) && !source.guards.guardOf(call)) checkGlobalSwitch(context, call);
        }
      },
    },
  },
});

function noKernel(context: PythonRuleContext): string {
  return `PyTorch's flash attention kernel needs compute capability ${requiredCapability("flashAttention2")}, so on ${gpuLabel(context.target)} this leaves SDPA no kernel and it raises "No available kernel. Aborting execution."`;
}

/** The call whose callee (`name` or `module.name`) is at `node` and resolves to `qualified`. */
function callAt(node: SyntaxNode, imports: ImportMap, qualified: string): SyntaxNode | null {
  const found = callNamedAt(node);
  return found && imports.qualifiedName(found.callee) === qualified ? found.call : null;
}

/** `SDPBackend.X` (any spelling that resolves into torch): the member name X, or null. */
function backendMember(node: SyntaxNode, imports: ImportMap): string | null {
  if (node.type !== "attribute") return null;
  const name = imports.qualifiedName(node);
  const match = name && /^torch\.[\w.]*SDPBackend\.(\w+)$/.exec(name);
  return match ? match[1]! : null;
}

/** The `sdpa_kernel(...)` call whose backends argument holds the `SDPBackend.FLASH_ATTENTION` at `name`. */
function sdpaKernelCallOf(name: SyntaxNode, imports: ImportMap): SyntaxNode | null {
  const member = name.parent;
  if (member?.type !== "attribute" || backendMember(member, imports) !== "FLASH_ATTENTION") return null;
  let argument = member;
  if (argument.parent?.type === "list" || argument.parent?.type === "tuple") argument = argument.parent;
  let holder = argument.parent;
  let positional = true;
  if (holder?.type === "keyword_argument") {
    if (holder.childForFieldName("name")?.text !== "backends") return null;
    holder = holder.parent;
    positional = false;
  }
  const call = holder?.type === "argument_list" ? holder.parent : null;
  // Positionally, only the first argument holds the backends.
  if (!call || (positional && argumentsOf(call)[0]?.startIndex !== argument.startIndex)) return null;
  const fn = call.type === "call" ? call.childForFieldName("function") : null;
  return fn && imports.qualifiedName(fn) === "torch.nn.attention.sdpa_kernel" ? call : null;
}

function backendsArgument(call: SyntaxNode): SyntaxNode | null {
  const keyword = keywordArgument(call, "backends");
  if (keyword) return keywordValue(keyword);
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? first : null;
}

/** `with sdpa_kernel(SDPBackend.FLASH_ATTENTION):` (torch.nn.attention, PyTorch 2.3+). */
function checkSdpaKernel(context: PythonRuleContext, call: SyntaxNode): void {
  const { source, target } = context;
  const argument = backendsArgument(call);
  if (!argument) return;
  const fallback = sdpaFallback(target);
  const range = { start: call.startIndex, end: call.endIndex };
  const message = `${noKernel(context)}; adding the ${fallback.label} backend, which runs there (same attention, flash still preferred where it exists).`;

  if (argument.type === "attribute") {
    const prefix = argument.childForFieldName("object")!.text;
    context.report({ ...range, message, fix: [{ start: argument.startIndex, end: argument.endIndex, text: `[${argument.text}, ${prefix}.${fallback.member}]` }] });
    return;
  }
  const elements = namedChildrenOf(argument).filter((child) => child.type !== "comment");
  const members = elements.map((element) => backendMember(element, source.imports));
  if (members.some((member) => member !== null && runsSdpaBackend(target, member))) return;
  if (members.some((member) => member === null)) {
    context.report({
      ...range,
      message: `${noKernel(context)} unless the other backends listed here include one that runs there.`,
      hint: `Make sure the list holds \`SDPBackend.${fallback.member}\`.`,
    });
    return;
  }
  const last = elements.at(-1)!;
  const prefix = last.childForFieldName("object")!.text;
  context.report({ ...range, message, fix: [{ start: last.endIndex, end: last.endIndex, text: `, ${prefix}.${fallback.member}` }] });
}

type FlagState = "on" | "off" | "unknown";

/** `with torch.backends.cuda.sdp_kernel(enable_flash=True, enable_math=False, enable_mem_efficient=False):`. */
function checkSdpKernel(context: PythonRuleContext, call: SyntaxNode): void {
  const args = argumentsOf(call);
  const splat = hasSplat(call);
  const valueOf = (flag: string): SyntaxNode | null | undefined => {
    const keyword = keywordArgument(call, flag);
    if (keyword) return keywordValue(keyword);
    const positional = args[SDP_KERNEL_FLAGS.indexOf(flag)];
    return positional && positional.type !== "keyword_argument" && !positional.type.endsWith("splat") ? positional : undefined;
  };
  const state = (flag: string): FlagState => {
    const value = valueOf(flag);
    if (value === undefined) return splat ? "unknown" : "on"; // Every flag defaults to True.
    return isTrue(value) ? "on" : isFalse(value) ? "off" : "unknown";
  };
  if (state("enable_flash") === "off") return;
  const fallbacks = sdpaFallbacks(context.target);
  const states = fallbacks.map((fallback) => state(fallback.keyword));
  if (states.includes("on") || !states.includes("off")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  if (states.includes("unknown")) {
    context.report({
      ...range,
      message: `${noKernel(context)} when the computed flags here are False too.`,
      hint: `Pass \`${fallbacks[0]!.keyword}=True\`.`,
    });
    return;
  }
  const value = valueOf(fallbacks[0]!.keyword)!;
  context.report({
    ...range,
    message: `${noKernel(context)}; enabling the ${fallbacks[0]!.label} backend, which runs there (same attention, flash still preferred where it exists).`,
    fix: [{ start: value.startIndex, end: value.endIndex, text: "True" }],
  });
}

/** The literal argument of `torch.backends.cuda.enable_*_sdp(...)`. */
function switchValue(call: SyntaxNode): SyntaxNode | null {
  const keyword = keywordArgument(call, "enabled");
  if (keyword) return keywordValue(keyword);
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? first : null;
}

/** `torch.backends.cuda.enable_X_sdp(value)` as a statement of its own: its flag and literal value. */
function switchStatement(statement: SyntaxNode, imports: ImportMap): { flag: string; value: boolean } | null {
  const call = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn && imports.qualifiedName(fn);
  const setter = name?.startsWith("torch.backends.cuda.") ? name.slice("torch.backends.cuda.".length) : null;
  const flag = setter ? SETTERS[setter] : undefined;
  const value = flag ? switchValue(call!) : null;
  if (!flag || !(isTrue(value) || isFalse(value))) return null;
  return { flag, value: isTrue(value) };
}

/**
 * `torch.backends.cuda.enable_mem_efficient_sdp(False)` (on GPUs without the memory-efficient kernel:
 * `enable_math_sdp(False)`). The switches are global, so a fix needs the whole picture in one block: there the
 * block's last switches decide what SDPA may use afterwards.
 */
function checkGlobalSwitch(context: PythonRuleContext, call: SyntaxNode): void {
  const { source, target } = context;
  const statement = call.parent;
  const block = statement?.parent;
  if (statement?.type !== "expression_statement" || !block) return;
  const [fallback, ...others] = sdpaFallbacks(target);
  const finalState = new Map<string, { value: boolean; statement: SyntaxNode }>();
  for (const sibling of blockStatements(block)) {
    const found = switchStatement(sibling, source.imports);
    if (found) finalState.set(found.flag, { value: found.value, statement: sibling });
  }
  // A later switch in the block decides; this one is not the final word.
  if (finalState.get(fallback!.keyword)?.statement.startIndex !== statement.startIndex) return;
  if (finalState.get("enable_flash")?.value === false) return;
  const range = { start: call.startIndex, end: call.endIndex };

  if (others.every((other) => finalState.get(other.keyword)?.value === false)) {
    const value = switchValue(call)!;
    context.report({
      ...range,
      message: `${noKernel(context)}; enabling the ${fallback!.label} backend, which runs there (same attention, flash still preferred where it exists).`,
      fix: [{ start: value.startIndex, end: value.endIndex, text: "True" }],
    });
    return;
  }
  const fileSwitches = fileSwitchCalls(context);
  if (others.some((other) => fileSwitches.some((s) => s.flag === other.keyword && !s.value))) {
    context.report({
      ...range,
      message: `${noKernel(context)} when this runs together with the \`${others.map((o) => o.setter).join("`, `")}(False)\` elsewhere in this file.`,
      hint: `Keep \`torch.backends.cuda.${fallback!.setter}(True)\` on this GPU.`,
    });
    return;
  }
  if (fileSwitches.some((s) => s.flag === "enable_flash" && s.value)) {
    context.report({
      ...range,
      severity: "info",
      message: `This asks SDPA for the flash kernel, which needs compute capability ${requiredCapability("flashAttention2")}: on ${gpuLabel(target)} SDPA falls back to the math kernel, which is slower and holds the whole attention matrix in memory.`,
      hint: `Keep \`torch.backends.cuda.${fallback!.setter}(True)\` so SDPA uses the ${fallback!.label} kernel on this GPU.`,
    });
  }
}

/** Every switch call with a literal value in the file, for the findings that look beyond one block. */
function fileSwitchCalls(context: PythonRuleContext): { flag: string; value: boolean }[] {
  const found: { flag: string; value: boolean }[] = [];
  for (const statement of context.source.root.descendantsOfType("expression_statement")) {
    const one = statement && switchStatement(statement, context.source.imports);
    if (one) found.push(one);
  }
  return found;
}
