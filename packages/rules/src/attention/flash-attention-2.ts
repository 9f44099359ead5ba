import {
  ancestors,
  callNamedAt,
  callOfArgument,
  closestAncestor,
  isTrue,
  keywordArgument,
  keywordValue,
  namedChildrenOf,
  removeArgumentEdit,
  stringValue,
  type SyntaxNode,
} from "@gpu-compat/python";
import { minimumCapability, requiredCapability } from "@gpu-compat/targets";
import type { ConfigSource } from "@gpu-compat/config";
import type { PythonLaunch, ShellSource } from "@gpu-compat/shell";
import { defineRule } from "../define.js";
import { allEdits, CONFIG_LABEL, entryRange, entryText } from "../shared/config-entries.js";
import { isModelLoadCall, MODEL_ID_KEYS, modelIdOf } from "../shared/load-dtype.js";
import { gpuLabel } from "../shared/messages.js";
import { isGemma2or3, isGemma2or3Type } from "../shared/model-families.js";
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
  fixable: "sometimes",
  lacks: "flashAttention2",
  triggers: ["flash_attention_2", "flash_attn_monkey_patch", "with_flash_attn"],
  checks: {
    config: {
      triggers: ["flash_attention", "flash_attn"],
      run(context) {
        if (context.document.kind === "axolotl") checkAxolotlFlag(context);
        if (context.document.kind === "llama-factory") checkLlamaFactoryFlag(context);
        checkConfigImplementations(context);
      },
    },
    shell: {
      run(context) {
        // `--attn_implementation flash_attention_2` to any command (a training script, TRL's CLI, a serving tool).
        for (const command of flagCommands(context.document)) {
          const use = lastUse(command.args, "attn_implementation");
          if (!use?.value || use.value.dynamic || use.value.value !== "flash_attention_2") continue;
          const written = `\`${useText(context.document, use)}\`: ${why(context)}`;
          const on = (flag: string) => { const found = lastUse(command.args, flag); return !!found && flagBoolean(found) === true; };
          const strategy = lastUse(command.args, "packing_strategy")?.value;
          if (on("padding_free") || (on("packing") && strategy?.value !== "wrapped")) {
            context.report({ ...useRange(use), message: `${written}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`--packing False`, `--padding_free False`", "`sdpa`") });
            continue;
          }
          const model = lastUse(command.args, "model_name_or_path")?.value;
          const gemma = model && !model.dynamic && isGemma2or3(context, model.value) ? model.value : undefined;
          const message = `${written}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
          context.report({ ...useRange(use), message, fix: [valueEdit(use.value, gemma ? "eager" : "sdpa")] });
        }
        for (const launch of pythonLaunches(context.document)) checkUseFlashFlag(context, launch);
      },
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("flash_attention_2")) {
          if (node.type === "string_content") checkImplementationString(context, node);
        }
        for (const node of context.source.occurrences("use_flash_attention_2")) {
          if (node.type === "identifier") checkUseFlashKeyword(context, node);
        }
        checkMonkeyPatches(context);
      },
    },
  },
});

function why(context: Pick<RuleContextBase, "target">): string {
  return `FlashAttention-2 needs an Ampere or newer GPU (compute capability ${requiredCapability("flashAttention2")}) and fails on ${gpuLabel(context.target)}`;
}

const SDPA_NOTE = "using PyTorch SDPA (`sdpa`), which runs there through its memory-efficient kernel";

/**
 * Gemma-2 caps its attention logits (softcapping), which FlashAttention-2 computes and SDPA does not
 * (transformers#31887); Gemma2ForCausalLM and Gemma3ForCausalLM warn when trained with anything but eager.
 */
function eagerNote(model: string): string {
  return (
    `using eager attention (\`eager\`), not SDPA: ${model} is a Gemma-2/3 model, which transformers says to train with eager attention ` +
    `("It is strongly recommended to train Gemma2 models with the \`eager\` attention implementation"; SDPA skips Gemma-2's attention logit softcapping). ` +
    "Eager holds the whole attention matrix, so long sequences need more memory"
  );
}

/**
 * TRL's padding-free batches (`padding_free=True`, and `packing=True` with its default "bfd" strategy, which turns
 * padding-free on) flatten a batch into one sequence that only FlashAttention reliably keeps apart (TRL's warning).
 */
function paddingFreeHint(off: string, sdpa: string): string {
  return (
    "This run packs sequences padding-free (TRL's `padding_free`, or `packing` whose default \"bfd\" strategy turns padding-free on), " +
    "which only FlashAttention reliably keeps apart: with SDPA the packed sequences can attend to each other. " +
    `Turn padding-free packing off (${off}), then use ${sdpa}.`
  );
}

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
      hint: `Choose "sdpa" unless \`torch.cuda.get_device_capability()[0] >= ${minimumCapability("flashAttention2").major}\`.`,
    });
    return;
  }
  if (paddingFreePacking(context)) {
    context.report({ ...range, message: `${why(context)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing=False`, `padding_free=False`", '`"sdpa"`') });
    return;
  }
  const models = modelsFor(context, outermost(string));
  const gemma = models.filter((id): id is string => id !== undefined && isGemma2or3(context, id));
  if (gemma.length === 0) {
    context.report({ ...range, message: `${why(context)}; ${SDPA_NOTE}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "sdpa" }] });
  } else if (gemma.length === models.length) {
    context.report({ ...range, message: `${why(context)}; ${eagerNote(gemma[0]!)}.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "eager" }] });
  } else {
    context.report({
      ...range,
      message: `${why(context)}; this setting may serve ${gemma[0]} (a Gemma-2/3 model, which should train with eager attention) and other models.`,
      hint: 'Use `"eager"` for the Gemma-2/3 model and `"sdpa"` for the others.',
    });
  }
}

/** The expression the string is, with the conditionals and parentheses around it. */
function outermost(string: SyntaxNode): SyntaxNode {
  let node = string;
  while (node.parent?.type === "conditional_expression" || node.parent?.type === "parenthesized_expression") node = node.parent;
  return node;
}

/**
 * The models an attention setting is for, undefined where an id is not a constant: the model load call it is a
 * keyword of (its id; a `dict(...)`/config call's own model keyword), the model key of its dict, else every model
 * load in the file.
 */
function modelsFor(context: PythonRuleContext, value: SyntaxNode): (string | undefined)[] {
  const holder = value.parent;
  if (holder?.type === "keyword_argument") {
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return [modelIdOf(context, call)];
    const named = call && MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    if (named) return [context.source.semantic.stringConstant(keywordValue(named)!)];
  }
  if (holder?.type === "pair" && holder.parent?.type === "dictionary") {
    const sibling = namedChildrenOf(holder.parent).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    if (sibling) return [context.source.semantic.stringConstant(sibling.childForFieldName("value")!)];
  }
  const loads: (string | undefined)[] = [];
  for (const name of ["from_pretrained", "pipeline"]) {
    for (const node of context.source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && isModelLoadCall(found.call)) loads.push(modelIdOf(context, found.call));
    }
  }
  return loads;
}

/** The file configures TRL padding-free batches: `padding_free=True`, or `packing=True` without the "wrapped" strategy. */
function paddingFreePacking(context: PythonRuleContext): boolean {
  const { source } = context;
  const keywordIn = (name: string) => [...source.occurrences(name)].map((node) => node.parent).filter((parent): parent is SyntaxNode => parent?.type === "keyword_argument" && parent.childForFieldName("name")?.text === name);
  if (keywordIn("padding_free").some((keyword) => isTrue(keywordValue(keyword)))) return true;
  return keywordIn("packing").some((keyword) => {
    const call = callOfArgument(keyword);
    const strategy = call && keywordArgument(call, "packing_strategy");
    return isTrue(keywordValue(keyword)) && !(strategy && stringValue(keywordValue(strategy)) === "wrapped");
  });
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
      // `config.attn_implementation = ...`, `kwargs["attn_implementation"] = ...`, `attn_implementation = ...`.
      const name =
        left?.type === "attribute"
          ? left.childForFieldName("attribute")?.text
          : left?.type === "subscript"
            ? stringValue(left.childForFieldName("subscript"))
            : left?.text;
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
  const model = isModelLoadCall(call) ? modelIdOf(context, call) : undefined;
  const eager = model !== undefined && isGemma2or3(context, model);
  const fix = keywordArgument(call, "attn_implementation")
    ? removeArgumentEdit(source.text, argument)
    : { ...range, text: `attn_implementation="${eager ? "eager" : "sdpa"}"` };
  context.report({ ...range, message: `${why(context)}; ${eager ? eagerNote(model) : SDPA_NOTE}.`, fix: [fix] });
}

/**
 * Under a condition other than `if __name__ == "__main__":` — a library choosing the patch by its settings (Axolotl's
 * patch manager), or a flag; the patch is then not the run's unconditional choice.
 */
function conditional(call: SyntaxNode): boolean {
  return [...ancestors(call)].some((node) => {
    if (node.type === "conditional_expression" || node.type === "elif_clause" || node.type === "else_clause") return true;
    return node.type === "if_statement" && !/^__name__\s*==\s*["']__main__["']$/.test(node.childForFieldName("condition")?.text ?? "");
  });
}

/** Functions that swap a model's attention for flash-attn's: FastChat's and LLaVA's `replace_llama_attn_with_flash_attn()`. */
const PATCH_FUNCTION = /^replace_\w*_with_flash_attn\w*$/;
/** Modules that hold such patches: `fastchat.train.llama_flash_attn_monkey_patch`, `llama2_flash_attn_monkey_patch`. */
const PATCH_MODULE = /(^|\.)\w*flash_attn\w*monkey_patch$/;

/**
 * A flash-attn monkey patch: its call (one finding per patch), or its import where the file imports a patch module
 * without calling a patch function. No rewrite: removing the patch is the fix, and only the author knows whether the
 * rest of the file counts on it.
 */
function checkMonkeyPatches(context: PythonRuleContext): void {
  const { source } = context;
  const message = `This patches the model's attention to call flash-attn's kernels: ${why(context)}.`;
  const hint =
    "Drop the patch (the call and its import) so the model keeps transformers' own attention, which uses SDPA, or start the run from the entry point without it (FastChat and LLaVA: `train.py` instead of `train_mem.py`).";
  let called = false;
  for (const call of source.root.descendantsOfType("call")) {
    const callee = call?.childForFieldName("function");
    if (!call || (callee?.type !== "identifier" && callee?.type !== "attribute")) continue;
    const qualified = source.imports.qualifiedName(callee) ?? callee.text;
    const module = qualified.split(".").slice(0, -1).join(".");
    if (!PATCH_FUNCTION.test(qualified.split(".").pop()!) && !PATCH_MODULE.test(module)) continue;
    if (source.guards.guardOf(call) || conditional(call)) continue;
    called = true;
    context.report({ start: call.startIndex, end: call.endIndex, message, hint });
  }
  if (called) return;
  for (const statement of source.imports.statements) {
    const modules =
      statement.type === "import_from_statement"
        ? [statement.childForFieldName("module_name")]
        : namedChildrenOf(statement).map((child) => (child.type === "aliased_import" ? child.childForFieldName("name") : child));
    const patches = modules.some((module) => module && PATCH_MODULE.test(module.text.replace(/\s+/g, "")));
    if (!patches || source.guards.guardOf(statement)) continue;
    context.report({ start: statement.startIndex, end: statement.endIndex, message, hint });
  }
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
      const gemma = isGemma2or3Type(document.get(["model_type"])?.value);
      context.report({
        ...range,
        severity: "warning",
        message: `This model's config.json asks for FlashAttention-2 (\`${entryText(document, entry)}\`): ${why(context)}.`,
        hint: gemma
          ? 'Load it with `attn_implementation="eager"` in `from_pretrained` (transformers says to train Gemma-2/3 models with eager attention); the downloaded config.json is left as it is.'
          : 'Load it with `attn_implementation="sdpa"` (or `"eager"` if its code has no SDPA path) in `from_pretrained`; the downloaded config.json is left as it is.',
      });
      continue;
    }
    if (paddingFreeConfig(document)) {
      context.report({ ...range, message: `${why(context)}; with this run's padding-free packing, SDPA would not compute the same attention, so it is not rewritten.`, hint: paddingFreeHint("`packing: false`, `padding_free: false`", "`sdpa`") });
      continue;
    }
    const gemma = gemmaBaseModel(context);
    const value = gemma ? "eager" : "sdpa";
    const fix = allEdits([document.replaceValue(entry, value)]);
    const message = `${why(context)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
    context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set it to \`${value}\`.` });
  }
}

/** The Gemma-2/3 model a training config names (`model_name_or_path`, Axolotl's `base_model`), if it does. */
function gemmaBaseModel(context: ConfigContext): string | undefined {
  for (const key of ["base_model", ...MODEL_ID_KEYS]) {
    const value = context.document.get([key])?.value;
    if (typeof value === "string" && isGemma2or3(context, value)) return value;
  }
  return undefined;
}

/** A TRL recipe's padding-free batches: `padding_free: true`, or `packing: true` without `packing_strategy: wrapped`. */
function paddingFreeConfig(document: ConfigSource): boolean {
  if (document.kind === "axolotl" || document.kind === "llama-factory") return false; // their own packing keys (see the docs)
  if (document.get(["padding_free"])?.value === true) return true;
  return document.get(["packing"])?.value === true && document.get(["packing_strategy"])?.value !== "wrapped";
}

/**
 * Axolotl's `flash_attention: true` becomes `sdp_attention: true` (PyTorch SDPA, which Axolotl lists as isolating
 * packed samples), or `eager_attention: true` for a Gemma-2/3 base model.
 */
function checkAxolotlFlag(context: ConfigContext): void {
  const { document } = context;
  const entry = document.get(["flash_attention"]);
  if (entry?.value !== true) return;
  const range = entryRange(entry);
  const gemma = gemmaBaseModel(context);
  const flag = gemma ? "eager_attention" : "sdp_attention";
  const message = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]}: ${why(context)}; ${gemma ? eagerNote(gemma) : SDPA_NOTE}.`;
  const other = document.key([flag]) ? document.get([flag]) : undefined;
  let edits;
  if (document.key(["attn_implementation"])) {
    edits = [document.replaceValue(entry, false)]; // attn_implementation decides; the legacy flag must not be true next to it
  } else if (!document.key([flag])) {
    edits = [document.renameKey(entry, flag)];
  } else if (other) {
    edits = [document.replaceValue(entry, false), ...(other.value === true ? [] : [document.replaceValue(other, true)])];
  }
  const fix = edits && allEdits(edits);
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set \`flash_attention: false\` and \`${flag}: true\`.` });
}

/** LLaMA-Factory's `flash_attn: fa2` (and `fa3`, Hopper only) becomes `sdpa`, one of its own choices. */
function checkLlamaFactoryFlag(context: ConfigContext): void {
  const { document } = context;
  const entry = document.get(["flash_attn"]);
  if (entry?.value !== "fa2" && entry?.value !== "fa3") return;
  const which = entry.value === "fa2" ? "FlashAttention-2" : "FlashAttention-3 (which needs a Hopper GPU)";
  // LLaMA-Factory's own choice for Gemma-2 without flash-attn is `disabled`, its name for eager attention.
  const gemma = gemmaBaseModel(context);
  const value = gemma ? "disabled" : "sdpa";
  const note = gemma ? `${eagerNote(gemma)} (\`disabled\` is LLaMA-Factory's name for it)` : SDPA_NOTE;
  const message = `\`${entryText(document, entry)}\` asks LLaMA-Factory for ${which}, which fails on ${gpuLabel(context.target)}; ${note}.`;
  const fix = allEdits([document.replaceValue(entry, value)]);
  context.report(fix ? { ...entryRange(entry), message, fix } : { ...entryRange(entry), message, hint: `Set \`flash_attn: ${value}\`.` });
}
