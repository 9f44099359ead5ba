/**
 * The part of a tree-sitter node that gpu-compat uses. The native binding (`tree-sitter`) and the WebAssembly
 * one (`web-tree-sitter`) both satisfy it, so everything above the parser works with either.
 * Indices are UTF-16 code-unit offsets into the JavaScript string that was parsed.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: SyntaxNode | null;
  readonly children: readonly (SyntaxNode | null)[];
  readonly namedChildren: readonly (SyntaxNode | null)[];
  readonly childCount: number;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  readonly previousSibling: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
  descendantsOfType(type: string | string[]): readonly (SyntaxNode | null)[];
}

/** Named children without the nulls the web binding's typings allow. */
export function namedChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null);
}

export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child): child is SyntaxNode => child !== null);
}

/** Ancestors from the parent up to the module. */
export function* ancestors(node: SyntaxNode): Generator<SyntaxNode> {
  for (let current = node.parent; current; current = current.parent) yield current;
}

export function closestAncestor(node: SyntaxNode, type: string): SyntaxNode | null {
  for (const ancestor of ancestors(node)) if (ancestor.type === type) return ancestor;
  return null;
}

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/**
 * A comparison of two operands and its operator as tree-sitter spells the token: `a == b` gives `[a, b]` and "==",
 * `a not in b` "not in", `a is not b` "is not". Undefined for chains (`a < b < c`) and anything else.
 */
export function comparisonParts(comparison: SyntaxNode): { left: SyntaxNode; right: SyntaxNode; operator: string } | undefined {
  if (comparison.type !== "comparison_operator") return undefined;
  const operands = namedChildrenOf(comparison);
  if (operands.length !== 2) return undefined;
  const operator = childrenOf(comparison)
    .filter((child) => !operands.some((operand) => sameNode(operand, child)))
    .map((token) => token.type)
    .join(" ");
  return { left: operands[0]!, right: operands[1]!, operator };
}

/** Strips redundant parentheses: `(torch.bfloat16)` is `torch.bfloat16`. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === "parenthesized_expression") {
    const inner = namedChildrenOf(current).find((c) => c.type !== "comment");
    if (!inner) break;
    current = inner;
  }
  return current;
}
