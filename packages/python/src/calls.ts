import { childrenOf, namedChildrenOf, unparenthesize, type SyntaxNode } from "./node.js";
import type { TextEdit } from "./edits.js";

/** The `call` node whose argument list holds this keyword argument or positional argument. */
export function callOfArgument(argument: SyntaxNode): SyntaxNode | null {
  const list = argument.parent;
  if (!list || list.type !== "argument_list") return null;
  const call = list.parent;
  return call && call.type === "call" ? call : null;
}

/**
 * When `name` is the called name of a call (`f(...)`, or the `f` of `x.f(...)`), that call and its callee
 * expression (`f` or `x.f`), for rules that anchor on a function's name.
 */
export function callNamedAt(name: SyntaxNode): { call: SyntaxNode; callee: SyntaxNode } | null {
  if (name.type !== "identifier") return null;
  let callee = name;
  if (name.parent?.type === "attribute") {
    if (name.parent.childForFieldName("attribute")?.startIndex !== name.startIndex) return null;
    callee = name.parent;
  }
  const call = callee.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.startIndex !== callee.startIndex) return null;
  return { call, callee };
}

/** The last dotted segment of a call's callee: `transformers.TrainingArguments(...)` -> "TrainingArguments". */
export function calleeName(call: SyntaxNode): string | null {
  const fn = call.childForFieldName("function");
  if (!fn) return null;
  if (fn.type === "identifier") return fn.text;
  if (fn.type === "attribute") return fn.childForFieldName("attribute")?.text ?? null;
  return null;
}

export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  if (!list || list.type !== "argument_list") return [];
  return namedChildrenOf(list).filter((child) => child.type !== "comment");
}

export function keywordArguments(call: SyntaxNode): SyntaxNode[] {
  return argumentsOf(call).filter((arg) => arg.type === "keyword_argument");
}

export function keywordArgument(call: SyntaxNode, name: string): SyntaxNode | null {
  return keywordArguments(call).find((arg) => arg.childForFieldName("name")?.text === name) ?? null;
}

export function keywordValue(argument: SyntaxNode): SyntaxNode | null {
  const value = argument.childForFieldName("value");
  return value ? unparenthesize(value) : null;
}

/** True when the call passes `**kwargs` or `*args`, so keywords it does not show may still be set. */
export function hasSplat(call: SyntaxNode): boolean {
  return argumentsOf(call).some((arg) => arg.type === "dictionary_splat" || arg.type === "list_splat");
}

export function isTrue(node: SyntaxNode | null): boolean {
  return node?.type === "true";
}

export function isFalse(node: SyntaxNode | null): boolean {
  return node?.type === "false";
}

/**
 * The edit that deletes one argument with its separating comma, keeping the rest of the layout:
 * an argument alone on its line loses the whole line, with the comment that explains it; otherwise the argument
 * and the comma and spaces after it go (or the comma before it, for the last argument).
 */
export function removeArgumentEdit(text: string, argument: SyntaxNode): TextEdit {
  const list = argument.parent;
  if (!list) throw new Error("argument without an argument list");
  const tokens = childrenOf(list);
  const index = tokens.findIndex((t) => t.startIndex === argument.startIndex && t.endIndex === argument.endIndex);
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  const commaBefore = before?.type === "," ? before : null;
  const commaAfter = after?.type === "," ? after : null;
  const end = commaAfter ? commaAfter.endIndex : argument.endIndex;

  const lineStart = lineStartOf(text, argument.startIndex);
  const onlyIndentBefore = /^[ \t]*$/.test(text.slice(lineStart, argument.startIndex));
  const restOfLine = /^[ \t]*(#[^\r\n]*)?(\r\n|\r|\n|$)/.exec(text.slice(end));
  if (onlyIndentBefore && restOfLine) {
    // The argument (and its comma) fill the line: remove the line, newline included.
    return { start: lineStart, end: end + restOfLine[0].length, text: "" };
  }
  const closesAfter = tokens[index + 2]?.type === ")";
  if (commaBefore && commaAfter && (closesAfter || restOfLine)) {
    // `f(a, b=1,)` -> `f(a,)` and `f(a, b=1,\n  c)` -> `f(a,\n  c)`: the space after the previous comma goes
    // with the argument, the layout that follows stays.
    return { start: commaBefore.endIndex, end, text: "" };
  }
  if (commaAfter) {
    // `f(a=1, b)` -> `f(b)`: the argument, its comma and the spaces up to the next argument.
    const spaces = /^[ \t]*/.exec(text.slice(end))![0];
    return { start: argument.startIndex, end: end + spaces.length, text: "" };
  }
  // Last argument without a trailing comma: take the comma before it.
  if (commaBefore) return { start: commaBefore.startIndex, end: argument.endIndex, text: "" };
  return { start: argument.startIndex, end: argument.endIndex, text: "" };
}

/** Offset where the line holding `offset` starts, for "\n", "\r\n" and lone "\r" endings. */
function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}
