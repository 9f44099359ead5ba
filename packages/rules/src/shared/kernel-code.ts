import type { PythonSource, SyntaxNode } from "@gpu-compat/python";
import type { PythonRuleContext, RuleFinding } from "../types.js";

/** Low-precision dtypes whose code is written for FP8/FP4 hardware (Ada, Hopper, Blackwell), not for a T4. */
const LOW_PRECISION_DTYPES = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float4_e2m1fn_x2"];

/** PyTorch's int4 weight-only kernels: they pack and multiply bf16 (or fp16) weights, never float32. */
const INT4_KERNELS = ["_convert_weight_to_int4pack", "_weight_int4pack_mm"];

/** Calls into flash-attn's kernels, which take fp16 or bf16 tensors only. */
const FLASH_ATTN_CALL = /\bflash_attn_(?:\w*func|with_kvcache)\s*\(/;

/**
 * Why a file is kernel code, whose dtypes must match what its kernels were written for: it imports Triton, it
 * handles FP8/FP4 tensors (quantization and dequantization code), or it packs int4 weights for PyTorch's int4
 * kernels. A dtype rewritten there can break the kernel it feeds (a Marlin, FP8 or int4 GEMM takes fp16/bf16,
 * never fp32), so rules hint instead of editing. Undefined otherwise.
 */
export function kernelCodeReason(source: PythonSource): string | undefined {
  if (source.imports.importsModule("triton")) return "this file imports Triton, and its kernels expect the dtypes they were written for";
  const lowPrecision = LOW_PRECISION_DTYPES.find((name) => !source.occurrences(name).next().done);
  if (lowPrecision) return `this file handles ${lowPrecision} tensors, code written for FP8/FP4 GPUs whose kernels expect the dtypes they were written for`;
  const int4 = INT4_KERNELS.find((name) => !source.occurrences(name).next().done);
  if (int4) return `this file packs weights for PyTorch's int4 kernels (\`${int4}\`), which take bf16 or fp16 weights, never float32`;
  return undefined;
}

/** Calls that write a model to disk or a hub, and words that mean the file also trains or runs it. */
const SAVE_CALLS = ["save_pretrained", "push_to_hub", "save_model", "save_file"];
const RUN_WORDS = ["backward", "Trainer", "optimizer", "generate", "pipeline", "train_dataset"];

/**
 * Why a file is a checkpoint export utility found by what it does: it saves a model (`save_pretrained`,
 * `push_to_hub`, safetensors' `save_file`) and neither trains nor runs one. Its dtype is the one the checkpoint is
 * saved in (TRL's tiny-model generators, conversion scripts outside `convert*.py` names), not one that runs here.
 */
export function exportUtilityReason(source: PythonSource): string | undefined {
  const inCode = (word: string) => [...source.occurrences(word)].some((node) => node.type === "identifier");
  if (!SAVE_CALLS.some(inCode) || RUN_WORDS.some(inCode)) return undefined;
  return "this file saves a model without training or running it, so its dtype is the one the checkpoint is saved in";
}

/** `x.to(torch.bfloat16)`, `x.to(dtype=...)`, `x.type(...)`, `x.bfloat16()`: the method call that casts. */
const CAST_METHODS = new Set(["to", "type", "bfloat16"]);

/**
 * Why a cast sits in model code: a method of a class (a module's `forward`, a pipeline's step) casting a tensor to
 * bf16 assumes the model runs in bf16. Rewriting the cast to float32 there makes it disagree with a model loaded in
 * float16; the right change is to follow the module's dtype, which is not a mechanical edit.
 */
export function modelCodeCastReason(source: PythonSource, offset: number): string | undefined {
  const node = source.root.descendantForIndex(offset);
  let call: SyntaxNode | null = null;
  for (let current = node; current && !call; current = current.parent) {
    if (current.type === "call") call = current;
    if (current.type.endsWith("_statement") || current.type === "block") break;
  }
  const method = call?.childForFieldName("function");
  if (method?.type !== "attribute" || !CAST_METHODS.has(method.childForFieldName("attribute")?.text ?? "")) return undefined;
  for (let current = call!.parent; current; current = current.parent) {
    if (current.type === "function_definition") {
      const owner = current.parent?.type === "decorated_definition" ? current.parent.parent : current.parent;
      if (owner?.type === "block" && owner.parent?.type === "class_definition") {
        return "this cast is inside a method of a model class, which assumes the module runs in bf16; make it follow the module's dtype (`x.to(self.dtype)` or a weight's dtype) instead";
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * Why the code at an offset is a kernel's contract: it sits in a function that calls flash-attn's kernels, which
 * take fp16 or bf16 only (float32 there raises "FlashAttention only support fp16 and bf16 data type").
 */
export function kernelFunctionReason(source: PythonSource, offset: number): string | undefined {
  for (let node = source.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === "function_definition" && FLASH_ATTN_CALL.test(node.text)) {
      return "this function calls flash-attn's kernels, which take fp16 or bf16 tensors only; on this GPU use its non-flash path (PyTorch SDPA) instead";
    }
  }
  return undefined;
}

/** A function name that says bf16 as one of its words: `cast_to_bf16`, `peft_module_casting_to_bf16`, `toBfloat16`. */
const BF16_FUNCTION_NAME = /(?:^|_|[a-z](?=[A-Z]))(?:bf16|bfloat16)(?:$|_|[A-Z])/i;

/**
 * Why a dtype sits in a bf16 helper: a function named for bf16 (`cast_to_bf16`, `peft_module_casting_to_bf16`)
 * exists to produce bf16, and its callers decide whether it runs (under `args.bf16`, a config's bf16). Rewriting
 * its cast to float32 turns it into a no-op that still says bf16; the decision belongs to the switch its callers read.
 */
export function bf16FunctionReason(source: PythonSource, offset: number): string | undefined {
  for (let node = source.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type !== "function_definition") continue;
    const name = node.childForFieldName("name")?.text ?? "";
    if (!BF16_FUNCTION_NAME.test(name)) continue;
    return `\`${name}\` is named for bf16, so bf16 is its purpose and running it is the choice: leave it, and turn bf16 off where its callers are told to (the launch flag or config), or skip it on this GPU`;
  }
  return undefined;
}

/**
 * The context a rule reports through in kernel code: fixes become hints that say why and what the fix would have
 * been. `why` tells, per finding, whether it sits in kernel code; a finding's `rewrite` gives its message without
 * the "using X instead" clause, and X.
 */
export function hintOnlyContext(context: PythonRuleContext, why: (finding: RuleFinding) => string | undefined): PythonRuleContext {
  return Object.assign(Object.create(context) as PythonRuleContext, {
    report(finding: RuleFinding) {
      const reason = finding.fix ? why(finding) : undefined;
      if (!reason) return context.report(finding);
      const { fix: _dropped, rewrite, ...rest } = finding;
      const instead = rewrite ? ` If it reaches ordinary PyTorch code, use ${rewrite.instead} there by hand.` : "";
      context.report({ ...rest, message: rewrite?.message ?? finding.message, hint: `Not rewritten: ${reason}.${instead}${finding.hint ? ` ${finding.hint}` : ""}` });
    },
  });
}
