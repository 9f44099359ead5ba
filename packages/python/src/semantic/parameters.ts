import { namedChildrenOf, type SyntaxNode } from "../node.js";

export type ParameterKind = "positional-only" | "positional" | "keyword-only" | "var-positional" | "var-keyword";

export interface Parameter {
  readonly name: string;
  kind: ParameterKind;
  /** The identifier. */
  readonly identifier: SyntaxNode;
  /** The parameter as written: `x`, `x: int = 1`, `*args`. */
  readonly node: SyntaxNode;
  readonly default: SyntaxNode | undefined;
}

/** The parameters of a function definition or lambda, in order, with how a call can pass each. */
export function parametersOf(definition: SyntaxNode): Parameter[] {
  const list = definition.childForFieldName("parameters");
  if (!list) return [];
  const found: Parameter[] = [];
  let keywordOnly = false;
  for (const node of namedChildrenOf(list)) {
    if (node.type === "positional_separator") {
      for (const earlier of found) earlier.kind = "positional-only";
      continue;
    }
    if (node.type === "keyword_separator") {
      keywordOnly = true;
      continue;
    }
    // `b: int` wraps its name (or `*args`) without a field; defaults name theirs.
    const inner = node.type === "typed_parameter" ? node.namedChildren[0] : node.childForFieldName("name") ?? node;
    if (!inner) continue;
    let kind: ParameterKind = keywordOnly ? "keyword-only" : "positional";
    let identifier: SyntaxNode | null = inner;
    if (inner.type === "list_splat_pattern" || inner.type === "dictionary_splat_pattern") {
      kind = inner.type === "list_splat_pattern" ? "var-positional" : "var-keyword";
      keywordOnly = true;
      identifier = namedChildrenOf(inner).find((c) => c.type === "identifier") ?? null;
    }
    if (identifier?.type !== "identifier") continue;
    found.push({ name: identifier.text, kind, identifier, node, default: node.childForFieldName("value") ?? undefined });
  }
  return found;
}
