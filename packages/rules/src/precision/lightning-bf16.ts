import { keywordArgument, keywordValue, plainStringContent, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { kindMarkers, type ConfigSource } from "@gpu-compat/config";
import { defineRule } from "../define.js";
import { programName, type ShellSource } from "@gpu-compat/shell";
import { entryRange } from "../shared/config-entries.js";
import { lastUse, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { noBf16Reason } from "../shared/messages.js";
import { mixedPrecisionFor } from "../shared/precision-policy.js";
import { quotedInCode } from "../shared/dtype-tests.js";
import { callsPlainBackward } from "../shared/training-step.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase } from "../types.js";

const LIGHTNING_MODULES = ["lightning", "pytorch_lightning", "lightning_fabric"];
const LIGHTNING_CLASSES = new Set(["Trainer", "Fabric"]);

/**
 * What each bf16 precision becomes. The short alias "bf16" (Lightning 1.x, still accepted by 2.x) maps to the
 * short aliases "16"/"32", which every version accepts; "bf16-mixed" (2.x) maps to the 2.x names.
 */
const REPLACEMENTS: Readonly<Record<string, { fp16: string; fp32: string }>> = {
  "bf16": { fp16: "16", fp32: "32" },
  "bf16-mixed": { fp16: "16-mixed", fp32: "32-true" },
};

/** Trainer arguments that Lightning's Trainer has and Hugging Face's TrainingArguments has not. */
const LIGHTNING_TRAINER_KEYS = ["accelerator", "devices", "max_epochs", "min_epochs", "strategy", "accumulate_grad_batches", "gradient_clip_val", "check_val_every_n_epoch", "log_every_n_steps", "num_nodes", "limit_train_batches", "enable_checkpointing"];

const BF16_PRECISIONS = [...Object.keys(REPLACEMENTS), "bf16-true"];

export const lightningBf16 = defineRule({
  id: "lightning-bf16",
  title: "bf16 precision in a Lightning Trainer or Fabric on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are a bf16 precision string passed as `precision=` to a Trainer or Fabric from a Lightning
  // module, each of which the file names.
  mayMatch: (scan) =>
    scan.inCode("lightning") && scan.inCode("precision") && (scan.inCode("Trainer") || scan.inCode("Fabric")) && BF16_PRECISIONS.some((value) => quotedInCode(scan, value)),
  checks: {
    // A Lightning node in a Hydra or LightningCLI config has a `_target_` or one of the Lightning-only keys.
    config: { run: checkConfig, needsOneOf: [...kindMarkers("litgpt"), "_target_", ...LIGHTNING_TRAINER_KEYS] },
    shell: { run: checkLitgptCommands },
    python: {
      run(context) {
        for (const node of context.source.occurrences("bf16")) {
          const string = node.type === "string_content" ? node.parent : null;
          const value = string ? stringValue(string) : null;
          if (string && value && (value in REPLACEMENTS || value === "bf16-true") && isLightningPrecision(context, string)) checkPrecision(context, string, value);
        }
      },
    },
  },
});

/** The string is the `precision=` of a Lightning `Trainer(...)`/`Fabric(...)` (not HF's `Trainer`) on a GPU. */
function isLightningPrecision(context: PythonRuleContext, string: SyntaxNode): boolean {
  const { imports } = context.source;
  const argument = string.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("value")?.startIndex !== string.startIndex) return false;
  if (argument.childForFieldName("name")?.text !== "precision") return false;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn && imports.qualifiedName(fn);
  if (!call || !name || !LIGHTNING_CLASSES.has(name.split(".").pop()!)) return false;
  const fromLightning = LIGHTNING_MODULES.some((m) => name.startsWith(`${m}.`));
  // A bare, unbound `Trainer` counts only when a Lightning module is star-imported.
  const starImported = !name.includes(".") && !imports.bindings.has(name) && imports.wildcardModules.some((m) => LIGHTNING_MODULES.includes(m.split(".")[0]!));
  if (!fromLightning && !starImported) return false;
  // On the CPU Lightning runs bf16 by design (it even turns "16-mixed" into "bf16-mixed" there).
  const accelerator = keywordArgument(call, "accelerator");
  return stringValue(accelerator && keywordValue(accelerator)) !== "cpu";
}

function checkPrecision(context: PythonRuleContext, string: SyntaxNode, value: string): void {
  const content = plainStringContent(string);
  if (!content || context.source.guards.guardOf(string)) return;
  // Lightning scales the loss in its own backward (automatic optimization, manual_backward, fabric.backward);
  // a plain loss.backward() would skip the scaling while its optimizer wrapper still unscales.
  const decision = decide(value, context, context.source.text, callsPlainBackward(context.source));
  const { replacement, ...finding } = decision;
  const fix = replacement === undefined ? {} : { fix: [{ start: content.startIndex, end: content.endIndex, text: replacement }] };
  context.report({ start: string.startIndex, end: string.endIndex, ...finding, ...fix });
}

/**
 * LitGPT's YAML configs (`litgpt finetune --config ...`): a top-level `precision`; its loops call fabric.backward.
 * Hydra and LightningCLI configs: the `precision` of a mapping that builds a Lightning Trainer or Fabric, and
 * Lightning's automatic optimization scales the loss itself.
 */
function checkConfig(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  const entries = document.kind === "litgpt" ? [document.get(["precision"])] : document.entries().filter((e) => e.path[e.path.length - 1] === "precision" && isLightningNode(context, e.path.slice(0, -1)));
  for (const entry of entries) {
    const value = typeof entry?.value === "string" ? entry.value : undefined;
    if (!entry || !value || !(value in REPLACEMENTS || value === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value, context, document.text, false);
    const edit = replacement === undefined ? undefined : document.replaceValue(entry, replacement);
    context.report({ ...entryRange(entry), ...finding, ...(edit ? { fix: [edit] } : {}) });
  }
}

/** `_target_` values (Hydra's instantiate) that build a Lightning Trainer or Fabric. */
const LIGHTNING_TARGET = /^(lightning\.pytorch|pytorch_lightning|lightning)(\.trainer(\.trainer)?)?\.Trainer$|^(lightning|lightning\.fabric|lightning_fabric)(\.fabric)?\.Fabric$/;


/**
 * Whether the mapping at `path` builds a Lightning Trainer or Fabric on a GPU: its `_target_` names one; or it is
 * a `trainer:` mapping (LightningCLI, NeMo, a Hydra experiment override) or a Hydra `trainer/` group file, holding a
 * key only Lightning's Trainer takes. `accelerator: cpu` runs bf16 by design.
 */
function isLightningNode(context: DocumentRuleContext<ConfigSource>, path: readonly (string | number)[]): boolean {
  const { document } = context;
  const keys = document.keysOf(path);
  const accelerator = document.get([...path, "accelerator"])?.value;
  if (accelerator === "cpu") return false;
  const target = document.get([...path, "_target_"])?.value;
  if (typeof target === "string") return LIGHTNING_TARGET.test(target);
  const trainerGroup = path.length === 0 && /(^|\/)trainer\/[^/]+$/.test(context.path ?? "");
  const trainerKey = path.length > 0 && path[path.length - 1] === "trainer";
  return (trainerKey || trainerGroup) && keys.some((key) => LIGHTNING_TRAINER_KEYS.includes(key));
}

/** `litgpt finetune ... --precision bf16-mixed` (any litgpt subcommand: they all build a Fabric from the flag). */
function checkLitgptCommands(context: DocumentRuleContext<ShellSource>): void {
  const { document } = context;
  for (const command of document.commands()) {
    if (programName(command.name) !== "litgpt" || document.guardOf(command.node)) continue;
    const use = lastUse(command.args.slice(1), "precision");
    const value = use?.value && !use.value.dynamic ? use.value.value : undefined;
    if (!use?.value || !value || !(value in REPLACEMENTS || value === "bf16-true")) continue;
    const { replacement, ...finding } = decide(value, context, document.text, false);
    const message = `\`${useText(document, use)}\`: ${finding.message}`;
    context.report({ ...useRange(use), ...finding, message, ...(replacement === undefined ? {} : { fix: [valueEdit(use.value, replacement)] }) });
  }
}

/** What a bf16 precision becomes on the target: the finding's text, and the new value when it is rewritten. */
function decide(value: string, context: RuleContextBase, text: string, plainBackward: boolean): { message: string; hint?: string; replacement?: string } {
  const { target } = context;
  // "bf16-mixed" (and its alias "bf16") runs under torch autocast; "bf16-true" keeps the weights themselves in bfloat16.
  const how = value === "bf16-true" ? "keeps the weights and every computation in bfloat16" : "runs torch autocast in bfloat16, which stops with \"Current CUDA Device does not support bfloat16. Please switch dtype to float16.\" or, in newer PyTorch, runs emulated";
  const why = `Lightning's \`${value}\` precision ${how}: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, text);
  const replacement = REPLACEMENTS[value];
  if (!replacement) {
    // "bf16-true" keeps the weights themselves in bf16: "16-true" trains without master weights or loss scaling
    // (often to NaN), and the mixed or float32 choices need twice the weight memory. Where float16 is no choice at
    // all (a model family that overflows it, a GPU without fp16 tensor cores, --precision fp32), only "32-true" is.
    if (choice.mode === "fp32") {
      return {
        message: `${why}.`,
        hint: `${choice.float32Because} the run should use float32: "32-true" if the model fits with float32 weights (twice the memory of "bf16-true"), or a smaller model or quantized base otherwise. Not rewritten: the memory doubles.`,
      };
    }
    return {
      message: `${why}.`,
      hint: 'Use "16-mixed" (float16 autocast with loss scaling) or "32-true" on this GPU if the model fits with float32 weights; "16-true" halves memory like "bf16-true" but trains in pure float16 without loss scaling, which often diverges. Not rewritten: each choice changes memory or stability.',
    };
  }
  if (choice.mode === "fp32") {
    return { message: `${why}. ${choice.float32Because} it trains in float32 ("${replacement.fp32}").`, replacement: replacement.fp32 };
  }
  if (plainBackward) {
    return {
      message: `${why}.`,
      hint: `Use "${replacement.fp16}" on this GPU once the loss goes through Lightning's backward (\`self.manual_backward(loss)\` or \`fabric.backward(loss)\`), or "${replacement.fp32}" for float32. Not rewritten: this file calls \`.backward()\` itself, which would skip fp16 loss scaling.`,
    };
  }
  return { message: `${why}; using "${replacement.fp16}" (fp16 mixed precision: float16 autocast with loss scaling, the weights in the dtype they were loaded in) on its fp16 tensor cores.`, replacement: replacement.fp16 };
}
