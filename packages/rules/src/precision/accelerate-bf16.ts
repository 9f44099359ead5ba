import { kindMarkers } from "@gpu-compat/config";
import { argumentsOf, plainStringContent, stringValue, type SyntaxNode } from "@gpu-compat/python";
import type { FlagUse, ShellSource } from "@gpu-compat/shell";
import { defineRule } from "../define.js";
import { allEdits, entryRange, entryText } from "../shared/config-entries.js";
import { noBf16Reason } from "../shared/messages.js";
import { FP16_RISK, mixedPrecisionFor } from "../shared/precision-policy.js";
import { lastUse, pythonLaunches, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { quotedInCode } from "../shared/dtype-tests.js";
import { callsPlainBackward } from "../shared/training-step.js";
import type { DocumentRuleContext, PythonRuleContext } from "../types.js";

/** accelerate entry points that take `mixed_precision`, with the position it has when passed positionally. */
const MIXED_PRECISION_CALLS: ReadonlyMap<string, number | null> = new Map([
  ["Accelerator", null],
  ["notebook_launcher", null],
  ["write_basic_config", 0],
]);

export const accelerateBf16 = defineRule({
  id: "accelerate-bf16",
  title: "bf16 mixed precision in Hugging Face accelerate on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are a `"bf16"` string given to a call from accelerate, whose import names the package.
  mayMatch: (scan) => scan.inCode("accelerate") && quotedInCode(scan, "bf16"),
  checks: {
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          // `accelerate launch --mixed_precision bf16 train.py`, and a script's own `--mixed_precision`, which
          // training scripts built on accelerate (diffusers' examples) pass to `Accelerator(mixed_precision=...)`.
          const own = launch.launcher === "accelerate launch" ? lastUse(launch.options, "mixed_precision") : undefined;
          if (own) checkShellMode(context, own, "launch");
          const scripts = lastUse(launch.args, "mixed_precision");
          if (scripts) checkShellMode(context, scripts, "script");
        }
      },
    },
    config: {
      needsOneOf: kindMarkers("accelerate"),
      run(context) {
        // `mixed_precision: bf16` in the config `accelerate config` writes (default_config.yaml), YAML or JSON.
        const { document, target } = context;
        const entry = document.kind === "accelerate" ? document.get(["mixed_precision"]) : undefined;
        if (entry?.value !== "bf16") return;
        const why = `\`${entryText(document, entry)}\` makes \`accelerate launch\` stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
        const choice = mixedPrecisionFor(target, context.precision, document.text);
        const fp32 = choice.mode === "fp32";
        const mode = fp32 ? "no" : "fp16";
        const fix = allEdits([document.replaceValue(entry, mode)]);
        const message = fp32
          ? `${why}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.`
          : `${why}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
        context.report(fix ? { ...entryRange(entry), message, fix } : { ...entryRange(entry), message, hint: `Set \`mixed_precision\` to ${mode}.` });
      },
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("bf16")) {
          if (node.type !== "string_content" || !node.parent || stringValue(node.parent) !== "bf16") continue;
          if (mixedPrecisionCall(context, node.parent)) checkValue(context, node.parent);
        }
      },
    },
  },
});

/** The accelerate call that receives this string as its `mixed_precision`, if any. */
function mixedPrecisionCall(context: PythonRuleContext, string: SyntaxNode): SyntaxNode | null {
  const holder = string.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === string.startIndex;
  if (isKeyword && holder.childForFieldName("name")?.text !== "mixed_precision") return null;
  const list = isKeyword ? holder.parent : holder;
  const call = list?.type === "argument_list" ? list.parent : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const name = fn ? context.source.imports.qualifiedName(fn) : null;
  if (!call || !name?.startsWith("accelerate.")) return null;
  const position = MIXED_PRECISION_CALLS.get(name.split(".").pop()!);
  if (position === undefined) return null;
  if (!isKeyword) {
    const index = argumentsOf(call).findIndex((arg) => arg.startIndex === string.startIndex);
    if (position === null || index !== position) return null;
  }
  return call;
}

function checkValue(context: PythonRuleContext, string: SyntaxNode): void {
  const { source, target } = context;
  const content = plainStringContent(string);
  if (!content || source.guards.guardOf(string)) return;
  const range = { start: string.startIndex, end: string.endIndex };
  const why = `accelerate's bf16 mode stops with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;

  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    context.report({ ...range, message: `${why}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.`, fix: [{ start: content.startIndex, end: content.endIndex, text: "no" }] });
    return;
  }
  // accelerate's fp16 GradScaler scales the loss only in accelerator.backward(loss); a plain loss.backward() next
  // to it leaves the loss unscaled while the wrapped optimizer still unscales, shrinking every update.
  if (callsPlainBackward(source)) {
    context.report({
      ...range,
      message: `${why}.`,
      hint: 'Use `mixed_precision="fp16"` on this GPU after replacing `loss.backward()` with `accelerator.backward(loss)` (fp16 needs the loss scaled there), or `"no"` for float32. Not rewritten: this file calls `.backward()` itself.',
    });
    return;
  }
  context.report({
    ...range,
    message: `${why}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`,
    fix: [{ start: content.startIndex, end: content.endIndex, text: "fp16" }],
  });
}

/** `--mixed_precision bf16` (or `=bf16`) given to `accelerate launch` or to a script that hands it to accelerate. */
function checkShellMode(context: DocumentRuleContext<ShellSource>, use: FlagUse, to: "launch" | "script"): void {
  const { document, target } = context;
  if (!use.value || use.value.dynamic || use.value.value !== "bf16") return;
  const written = useText(document, use);
  const via = to === "launch" ? "makes `accelerate launch`" : "is handed to `Accelerator(mixed_precision=...)` by training scripts built on accelerate, which makes accelerate";
  const why = `\`${written}\` ${via} stop with "bf16 mixed precision requires PyTorch >= 1.10 and a supported device." or, in newer versions, train with emulated bf16: ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  const fp32 = choice.mode === "fp32";
  const message = fp32
    ? `${why}. ${choice.float32Because} mixed precision is turned off ("no") and training runs in float32.`
    : `${why}; using "fp16" mixed precision (float16 autocast, loss scaled in \`accelerator.backward\`; the weights keep the dtype they were loaded in) on its fp16 tensor cores (${FP16_RISK}).`;
  context.report({ ...useRange(use), message, fix: [valueEdit(use.value, fp32 ? "no" : "fp16")] });
}
