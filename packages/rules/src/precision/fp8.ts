import { closestAncestor, isFalse, keywordArgument, keywordValue, stringValue, type LexicalScan, type SyntaxNode } from "@gpu-compat/python";
import { requiredCapability, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { dtypeUse } from "../shared/dtype-use.js";
import { gpuLabel } from "../shared/messages.js";
import { mixedPrecisionMode } from "../shared/precision-policy.js";
import type { PythonRuleContext } from "../types.js";

/** PyTorch's float8 dtypes. */
const FP8_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"];

/** Transformer Engine context managers that run the layers inside them in FP8 (`autocast` is the 2.x name). */
const TE_CONTEXTS = ["fp8_autocast", "fp8_model_init", "autocast", "quantized_model_init"];

/** Calls that compute in FP8 whatever their arguments. */
const FP8_CALLS: Readonly<Record<string, string>> = {
  "torch._scaled_mm": "`torch._scaled_mm` multiplies in FP8",
  "torchao.float8.convert_to_float8_training": "`convert_to_float8_training` swaps the linear layers for FP8 ones",
};

/** What to run instead, in the precision the project's policy picks for the target (bf16 where it exists). */
function mixedPrecisionFor(context: PythonRuleContext): "bf16" | "fp16" | "no" {
  if (context.target.gpu.features.bf16 && context.precision === "auto") return "bf16";
  return mixedPrecisionMode(context.target, context.precision) === "fp16" ? "fp16" : "no";
}

function redesign(context: PythonRuleContext): string {
  const mode = mixedPrecisionFor(context);
  const run = mode === "no" ? "float32" : `${mode} mixed precision`;
  return `There is no drop-in replacement (FP8 recipes need redesign, not a switch): run in ${run} on this GPU, or keep weights stored in float8 and upcast them before each matmul.`;
}

export const fp8 = defineRule({
  id: "fp8",
  title: "FP8 compute on a GPU before Ada/Hopper",
  category: "precision",
  severity: "error",
  fixable: "never",
  lacks: "fp8",
  triggers: ["float8", "fp8", "_scaled_mm", "transformer_engine"],
  mayMatch: mayReportFp8,
  checks: {
    python: {
      run(context) {
        const { source } = context;
        for (const dtype of FP8_DTYPES) {
          for (const node of source.occurrences(dtype)) {
            const reference = referenceAt(node);
            if (reference && source.imports.qualifiedName(reference) === `torch.${dtype}`) checkDtype(context, reference);
          }
        }
        for (const name of [...TE_CONTEXTS, "_scaled_mm", "convert_to_float8_training"]) {
          for (const node of source.occurrences(name)) {
            const reference = referenceAt(node);
            const call = reference && calledAt(reference);
            if (call) checkCall(context, call, source.imports.qualifiedName(reference) ?? "");
          }
        }
        for (const node of source.occurrences("mixed_precision")) checkMixedPrecision(context, node);
      },
    },
  },
});

/**
 * Each finding is on a name the parser sees (a whole word in code, not in a string): a float8 dtype, a call of
 * `_scaled_mm` or `convert_to_float8_training`, a Transformer Engine context, whose qualified name starts with
 * `transformer_engine` (an import of it, or the bare module) and ends in one of TE_CONTEXTS, or a
 * `mixed_precision="fp8"` keyword, whose value is the quoted literal. Files that only test for float8 tensors
 * (`is_float8tensor`), name Transformer Engine in a string (`cuda_graph_impl == "transformer_engine"`) or import
 * their own wrappers of it (`megatron.core.extensions.transformer_engine`), or mention `fp8` in settings (most of
 * Megatron-LM) have nothing to report.
 */
function mayReportFp8(scan: LexicalScan): boolean {
  if (FP8_DTYPES.some((dtype) => scan.hasCodeName(dtype))) return true;
  if (scan.hasCodeName("_scaled_mm") || scan.hasCodeName("convert_to_float8_training")) return true;
  if (scan.hasLeadingName("transformer_engine") && TE_CONTEXTS.some((name) => scan.hasCodeName(name))) return true;
  return scan.hasCodeName("mixed_precision") && (scan.inCode('"fp8"') || scan.inCode("'fp8'"));
}

/** Quoted error texts, verbatim: Transformer Engine's and PyTorch's (`torch._scaled_mm`) refusals of FP8. */
const TRANSFORMER_ENGINE_FP8_ERROR = '"Device compute capability 8.9 or higher required for FP8 execution."';
const SCALED_MM_ERROR = '"torch._scaled_mm is only supported on CUDA devices with compute capability >= 9.0 or 8.9"';
/** The end of `SCALED_MM_ERROR`, as quoted where the message names `torch._scaled_mm` itself. */
const SCALED_MM_ERROR_TAIL = '"only supported on CUDA devices with compute capability >= 9.0 or 8.9"';

function needs89(target: Target): string {
  return `FP8 matmuls need FP8 tensor cores (compute capability ${requiredCapability("fp8")}: L4, RTX 40xx, H100), which ${gpuLabel(target)} lacks`;
}

/** The expression a name stands in: `torch.float8_e4m3fn` for its last segment, or a bare imported name. */
function referenceAt(node: SyntaxNode): SyntaxNode | null {
  if (node.type !== "identifier") return null;
  const parent = node.parent;
  if (parent?.type === "attribute") return parent.childForFieldName("attribute")?.startIndex === node.startIndex ? parent : null;
  if (closestAncestor(node, "import_from_statement") || closestAncestor(node, "import_statement")) return null;
  if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.startIndex === node.startIndex) return null;
  if (parent?.type === "function_definition" || parent?.type === "parameters") return null;
  return node;
}

/**
 * `storage_dtype=torch.float8_e4m3fn` (diffusers' `enable_layerwise_casting`, `apply_layerwise_casting`): weights
 * stored in float8 and cast up to `compute_dtype` before each layer runs, which any GPU can do.
 */
function isStorageOnly(reference: SyntaxNode): boolean {
  const argument = reference.parent;
  return argument?.type === "keyword_argument" && argument.childForFieldName("name")?.text === "storage_dtype";
}

function calledAt(reference: SyntaxNode): SyntaxNode | null {
  const call = reference.parent;
  return call?.type === "call" && call.childForFieldName("function")?.startIndex === reference.startIndex ? call : null;
}

/** `torch.float8_e4m3fn` asked for: storing works everywhere, FP8 math does not. */
function checkDtype(context: PythonRuleContext, reference: SyntaxNode): void {
  const { source, target } = context;
  // Only a dtype asked for; tests and collections of dtypes (`dtype in FP8_TYPES`) compute nothing.
  if (dtypeUse(reference) !== "request" || isStorageOnly(reference) || source.guards.guardOf(reference)) return;
  context.report({
    start: reference.startIndex,
    end: reference.endIndex,
    severity: "warning",
    message: `${needs89(target)}: float8 tensors can be stored and cast there, but \`torch._scaled_mm\` and the FP8 layers built on it raise ${SCALED_MM_ERROR_TAIL}.`,
    hint: redesign(context),
  });
}

function checkCall(context: PythonRuleContext, call: SyntaxNode, name: string): void {
  const { source, target } = context;
  let what = FP8_CALLS[name];
  if (!what) {
    const parts = name.split(".");
    const last = parts.at(-1)!;
    if (parts[0] !== "transformer_engine" || !TE_CONTEXTS.includes(last)) return;
    const enabled = keywordArgument(call, "enabled");
    const value = enabled && keywordValue(enabled);
    // `enabled=False`, or `enabled=` a hardware check (`fp8_ok = capability >= (8, 9)`), turns FP8 off here.
    if (value && (isFalse(value) || source.guards.checkIn(value))) return;
    what = `Transformer Engine's \`${last}\` runs its layers in FP8`;
  }
  if (source.guards.guardOf(call)) return;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message: `${what}, and ${needs89(target)}: it raises ${TRANSFORMER_ENGINE_FP8_ERROR} (Transformer Engine) or ${SCALED_MM_ERROR} (PyTorch).`,
    hint: redesign(context),
  });
}

/** accelerate's `Accelerator(mixed_precision="fp8")` (or any call taking that keyword). */
function checkMixedPrecision(context: PythonRuleContext, name: SyntaxNode): void {
  const { source, target } = context;
  const argument = name.parent;
  if (name.type !== "identifier" || argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  if (stringValue(keywordValue(argument)) !== "fp8" || source.guards.guardOf(argument)) return;
  context.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`mixed_precision="fp8"\` trains through Transformer Engine, torchao or MS-AMP FP8 layers, and ${needs89(target)}: Transformer Engine raises ${TRANSFORMER_ENGINE_FP8_ERROR}`,
    hint: `Use \`mixed_precision="${mixedPrecisionFor(context)}"\` on this GPU; FP8 recipes (scaling, amax history) need redesign, not a switch.`,
  });
}
