import { comparisonParts, HARDWARE_CHECK_NAMES, namedChildrenOf, unparenthesize, type SyntaxNode } from "@gpu-compat/python";
import { type ComputeCapability, formatComputeCapability, requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

/** Checks that ask for native bf16: they hold on the target when it has bf16. */
const BF16_CHECKS = new Set(["is_bf16_supported", "is_bfloat16_supported", "is_torch_bf16_gpu_available", "is_torch_bf16_available"]);

/**
 * An `assert` or `if ...: raise` on the GPU's capability that fails on the target: the run stops there, so
 * nothing after it is guarded by it, it is what keeps the code from running. Reported, never rewritten: whether
 * to drop the check or turn it into a branch is the author's call.
 */
export const capabilityAssert = defineRule({
  id: "capability-assert",
  title: "An assert or raise on the GPU's compute capability that fails on the target",
  category: "platform",
  severity: "error",
  fixable: "never",
  appliesWhen: "an assert or raise in the code requires a compute capability the target does not have",
  appliesTo: () => true,
  // A stop on a derived name (`major, _ = get_device_capability()`) still needs the check's name in the file.
  triggers: [...HARDWARE_CHECK_NAMES],
  mayMatch: (scan) => scan.inCode("assert") || scan.inCode("raise"),
  checks: {
    python: {
      run(context) {
        const seen = new Set<number>();
        for (const keyword of ["assert", "raise"]) {
          for (const node of context.source.occurrences(keyword)) {
            const stop = stoppingStatement(node);
            if (!stop || seen.has(stop.statement.startIndex)) continue;
            seen.add(stop.statement.startIndex);
            checkStop(context, stop.statement, stop.condition, stop.failsWhen, stop.body);
          }
        }
      },
    },
  },
});

/** `assert cond` stops when cond is false; `if cond: ... raise` stops when cond is true. */
function stoppingStatement(keyword: SyntaxNode): { statement: SyntaxNode; condition: SyntaxNode; failsWhen: boolean; body: SyntaxNode } | null {
  const statement = keyword.type === "assert_statement" || keyword.type === "raise_statement" ? keyword : keyword.parent;
  if (statement?.type === "assert_statement") {
    const [condition] = namedChildrenOf(statement);
    return condition ? { statement, condition, failsWhen: false, body: statement } : null;
  }
  if (statement?.type !== "raise_statement") return null;
  const block = statement.parent;
  const owner = block?.parent;
  if (block?.type !== "block" || owner?.type !== "if_statement" || owner.childForFieldName("consequence")?.startIndex !== block.startIndex) return null;
  const condition = owner.childForFieldName("condition");
  return condition ? { statement: owner, condition, failsWhen: true, body: block } : null;
}

/**
 * A stop whose own message says compiled kernels or a package built for newer GPUs need the capability (sglang's
 * sgl-kernel wheels, FlashAttention-3, FP8 or Marlin kernels): a kernel contract, which dropping the check only
 * moves into the kernels. FlashAttention-2 and bf16 are not: gpu-compat rewrites their uses.
 */
const KERNEL_CONTRACT = /\b(?:kernels?|wheels?|binar(?:y|ies)|sglang|sgl[-_]kernel|fp8|fa3|flash[-_ ]?attention[-_ ]?3|flash[-_ ]?attn[-_ ]?3|hopper|marlin|machete|cutlass)\b/i;
const REWRITTEN_USES = /bf16|bfloat16|flash[-_ ]?attention(?![-_ ]?3)|flash[-_ ]?attn(?![-_ ]?3)|\bfa2\b/i;

function kernelContract(body: SyntaxNode, condition: SyntaxNode): boolean {
  const text = body
    .descendantsOfType("string")
    .filter((string): string is SyntaxNode => !!string && (string.startIndex >= condition.endIndex || string.endIndex <= condition.startIndex))
    .map((string) => string.text)
    .join(" ");
  return KERNEL_CONTRACT.test(text) && !REWRITTEN_USES.test(text);
}

function checkStop(context: PythonRuleContext, statement: SyntaxNode, condition: SyntaxNode, failsWhen: boolean, body: SyntaxNode): void {
  const check = context.source.guards.hardwareCheckIn(condition);
  if (!check) return;
  const cc = context.target.gpu.computeCapability;
  const outcome = evaluate(condition, cc, context);
  if (outcome.value !== failsWhen) return;
  const what = statement.type === "assert_statement" ? "This assert" : "This check raises and";
  const where = gpuLabel(context.target);
  const emulation = outcome.bf16Check
    ? " With PyTorch 2.3 or newer `is_bf16_supported()` counts emulated bf16 and passes instead, so the bf16 code after it runs emulated and slow."
    : "";
  const hint = kernelContract(body, condition)
    ? `Keep the check unless the code after it changes: its message says kernels or a package it needs are built for newer GPUs only, so without it the run fails inside them instead. On this GPU run that step with a library or backend that supports compute capability ${formatComputeCapability(context.target.gpu.computeCapability)}.`
    : undefined;
  context.report({
    start: statement.startIndex,
    end: condition.endIndex,
    message: `${what} requires ${outcome.requirement}: on ${where} it stops the run here.${emulation}`,
    hint: hint ?? `Drop the check, or turn it into a branch that picks float16 (or float32) below compute capability ${requiredCapability("bf16")}; the code after it is what must run on this GPU (gpu-compat rewrites its bf16 and FlashAttention uses).`,
  });
}

interface Outcome {
  /** Whether the condition holds on the target; undefined when it cannot be told. */
  value: boolean | undefined;
  /** "compute capability 8.0 or newer", "native bf16 (compute capability 8.0 or newer)". */
  requirement: string;
  bf16Check: boolean;
}

/** Evaluates a condition on the target's compute capability, three-valued. */
function evaluate(condition: SyntaxNode, cc: ComputeCapability, context: PythonRuleContext): Outcome {
  const node = unparenthesize(condition);
  const unknown: Outcome = { value: undefined, requirement: "", bf16Check: false };
  switch (node.type) {
    case "not_operator": {
      const inner = node.childForFieldName("argument");
      const result = inner ? evaluate(inner, cc, context) : unknown;
      return { ...result, value: result.value === undefined ? undefined : !result.value };
    }
    case "boolean_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const sides = [left, right].map((side) => (side ? evaluate(side, cc, context) : unknown));
      const known = sides.find((side) => side.value !== undefined);
      const and = node.childForFieldName("operator")?.type === "and";
      // `a and b` is false when one side is; `a or b` true when one side is; otherwise it takes both.
      const decisive = sides.find((side) => side.value === !and);
      if (decisive) return decisive;
      if (sides.every((side) => side.value !== undefined)) return known!;
      return unknown;
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
      if (name && BF16_CHECKS.has(name)) return { value: context.target.gpu.features.bf16, requirement: `native bf16 (compute capability ${requiredCapability("bf16")} or newer)`, bf16Check: true };
      return unknown;
    }
    case "identifier":
    case "attribute":
      return unknown;
    case "comparison_operator":
      return compareCapability(node, cc, context) ?? unknown;
    default:
      return unknown;
  }
}

/**
 * `get_device_capability()[0] >= 8`, `major >= 8`, `props.major >= 8`, `cc >= 80`, `capability >= (8, 0)`,
 * `float(...) >= 8.0`: one side reads the hardware, the other is a number or a pair. A whole number below 10 is a
 * major version, 10 or more a major*10+minor code, a fraction or a pair the full capability.
 */
function compareCapability(comparison: SyntaxNode, cc: ComputeCapability, context: PythonRuleContext): Outcome | undefined {
  const parts = comparisonParts(comparison);
  if (!parts) return undefined;
  const { left, right, operator } = parts;
  const guards = context.source.guards;
  const literalRight = capabilityLiteral(right);
  const literalLeft = capabilityLiteral(left);
  let hardwareOnLeft: boolean;
  if (literalRight && guards.hardwareCheckIn(left)) hardwareOnLeft = true;
  else if (literalLeft && guards.hardwareCheckIn(right)) hardwareOnLeft = false;
  else return undefined;
  const literal = (hardwareOnLeft ? literalRight : literalLeft)!;
  const actual = literal.scale === "major" ? cc.major : literal.scale === "code" ? cc.major * 10 + cc.minor : cc.major + cc.minor / 10;
  const [a, b] = hardwareOnLeft ? [actual, literal.value] : [literal.value, actual];
  const value = compare(a, operator, b);
  if (value === undefined) return undefined;
  // The capability the condition asks for, in words, when it asks for a minimum.
  const minimum = literal.scale === "major" ? `${literal.value}.0` : literal.scale === "code" ? `${Math.floor(literal.value / 10)}.${literal.value % 10}` : literal.value.toFixed(1);
  const strict = (hardwareOnLeft && operator === ">") || (!hardwareOnLeft && operator === "<");
  const requirement = strict ? `a compute capability above ${minimum}` : `compute capability ${minimum} or newer`;
  return { value, requirement: `${requirement} (the target has ${formatComputeCapability(cc)})`, bf16Check: false };
}

function capabilityLiteral(node: SyntaxNode): { value: number; scale: "major" | "code" | "full" } | undefined {
  const value = unparenthesize(node);
  if (value.type === "integer") {
    const n = Number(value.text);
    return n < 10 ? { value: n, scale: "major" } : { value: n, scale: "code" };
  }
  if (value.type === "float") return { value: Number(value.text), scale: "full" };
  if (value.type === "tuple") {
    const parts = namedChildrenOf(value);
    if (parts.length === 2 && parts.every((p) => p.type === "integer")) return { value: Number(parts[0]!.text) + Number(parts[1]!.text) / 10, scale: "full" };
  }
  return undefined;
}

function compare(a: number, operator: string, b: number): boolean | undefined {
  switch (operator) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case "<":
      return a < b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    default:
      return undefined;
  }
}
