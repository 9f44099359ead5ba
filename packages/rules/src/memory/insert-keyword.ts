import { argumentsOf, childrenOf, type SyntaxNode, type TextEdit } from "@gpu-compat/python";

/**
 * The edits that add `argument` (`device_map="auto"`) as the last argument of a call, in the call's layout:
 * - arguments on one line: `f(a, b)` -> `f(a, b, device_map="auto")`;
 * - the last argument on its own line: a new line with its indentation, keeping whether the call ends its last
 *   argument with a comma, and leaving a comment after that argument on its line.
 * Null for a call without arguments (nothing to take the layout from).
 */
export function appendArgumentEdits(text: string, call: SyntaxNode, argument: string): TextEdit[] | null {
  const last = argumentsOf(call).at(-1);
  if (!last) return null;
  const comma = nextToken(last)?.type === "," ? nextToken(last)! : null;
  const lineStart = lineStartOf(text, last.startIndex);
  const indent = text.slice(lineStart, last.startIndex);
  if (!/^[ \t]*$/.test(indent)) {
    // Inline: after the last argument, before any trailing comma (`f(a, b,)` -> `f(a, b, device_map="auto",)`).
    return [{ start: last.endIndex, end: last.endIndex, text: `, ${argument}` }];
  }
  const after = comma ?? last;
  const rest = /^[ \t]*(#[^\r\n]*)?(?=\r\n|\r|\n|$)/.exec(text.slice(after.endIndex));
  const newline = /\r\n|\r|\n/.exec(text.slice(after.endIndex))?.[0] ?? "\n";
  if (!rest) {
    // The parenthesis closes on the argument's line (`    b)` or `    b,)`).
    return comma
      ? [{ start: comma.endIndex, end: comma.endIndex, text: ` ${argument},` }]
      : [{ start: last.endIndex, end: last.endIndex, text: `,${newline}${indent}${argument}` }];
  }
  const lineEnd = after.endIndex + rest[0].length;
  if (comma) return [{ start: lineEnd, end: lineEnd, text: `${newline}${indent}${argument},` }];
  const line = `${newline}${indent}${argument}`;
  // The comma goes after the argument, the new line after the comment that may follow it.
  if (lineEnd === last.endIndex) return [{ start: lineEnd, end: lineEnd, text: `,${line}` }];
  return [
    { start: last.endIndex, end: last.endIndex, text: "," },
    { start: lineEnd, end: lineEnd, text: line },
  ];
}

function nextToken(node: SyntaxNode): SyntaxNode | null {
  const tokens = node.parent ? childrenOf(node.parent) : [];
  const index = tokens.findIndex((t) => t.startIndex === node.startIndex && t.endIndex === node.endIndex);
  // Comments sit among the tokens of an argument list; the comma after an argument comes before them.
  return tokens.slice(index + 1).find((t) => t.type !== "comment") ?? null;
}

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}
