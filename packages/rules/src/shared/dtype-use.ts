import { BF16_CHOICE_STRINGS, calleeName, stringValue, type SyntaxNode } from "@gpu-compat/python";

/**
 * How an expression that names a dtype is used:
 * - "request": the code asks for that dtype (an argument, an assignment, a default, a return value, a dict
 *   value): rewriting it changes what runs on the GPU, which is the point;
 * - "test": the code asks whether something has that dtype (`x.dtype == torch.bfloat16`, a dict key, a
 *   `torch.finfo` query), or maps a precision choice to it (`{"bf16": torch.bfloat16}`): rewriting it would change
 *   the program's logic, so it is left alone;
 * - "ambiguous": a collection element or anything else: worth a hint, not an edit.
 */
export type DtypeUse = "request" | "test" | "ambiguous";

/** Calls that ask about a dtype instead of asking for it. */
const QUERY_CALLS = new Set(["finfo", "iinfo", "isinstance", "issubclass", "is_floating_point", "promote_types", "can_cast"]);

export function dtypeUse(expression: SyntaxNode): DtypeUse {
  let node = expression;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case "parenthesized_expression":
      case "conditional_expression":
      case "boolean_operator":
        continue; // The branch is used the way the whole expression is.
      case "keyword_argument":
      case "default_parameter":
      case "typed_default_parameter":
      case "return_statement":
        return "request";
      case "assignment":
        return parent.childForFieldName("right")?.startIndex === node.startIndex ? "request" : "test";
      case "pair": {
        if (parent.childForFieldName("value")?.startIndex !== node.startIndex) return "test";
        // `{"fp16": torch.float16, "bf16": torch.bfloat16}`: a table from a precision choice to its dtype, where
        // "bf16" must keep meaning bf16; the choice is rewritten where it is made.
        const key = stringValue(parent.childForFieldName("key"));
        return key !== null && BF16_CHOICE_STRINGS.has(key) ? "test" : "request";
      }
      case "argument_list": {
        const call = parent.parent;
        const callee = call?.type === "call" ? calleeName(call) : null;
        return callee && QUERY_CALLS.has(callee) ? "test" : "request";
      }
      case "comparison_operator":
      case "subscript":
      case "attribute":
      case "assert_statement":
        return "test";
      case "list":
      case "tuple":
      case "set":
        // `dtype in (torch.float16, torch.bfloat16)` is a test; so is a list of bf16's spellings that a choice is
        // looked up in (`BFLOAT_LIST = ["bf16", "bfloat16", torch.bfloat16]`); `[torch.bfloat16]` alone is unclear.
        return insideComparison(parent) || spellsBf16Choice(parent) ? "test" : "ambiguous";
      default:
        return "ambiguous";
    }
  }
  return "ambiguous";
}

function insideComparison(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "comparison_operator") return true;
    if (parent.type !== "parenthesized_expression" && parent.type !== "tuple" && parent.type !== "list") return false;
  }
  return false;
}

/** A collection that also holds a bf16 choice string ("bf16", "bf16-mixed"): the names a setting may choose bf16 by. */
function spellsBf16Choice(collection: SyntaxNode): boolean {
  return collection.namedChildren.some((item) => item?.type === "string" && BF16_CHOICE_STRINGS.has(stringValue(item) ?? ""));
}
