import {
  argumentsOf,
  closestAncestor,
  hasSplat,
  isFalse,
  keywordArgument,
  keywordValue,
  stringValue,
  type SyntaxNode,
  type TextEdit,
} from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { noBf16Reason } from "../shared/messages.js";
import { mixedPrecisionFor } from "../shared/precision-policy.js";
import { onlyTestsOf } from "../shared/dtype-tests.js";
import { torchLocalName } from "../shared/torch-family.js";
import { indentOf, lineEnd, lineStart, trainingContext, type SimpleStep } from "../shared/training-step.js";
import type { PythonRuleContext } from "../types.js";

/** Where each autocast spelling takes its arguments; `device` is null when the device is fixed to CUDA. */
interface Signature {
  device: number | null;
  dtype: number;
  enabled: number;
}

const TORCH_AUTOCAST: Signature = { device: 0, dtype: 1, enabled: 2 };
const CUDA_AMP_AUTOCAST: Signature = { device: null, dtype: 1, enabled: 0 }; // autocast(enabled, dtype, cache_enabled)
const AUTOCAST_CALLS: ReadonlyMap<string, Signature> = new Map([
  ["torch.autocast", TORCH_AUTOCAST],
  ["torch.amp.autocast", TORCH_AUTOCAST],
  ["torch.amp.autocast_mode.autocast", TORCH_AUTOCAST],
  ["torch.cuda.amp.autocast", CUDA_AMP_AUTOCAST],
  ["torch.cuda.amp.autocast_mode.autocast", CUDA_AMP_AUTOCAST],
]);

export const autocastBf16 = defineRule({
  id: "autocast-bf16",
  title: "bf16 autocast on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  ownsDtypeOf: ["autocast"],
  lacks: "bf16",
  triggers: ["bfloat16"],
  // Each finding is the dtype of an autocast call, whose name ends in `autocast` (or is imported under that name),
  // and a dtype that is only tested is no call's dtype.
  mayMatch: (scan) => scan.inCode("autocast") && !onlyTestsOf(scan, "bfloat16"),
  checks: {
    python: {
      run(context) {
        const { imports } = context.source;
        for (const node of context.source.occurrences("bfloat16")) {
          if (node.type !== "identifier") continue;
          const parent = node.parent;
          if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === node.startIndex) {
            if (imports.qualifiedName(parent) === "torch.bfloat16") checkDtype(context, parent);
          } else if (closestAncestor(node, "import_from_statement")) {
            // `from torch import bfloat16 as bf`: follow the local name to its uses.
            const aliased = node.parent?.parent?.type === "aliased_import" ? node.parent.parent : null;
            const local = aliased?.childForFieldName("alias")?.text;
            if (local) for (const use of context.source.occurrences(local)) if (isTorchBf16Name(context, use)) checkDtype(context, use);
          } else if (isTorchBf16Name(context, node)) {
            checkDtype(context, node);
          }
        }
      },
    },
  },
});

function isTorchBf16Name(context: PythonRuleContext, node: SyntaxNode): boolean {
  return node.type === "identifier" && node.parent?.type !== "attribute" && context.source.imports.qualifiedName(node) === "torch.bfloat16" && !closestAncestor(node, "import_from_statement");
}

/** The autocast call a dtype expression is the `dtype` of, with the argument that holds it. */
function autocastOf(context: PythonRuleContext, expression: SyntaxNode): { call: SyntaxNode; argument: SyntaxNode; signature: Signature } | null {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  const isKeyword = holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === node.startIndex;
  if (isKeyword ? holder.childForFieldName("name")?.text !== "dtype" : holder?.type !== "argument_list") return null;
  const argument = isKeyword ? holder! : node;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const signature = fn ? AUTOCAST_CALLS.get(context.source.imports.qualifiedName(fn) ?? "") : undefined;
  if (!call || !signature) return null;
  if (!isKeyword && positional(call).findIndex((arg) => arg.startIndex === node.startIndex) !== signature.dtype) return null;
  return { call, argument, signature };
}

function checkDtype(context: PythonRuleContext, expression: SyntaxNode): void {
  const { source, target } = context;
  const found = autocastOf(context, expression);
  if (!found) return;
  const { call, argument, signature } = found;
  if (signature.device !== null) {
    const keyword = keywordArgument(call, "device_type");
    const device = keyword ? keywordValue(keyword) : positional(call)[signature.device];
    if (!device) return;
    // CPU autocast runs in bf16 by design; an unknown device (a variable) is taken to be the GPU this targets.
    const literal = stringValue(device);
    if (literal !== null && literal !== "cuda") return;
  }
  const enabled = enabledArgument(call, signature);
  if ((enabled && isFalse(enabled.value)) || source.guards.guardOf(argument)) return;

  const range = { start: argument.startIndex, end: argument.endIndex };
  const why = `bf16 autocast stops with "Current CUDA Device does not support bfloat16. Please switch dtype to float16." or, in newer PyTorch, runs emulated: ${noBf16Reason(target)}`;

  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    const fp16Too = choice.float32Because;
    if (enabled || hasSplat(call)) {
      context.report({ ...range, message: `${why}.`, hint: "Turn autocast off on this GPU: make `enabled` False here and drop the bf16 `dtype` (this call already sets `enabled`, or may through `**kwargs`, so it is not rewritten)." });
      return;
    }
    context.report({ ...range, message: `${why}. ${fp16Too} autocast is turned off (\`enabled=False\`) and this code runs in float32.`, fix: [{ ...range, text: "enabled=False" }] });
    return;
  }

  const dtypeEdit = float16Edit(context, expression);
  const scaling = trainingContext(call, source);
  const scalerHint = `Use \`torch.float16\` here with a GradScaler around the training step (\`scaler.scale(loss).backward()\`, \`scaler.step(optimizer)\`, \`scaler.update()\`), or \`enabled=False\` to train in float32`;
  if (!dtypeEdit) {
    context.report({ ...range, message: `${why}.`, hint: `${scalerHint} (this file does not import \`torch\` itself, so the dtype is not rewritten).` });
    return;
  }
  switch (scaling.kind) {
    case "inference":
      context.report({ ...range, message: `${why}; using float16 autocast on its fp16 tensor cores (no gradients are computed here, so no GradScaler is needed).`, fix: [dtypeEdit] });
      return;
    case "scaled":
      context.report({ ...range, message: `${why}; using float16 autocast on its fp16 tensor cores, with the GradScaler this code already has (check that it is enabled).`, fix: [dtypeEdit] });
      return;
    case "unclear":
      // fp16 gradients without loss scaling underflow silently: a dtype change alone could train worse, so no edit.
      context.report({ ...range, message: `${why}; float16 autocast needs a GradScaler when training, and ${scaling.why}.`, hint: `${scalerHint}.` });
      return;
    case "simple": {
      const { step } = scaling;
      context.report({
        ...range,
        message: `${why}; using float16 autocast on its fp16 tensor cores, with a GradScaler (\`${step.scalerName}\`) that scales \`${step.loss.text}\` and steps \`${step.optimizer}\`, so small fp16 gradients do not underflow.`,
        fix: [dtypeEdit, ...scalerEdits(context, call, step)],
      });
    }
  }
}

/** `torch.bfloat16` -> `torch.float16` keeping the user's spelling of torch; a bare imported name needs `torch`. */
function float16Edit(context: PythonRuleContext, expression: SyntaxNode): TextEdit | null {
  if (expression.type === "attribute") {
    const name = expression.childForFieldName("attribute")!;
    return { start: name.startIndex, end: name.endIndex, text: "float16" };
  }
  const torch = torchLocalName(context.source.imports);
  return torch ? { start: expression.startIndex, end: expression.endIndex, text: `${torch}.float16` } : null;
}

/**
 * The GradScaler edits, all in one fix with the dtype: create the scaler once before the training loop, scale the
 * loss, step through the scaler and update it, and unscale before a gradient clip (which would otherwise clip the
 * scaled gradients).
 */
function scalerEdits(context: PythonRuleContext, call: SyntaxNode, step: SimpleStep): TextEdit[] {
  const { text, imports } = context.source;
  const torch = torchLocalName(imports) ?? "torch";
  const name = step.scalerName;
  const quote = quoteOf(call);
  // Match the API generation the file uses: torch.cuda.amp.GradScaler exists wherever torch.cuda.amp.autocast does.
  const constructor = imports.qualifiedName(call.childForFieldName("function")!)?.startsWith("torch.cuda.amp.")
    ? `${torch}.cuda.amp.GradScaler()`
    : `${torch}.amp.GradScaler(${quote}cuda${quote})`;
  const { eol } = lineEnd(text, step.anchor.startIndex);
  const newline = eol || "\n";
  const anchorIndent = indentOf(text, step.anchor)!;
  const stepIndent = indentOf(text, step.stepStatement)!;
  const stepLineEnd = lineEnd(text, step.stepStatement.endIndex).at;
  const edits: TextEdit[] = [
    { start: lineStart(text, step.anchor.startIndex), end: lineStart(text, step.anchor.startIndex), text: `${anchorIndent}${name} = ${constructor}${newline}` },
    { start: step.loss.startIndex, end: step.loss.endIndex, text: `${name}.scale(${step.loss.text})` },
    { start: step.stepCall.startIndex, end: step.stepCall.endIndex, text: `${name}.step(${step.optimizer})` },
    { start: stepLineEnd, end: stepLineEnd, text: `${newline}${stepIndent}${name}.update()` },
  ];
  if (step.clipStatement) {
    const at = lineStart(text, step.clipStatement.startIndex);
    edits.push({ start: at, end: at, text: `${indentOf(text, step.clipStatement)}${name}.unscale_(${step.optimizer})${newline}` });
  }
  return edits;
}

/** The quote the call's device string uses, so the new `"cuda"` looks like the file's. */
function quoteOf(call: SyntaxNode): string {
  const keyword = keywordArgument(call, "device_type");
  const device = keyword ? keywordValue(keyword) : positional(call)[0];
  const start = device?.type === "string" ? device.children[0]?.text : undefined;
  return start === "'" ? "'" : '"';
}

function positional(call: SyntaxNode): SyntaxNode[] {
  return argumentsOf(call).filter((arg) => arg.type !== "keyword_argument" && arg.type !== "list_splat" && arg.type !== "dictionary_splat");
}

function enabledArgument(call: SyntaxNode, signature: Signature): { value: SyntaxNode | null } | null {
  const keyword = keywordArgument(call, "enabled");
  if (keyword) return { value: keywordValue(keyword) };
  const value = positional(call)[signature.enabled];
  return value ? { value } : null;
}
