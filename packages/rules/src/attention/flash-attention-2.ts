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
import type { ConfigSource } from "@gpu-compat/config";
import type { PythonLaunch, ShellSource } from "@gpu-compat/shell";
import { defineRule } from "../define.js";
import { allEdits, CONFIG_LABEL, entryRange, entryText } from "../shared/config-entries.js";
import { gpuLabel } from "../shared/messages.js";
import { flagBoolean, flagCommands, lastUse, pythonLaunches, turnedOff, turnOffEdit, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase } from "../types.js";

/** Names under which code passes the attention implementation around. */
const ATTENTION_KEYS = new Set(["attn_implementation", "_attn_implementation"]);

/** Library checks that a FlashAttention package is installed; they do not check the GPU's architecture. */
const PACKAGE_CHECKS = /\bis_flash_attn(_2)?_available\b|\bis_flash_attn_greater_or_equal\w*/;

export const flashAttention2 = defineRule({
  id: "flash-attention-2",
  title: "FlashAttention-2 on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fileKinds: ["python", "config", "shell"],
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["flash_attention_2"],
  kindTriggers: { config: ["flash_attention", "flash_attn"] },
  checkConfig(context) {
    if (context.document.kind === "axolotl") checkAxolotlFlag(context);
    if (context.document.kind === "llama-factory") checkLlamaFactoryFlag(context);
    checkConfigImplementations(context);
  },
  checkShell(context) {
    // `--attn_implementation flash_attention_2` to any command (a training script, TRL's CLI, a serving tool).
    for (const command of flagCommands(context.document)) {
      const use = lastUse(command.args, "attn_implementation");
      if (!use?.value || use.value.dynamic || use.value.value !== "flash_attention_2") continue;
      const message = `\`${useText(context.document, use)}\`: ${why(context)}; ${SDPA_NOTE}.`;
      context.report({ ...useRange(use), message, fix: [valueEdit(use.value, "sdpa")] });
    }
    for (const launch of pythonLaunches(context.document)) checkUseFlashFlag(context, launch);
  },
  check(context) {
    for (const node of context.source.occurrences("flash_attention_2")) {
      if (node.type === "string_content") checkImplementationString(context, node);
    }
    for (const node of context.source.occurrences("use_flash_attention_2")) {
      if (node.type === "identifier") checkUseFlashKeyword(context, node);
    }
  },
});

function why(context: Pick<RuleContextBase, "target">): string {
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

/**
 * `--use_flash_attention_2 True` to a Python script. The script may not take `--attn_implementation`, so the
 * flag is turned off (`False`, spelled like the true value; a bare flag is removed) rather than replaced.
 */
function checkUseFlashFlag(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch): void {
  const { document } = context;
  const use = lastUse(launch.args, "use_flash_attention_2");
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written = useText(document, use);
  const attention = lastUse(launch.args, "attn_implementation");
  const then = attention
    ? `\`${useText(document, attention)}\` decides the attention`
    : "the model loads with transformers' default attention (SDPA where the model supports it)";
  const off = turnOffEdit(document.text, use);
  const message = `\`${written}\`: ${why(context)}; ${off ? turnedOff(use) : "turn it off"}, so ${then}.`;
  context.report(off ? { ...range, message, fix: [off] } : { ...range, message, hint: `Remove \`${written}\`.` });
}

type ConfigContext = DocumentRuleContext<ConfigSource>;

/**
 * `attn_implementation: flash_attention_2` at any depth of a training config (TRL recipes, `model_init_kwargs`,
 * Axolotl's newer spelling). A model's own config.json is a downloaded snapshot: never rewritten, only hinted.
 */
function checkConfigImplementations(context: ConfigContext): void {
  const { document } = context;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !ATTENTION_KEYS.has(key) || entry.value !== "flash_attention_2") continue;
    const range = entryRange(entry);
    if (document.kind === "model-config") {
      context.report({
        ...range,
        severity: "warning",
        message: `This model's config.json asks for FlashAttention-2 (\`${entryText(document, entry)}\`): ${why(context)}.`,
        hint: 'Load it with `attn_implementation="sdpa"` (or `"eager"` if its code has no SDPA path) in `from_pretrained`; the downloaded config.json is left as it is.',
      });
      continue;
    }
    const fix = allEdits([document.replaceValue(entry, "sdpa")]);
    const message = `${why(context)}; ${SDPA_NOTE}.`;
    context.report(fix ? { ...range, message, fix } : { ...range, message, hint: "Set it to `sdpa`." });
  }
}

/** Axolotl's `flash_attention: true` becomes `sdp_attention: true` (PyTorch SDPA, which also handles sample packing). */
function checkAxolotlFlag(context: ConfigContext): void {
  const { document } = context;
  const entry = document.get(["flash_attention"]);
  if (entry?.value !== true) return;
  const range = entryRange(entry);
  const message = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]}: ${why(context)}; ${SDPA_NOTE}.`;
  const sdp = document.key(["sdp_attention"]) ? document.get(["sdp_attention"]) : undefined;
  let edits;
  if (document.key(["attn_implementation"])) {
    edits = [document.replaceValue(entry, false)]; // attn_implementation decides; the legacy flag must not be true next to it
  } else if (!document.key(["sdp_attention"])) {
    edits = [document.renameKey(entry, "sdp_attention")];
  } else if (sdp) {
    edits = [document.replaceValue(entry, false), ...(sdp.value === true ? [] : [document.replaceValue(sdp, true)])];
  }
  const fix = edits && allEdits(edits);
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: "Set `flash_attention: false` and `sdp_attention: true`." });
}

/** LLaMA-Factory's `flash_attn: fa2` (and `fa3`, Hopper only) becomes `sdpa`, one of its own choices. */
function checkLlamaFactoryFlag(context: ConfigContext): void {
  const { document } = context;
  const entry = document.get(["flash_attn"]);
  if (entry?.value !== "fa2" && entry?.value !== "fa3") return;
  const which = entry.value === "fa2" ? "FlashAttention-2" : "FlashAttention-3 (which needs a Hopper GPU)";
  const message = `\`${entryText(document, entry)}\` asks LLaMA-Factory for ${which}, which fails on ${gpuLabel(context.target)}; ${SDPA_NOTE}.`;
  const fix = allEdits([document.replaceValue(entry, "sdpa")]);
  context.report(fix ? { ...entryRange(entry), message, fix } : { ...entryRange(entry), message, hint: "Set `flash_attn: sdpa`." });
}
