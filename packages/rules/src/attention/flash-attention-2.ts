import {
  callOfArgument,
  closestAncestor,
  isTrue,
  keywordArgument,
  keywordValue,
  removeArgumentEdit,
  stringValue,
  type SyntaxNode,
} from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

/** Names under which code passes the attention implementation around. */
const ATTENTION_KEYS = new Set(["attn_implementation", "_attn_implementation"]);

/** Library checks that a FlashAttention package is installed; they do not check the GPU's architecture. */
const PACKAGE_CHECKS = /\bis_flash_attn(_2)?_available\b|\bis_flash_attn_greater_or_equal\w*/;

export const flashAttention2 = defineRule({
  id: "flash-attention-2",
  title: "FlashAttention-2 on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fileKinds: ["python"],
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["flash_attention_2"],
  check(context) {
    for (const node of context.source.occurrences("flash_attention_2")) {
      if (node.type === "string_content") checkImplementationString(context, node);
    }
    for (const node of context.source.occurrences("use_flash_attention_2")) {
      if (node.type === "identifier") checkUseFlashKeyword(context, node);
    }
  },
});

function why(context: PythonRuleContext): string {
  return `FlashAttention-2 needs an Ampere or newer GPU (compute capability 8.0) and fails on ${gpuLabel(context.target)}`;
}

const SDPA_NOTE = "using PyTorch SDPA (`sdpa`), which runs there through its memory-efficient kernel";

function checkImplementationString(context: PythonRuleContext, content: SyntaxNode): void {
  const string = content.parent;
  if (!string || stringValue(string) !== "flash_attention_2" || !namesAttentionImplementation(string)) return;
  if (context.source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const condition = closestAncestor(string, "conditional_expression");
  if (condition && PACKAGE_CHECKS.test(condition.text)) {
    context.report({
      ...range,
      message: `${why(context)}; the condition here only checks that the flash-attn package is installed, not the GPU.`,
      hint: 'Choose "sdpa" unless `torch.cuda.get_device_capability()[0] >= 8`.',
    });
    return;
  }
  context.report({ ...range, message: `${why(context)}; ${SDPA_NOTE}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "sdpa" }] });
}

/** The string is what an attention-implementation keyword, dict key or variable receives. */
function namesAttentionImplementation(string: SyntaxNode): boolean {
  let node = string;
  let parent = node.parent;
  while (parent?.type === "conditional_expression" || parent?.type === "parenthesized_expression") {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  const field = (name: string) => parent.childForFieldName(name);
  switch (parent.type) {
    case "keyword_argument":
      return field("value")?.startIndex === node.startIndex && ATTENTION_KEYS.has(field("name")?.text ?? "");
    case "pair":
      return field("value")?.startIndex === node.startIndex && ATTENTION_KEYS.has(stringValue(field("key")) ?? "");
    case "assignment": {
      const left = field("left");
      const name = left?.type === "attribute" ? left.childForFieldName("attribute")?.text : left?.text;
      return field("right")?.startIndex === node.startIndex && ATTENTION_KEYS.has(name ?? "");
    }
    default:
      return false;
  }
}

/** `use_flash_attention_2=True`, the spelling transformers had before `attn_implementation`. */
function checkUseFlashKeyword(context: PythonRuleContext, name: SyntaxNode): void {
  const { source } = context;
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = callOfArgument(argument);
  if (!call || !isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const fix = keywordArgument(call, "attn_implementation")
    ? removeArgumentEdit(source.text, argument)
    : { ...range, text: 'attn_implementation="sdpa"' };
  context.report({ ...range, message: `${why(context)}; ${SDPA_NOTE}.`, fix: [fix] });
}
