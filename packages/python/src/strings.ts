import { namedChildrenOf, type SyntaxNode } from "./node.js";

/**
 * For a `string` node that is a plain literal (no f-string interpolation, no implicit concatenation), the
 * `string_content` node holding its text; null otherwise.
 */
export function plainStringContent(node: SyntaxNode): SyntaxNode | null {
  if (node.type !== "string") return null;
  const start = node.children[0];
  if (start && /[fF]/.test(start.text)) return null;
  const parts = namedChildrenOf(node).filter((c) => c.type !== "string_start" && c.type !== "string_end");
  if (parts.length !== 1 || parts[0]!.type !== "string_content") return null;
  return parts[0]!;
}

/** The value of a plain string literal (`"bfloat16"` -> bfloat16), or null for anything else. */
export function stringValue(node: SyntaxNode | null): string | null {
  if (!node) return null;
  const content = plainStringContent(node);
  if (content) return content.text;
  // An empty string has no content node.
  if (node.type === "string" && namedChildrenOf(node).every((c) => c.type === "string_start" || c.type === "string_end")) {
    return "";
  }
  return null;
}
