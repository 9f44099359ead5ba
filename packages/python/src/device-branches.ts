import { comparisonParts, namedChildrenOf, unparenthesize, type SyntaxNode } from "./node.js";
import { stringValue } from "./strings.js";

/**
 * Devices other than an NVIDIA GPU that model code branches on: code under `if device == "cpu":` or
 * `if torch.xpu.is_available():` runs there, where bf16 is native (Intel CPUs and XPUs, Gaudi, Ascend, TPUs)
 * or irrelevant, and never on the GPU a rewrite is for.
 */
const OTHER_DEVICES: ReadonlySet<string> = new Set(["cpu", "mps", "xpu", "hpu", "npu", "tpu", "xla", "mlu", "musa"]);

/** `is_torch_xpu_available()`, `is_ipex_available()`, `is_torch_npu_available()` and the like. */
const OTHER_DEVICE_PROBE = /^is_(?:torch_)?(?:xpu|mps|npu|hpu|mlu|tpu|xla|ipex|habana|musa|gaudi)(?:_available)?$/;

/**
 * When a condition says the code runs on another device: "true" when the condition holding means another device
 * (`device == "cpu"`, `torch.xpu.is_available()`), "false" when it failing does (`device != "cpu"`,
 * `torch.cuda.is_available()`), null when it says neither.
 */
export function otherDeviceWhen(condition: SyntaxNode): "true" | "false" | null {
  const node = unparenthesize(condition);
  switch (node.type) {
    case "not_operator": {
      const operand = node.childForFieldName("argument");
      const inner = operand ? otherDeviceWhen(operand) : null;
      return inner === "true" ? "false" : inner === "false" ? "true" : null;
    }
    case "boolean_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const sides = [node.childForFieldName("left"), node.childForFieldName("right")].map((side) => (side ? otherDeviceWhen(side) : null));
      // `a and b` holds only when both do; `a or b` fails only when both do.
      if (operator === "and") return sides.includes("true") ? "true" : sides.every((s) => s === "false") ? "false" : null;
      return sides.includes("false") ? "false" : sides.every((s) => s === "true") ? "true" : null;
    }
    case "comparison_operator":
      return comparisonWhen(node);
    case "call":
      return probeWhen(node.childForFieldName("function"));
    default:
      return null;
  }
}

/** `device == "cpu"`, `args.device in ("cpu", "mps")`, `"cpu" in str(device)`, `device.type != "cpu"`. */
function comparisonWhen(comparison: SyntaxNode): "true" | "false" | null {
  const parts = comparisonParts(comparison);
  if (!parts) return null;
  const { operator } = parts;
  const named = [parts.left, parts.right].flatMap((operand) => deviceStrings(operand));
  if (named.length === 0 || !named.every((name) => OTHER_DEVICES.has(name))) return null;
  if (operator === "==" || operator === "in" || operator === "is") return "true";
  if (operator === "!=" || operator === "not in" || operator === "is not") return "false";
  return null;
}

/** The device names a comparison operand spells: a string, or a tuple/list/set of strings. */
function deviceStrings(operand: SyntaxNode): string[] {
  const node = unparenthesize(operand);
  const literal = stringValue(node);
  if (literal !== null) return [literal.split(":")[0]!];
  if (node.type === "tuple" || node.type === "list" || node.type === "set") {
    const items = namedChildrenOf(node).map((item) => stringValue(item));
    return items.every((item): item is string => item !== null) ? items.map((item) => item.split(":")[0]!) : [];
  }
  return [];
}

/** `torch.xpu.is_available()` and the probes above: "true"; `torch.cuda.is_available()`: "false". */
function probeWhen(callee: SyntaxNode | null): "true" | "false" | null {
  if (!callee) return null;
  const name = callee.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee.text;
  if (!name) return null;
  if (OTHER_DEVICE_PROBE.test(name)) return "true";
  if (name !== "is_available" || callee.type !== "attribute") return null;
  const module = callee.childForFieldName("object");
  const last = module?.type === "attribute" ? module.childForFieldName("attribute")?.text : module?.text;
  if (last === "cuda") return "false";
  return last !== undefined && OTHER_DEVICES.has(last) ? "true" : null;
}
