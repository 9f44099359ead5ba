import type { TextEdit } from "@gpu-compat/python";
import { memberEnd, type MemberNode } from "./tree.js";

/**
 * The edit that removes a mapping member. In a YAML block mapping: its whole line, with a comment that ends it,
 * when the member sits alone on its line. In JSON and YAML flow mappings: the member and the comma that
 * separates it from a neighbour, so the rest keeps its layout (a member on its own line takes its line along).
 * Undefined where the member cannot be cut out cleanly (it shares its line, or spans several in YAML).
 */
export function removeMemberEdit(text: string, member: MemberNode): TextEdit | undefined {
  return member.parent.flow ? removeDelimited(text, member) : removeBlockLine(text, member);
}

function removeBlockLine(text: string, member: MemberNode): TextEdit | undefined {
  const start = lineStart(text, member.keyStart);
  if (text.slice(start, member.keyStart).trim() !== "") return undefined; // `- key: value`: the line holds more
  const end = memberEnd(member);
  if (/[\r\n]/.test(text.slice(member.keyStart, end))) return undefined;
  const rest = restOfLine(text, end);
  if (!/^[ \t]*(#.*)?$/.test(text.slice(end, rest.end))) return undefined;
  return { start, end: rest.afterBreak, text: "" };
}

function removeDelimited(text: string, member: MemberNode): TextEdit | undefined {
  const siblings = member.parent.members;
  const index = siblings.indexOf(member);
  const end = memberEnd(member);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  const ownLine = (from: number, to: number) => text.slice(lineStart(text, from), from).trim() === "" && /^[ \t]*,?[ \t]*$/.test(text.slice(to, restOfLine(text, to).end));
  if (next) {
    // `"a": 1,\n  "b": 2`: take the member's line (with its comma) when both start lines of their own.
    if (ownLine(member.keyStart, end) && text.slice(lineStart(text, next.keyStart), next.keyStart).trim() === "") {
      return { start: lineStart(text, member.keyStart), end: restOfLine(text, end).afterBreak, text: "" };
    }
    return { start: member.keyStart, end: next.keyStart, text: "" };
  }
  // The last member: take the comma after the previous one, so no trailing comma is left.
  if (previous) return { start: memberEnd(previous), end, text: "" };
  if (ownLine(member.keyStart, end)) return { start: lineStart(text, member.keyStart), end: restOfLine(text, end).afterBreak, text: "" };
  return { start: member.keyStart, end, text: "" };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Where the line holding `offset` ends (before its line break) and where the next line starts. */
function restOfLine(text: string, offset: number): { end: number; afterBreak: number } {
  const newline = text.indexOf("\n", offset);
  if (newline === -1) return { end: text.length, afterBreak: text.length };
  return { end: text[newline - 1] === "\r" ? newline - 1 : newline, afterBreak: newline + 1 };
}
