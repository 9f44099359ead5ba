import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { MapNode, ParsedTree, TreeNode } from "./tree.js";

/**
 * Reads strict JSON (what Python's `json.load` and DeepSpeed accept: no comments, no trailing commas) into the
 * layout tree. Throws an Error naming the first problem and where it is.
 */
export function parseJsonTree(text: string): ParsedTree {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const where = first ? ` at ${lineColumn(text, first.offset)}` : "";
    throw new Error(`not valid JSON: ${first ? describe(first) : "no value"}${where}`);
  }
  return { roots: [toNode(root)] };
}

function toNode(node: Node): TreeNode {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case "object": {
      const map: MapNode = { type: "map", flow: true, start, end, members: [] };
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        map.members.push({
          key: String(key.value),
          keyStart: key.offset,
          keyEnd: key.offset + key.length,
          keyStyle: "json",
          keyEditable: true,
          value: toNode(value),
          parent: map,
        });
      }
      return map;
    }
    case "array":
      return { type: "seq", flow: true, start, end, items: (node.children ?? []).map(toNode) };
    default:
      return { type: "scalar", value: node.value ?? null, start, end, style: "json", editable: true };
  }
}

const MESSAGES: Partial<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "property name expected (a trailing comma?)",
  ValueExpected: "value expected",
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: "end of file expected (more than one value?)",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

function describe(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  return MESSAGES[code] ?? code;
}

/** "line 3, column 5", both 1-based. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
