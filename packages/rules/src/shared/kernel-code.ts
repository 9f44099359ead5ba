import type { PythonSource } from "@gpu-compat/python";
import type { PythonRuleContext, RuleFinding } from "../types.js";

/** Low-precision dtypes whose code is written for FP8/FP4 hardware (Ada, Hopper, Blackwell), not for a T4. */
const LOW_PRECISION_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float4_e2m1fn_x2"];

/**
 * Why a file is kernel code, whose dtypes must match what its kernels were written for: it imports Triton, or it
 * handles FP8/FP4 tensors (quantization and dequantization code). A dtype rewritten there can break the kernel it
 * feeds (a Marlin or FP8 GEMM takes fp16/bf16, never fp32), so rules hint instead of editing. Undefined otherwise.
 */
export function kernelCodeReason(source: PythonSource): string | undefined {
  if (source.imports.importsModule("triton")) return "this file imports Triton, and its kernels expect the dtypes they were written for";
  const lowPrecision = LOW_PRECISION_DTYPES.find((name) => !source.occurrences(name).next().done);
  if (lowPrecision) return `this file handles ${lowPrecision} tensors, code written for FP8/FP4 GPUs whose kernels expect the dtypes they were written for`;
  return undefined;
}

/**
 * The context a rule reports through in kernel code: fixes become hints that say why and what the fix would have
 * been. `replacement` reads the rewrite out of a finding's message ("...; using float32 instead.").
 */
export function hintOnlyContext(context: PythonRuleContext, why: string, replacement: (finding: RuleFinding) => { message: string; instead: string } | undefined): PythonRuleContext {
  return Object.assign(Object.create(context) as PythonRuleContext, {
    report(finding: RuleFinding) {
      if (!finding.fix) return context.report(finding);
      const { fix: _dropped, ...rest } = finding;
      const parts = replacement(finding);
      const instead = parts ? ` If it reaches ordinary PyTorch code, use ${parts.instead} there by hand.` : "";
      context.report({ ...rest, message: parts?.message ?? finding.message, hint: `Not rewritten: ${why}.${instead}${finding.hint ? ` ${finding.hint}` : ""}` });
    },
  });
}
