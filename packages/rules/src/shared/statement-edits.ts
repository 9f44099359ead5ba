import { namedChildrenOf, type SyntaxNode, type TextEdit } from "@gpu-compat/python";

/**
 * The edit that deletes whole lines: the text from `start` to `end` with its indentation, the comment after it
 * and the line break. Null when anything but indentation precedes `start` on its line, or anything but a
 * comment follows `end` on its line (`a = 1; b = 2`), since deleting the line would take other code with it.
 */
export function removeLinesEdit(text: string, start: number, end: number): TextEdit | null {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return null;
  const rest = /^[ \t]*(#[^\r\n]*)?(\r?\n|\r|$)/.exec(text.slice(end));
  if (!rest) return null;
  return { start: lineStart, end: end + rest[0].length, text: "" };
}

/** The statements of a block, without the comments tree-sitter keeps among them. */
export function blockStatements(block: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(block).filter((child) => child.type !== "comment");
}

/**
 * The edit that deletes a statement. A block must keep one statement, so where every statement of the block is
 * being deleted (`alsoDeleted` says which others are), the last one becomes `pass` instead.
 */
export function removeStatementEdit(text: string, statement: SyntaxNode, alsoDeleted: (other: SyntaxNode) => boolean): TextEdit | null {
  const block = statement.parent;
  if (block?.type === "block") {
    const statements = blockStatements(block);
    const last = statements.at(-1);
    const emptiesBlock = statements.every((other) => other.startIndex === statement.startIndex || alsoDeleted(other));
    if (emptiesBlock && last?.startIndex === statement.startIndex) return { start: statement.startIndex, end: statement.endIndex, text: "pass" };
  }
  return removeLinesEdit(text, statement.startIndex, statement.endIndex);
}
