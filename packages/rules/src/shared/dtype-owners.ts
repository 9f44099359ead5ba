import { keywordArgument, keywordValue, stringValue, type ImportMap, type SyntaxNode } from "@gpu-compat/python";
import { allRules } from "../registry.js";

/**
 * Calls whose bf16 dtype argument belongs to a more specific rule, because the right replacement there is not
 * float32: each rule declares them (`Rule.ownsDtypeOf`); `bf16-dtype` stays silent on them, and on libraries for
 * other devices. Read from the registry when first asked (the registry imports the rules, which import this file).
 */
let owningCalls: ReadonlySet<string> | undefined;
function isOwningCall(key: string): boolean {
  owningCalls ??= new Set(allRules.flatMap((rule) => rule.ownsDtypeOf ?? []));
  return owningCalls.has(key) || owningCalls.has(key.split(".").pop()!);
}

/** The call an expression is an argument of (positional or keyword), if any. */
export function callOfArgumentValue(expression: SyntaxNode): SyntaxNode | null {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const holder = node.parent?.type === "keyword_argument" ? node.parent.parent : node.parent;
  if (holder?.type !== "argument_list") return null;
  return holder.parent?.type === "call" ? holder.parent : null;
}

/** "autocast" for `torch.cuda.amp.autocast(...)`, "FastLanguageModel.from_pretrained" for that method. */
export function callKey(call: SyntaxNode, imports: ImportMap): string | null {
  const fn = call.childForFieldName("function");
  const name = fn && imports.qualifiedName(fn);
  if (!name) return null;
  const parts = name.split(".");
  return parts.length >= 2 ? parts.slice(-2).join(".") : name;
}

/** Libraries whose bf16 runs on another device: Intel's extension optimizes for Intel CPUs and GPUs (XPU). Calls that
 * place their result on the CPU count too. */
const OTHER_DEVICE_MODULES = ["intel_extension_for_pytorch."];

export function isOwnedByAnotherRule(expression: SyntaxNode, imports: ImportMap): boolean {
  const call = callOfArgumentValue(expression);
  const key = call && callKey(call, imports);
  if (!key) return false;
  if (isOwningCall(key)) return true;
  const callee = call.childForFieldName("function");
  const name = (callee && imports.qualifiedName(callee)) ?? "";
  return OTHER_DEVICE_MODULES.some((module) => name.startsWith(module)) || placedOnCpu(call);
}

/** `from_pretrained(..., device_map="cpu")`, `torch.zeros(..., device="cpu")`: the dtype never reaches the GPU here. */
function placedOnCpu(call: SyntaxNode): boolean {
  return ["device_map", "device"].some((name) => {
    const argument = keywordArgument(call, name);
    return argument !== null && stringValue(keywordValue(argument)) === "cpu";
  });
}

/**
 * Precision policies defined by name, to be chosen elsewhere: FSDP's `MixedPrecision(param_dtype=...)` and FSDP2's
 * `MixedPrecisionPolicy(...)` (`bfSixteen = MixedPrecision(param_dtype=torch.bfloat16, ...)` beside `fpSixteen`),
 * and optimizer state dtypes (AnyPrecisionAdamW's `momentum_dtype`, `variance_dtype`), which bf16 stores correctly on
 * any GPU. Rewriting the policy would make `bfSixteen` mean fp32; the choice between policies is what changes.
 */
const POLICY_CALLS: ReadonlySet<string> = new Set(["MixedPrecision", "MixedPrecisionPolicy"]);
const STATE_DTYPE_NAMES = /^(?:momentum|variance|compensation_buffer|state|optim_state|optimizer_state|exp_avg|exp_avg_sq)_dtype$/;

export function isNamedPolicy(expression: SyntaxNode, imports: ImportMap): boolean {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type === "keyword_argument" || holder?.type === "default_parameter" || holder?.type === "typed_default_parameter") {
    const name = holder.childForFieldName("name")?.text ?? "";
    if (STATE_DTYPE_NAMES.test(name)) return true;
  }
  const call = callOfArgumentValue(expression);
  const key = call && callKey(call, imports);
  return !!key && POLICY_CALLS.has(key.split(".").pop()!);
}
