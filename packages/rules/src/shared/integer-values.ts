import { argumentsOf, keywordArgument, keywordValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";

/** The value of a decimal integer literal (`8`, `1_024`); null for anything else, computed values included. */
export function integerLiteral(node: SyntaxNode | null): number | null {
  if (node?.type !== "integer" || !/^\d+(_\d+)*$/.test(node.text)) return null;
  return Number(node.text.replaceAll("_", ""));
}

/**
 * An integer literal, or a name the module assigns one integer literal (`MAX_LEN = 1024` at the top level, and
 * nowhere else in the file). For values the rules read but never edit.
 */
export function integerOrConstant(source: PythonSource, node: SyntaxNode | null): number | null {
  const literal = integerLiteral(node);
  if (literal !== null || node?.type !== "identifier") return literal;
  let value: number | null = null;
  for (const assignment of source.root.descendantsOfType("assignment")) {
    if (assignment?.childForFieldName("left")?.text !== node.text) continue;
    const assigned = integerLiteral(assignment.childForFieldName("right"));
    const atTopLevel = assignment.parent?.type === "expression_statement" && assignment.parent.parent?.type === "module";
    if (assigned === null || !atTopLevel || (value !== null && value !== assigned)) return null;
    value = assigned;
  }
  return value;
}

/**
 * The node passed for a parameter, by keyword or at its position (`DataLoader(ds, 64)` passes batch_size at 1).
 * Positions are only trusted when no `*args` comes before them.
 */
export function argumentFor(call: SyntaxNode, name: string, position: number): SyntaxNode | null {
  const keyword = keywordArgument(call, name);
  if (keyword) return keywordValue(keyword);
  const positional: SyntaxNode[] = [];
  for (const argument of argumentsOf(call)) {
    if (argument.type === "list_splat") return null;
    if (argument.type === "keyword_argument" || argument.type === "dictionary_splat") break;
    positional.push(argument);
  }
  return positional[position] ?? null;
}
