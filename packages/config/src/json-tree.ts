import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { ConfigSyntaxError } from "./syntax-error.js";
import type { MapNode, ParsedTree, TreeNode } from "./tree.js";

/**
 * Reads JSON as Python's `json.load` and DeepSpeed accept it: no comments, no trailing commas, but `NaN`,
 * `Infinity` and `-Infinity` as numbers (json.dump writes them for float("nan"), as in logged metrics). Throws a
 * ConfigSyntaxError naming the first problem and where it is.
 */
export function parseJsonTree(text: string): ParsedTree {
  const special = nonFiniteNumbers(text);
  // The parser knows only finite numbers: it reads a view with each one spelled as a number of the same length.
  const parts: string[] = [];
  let from = 0;
  for (const { start, word } of special) {
    parts.push(text.slice(from, start), SAME_LENGTH[word]);
    from = start + word.length;
  }
  const view = special.length === 0 ? text : parts.join("") + text.slice(from);
  const errors: ParseError[] = [];
  const root = parseTree(view, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new ConfigSyntaxError(`not valid JSON: ${first ? describe(first) : "no value"}`, first?.offset ?? 0);
  }
  // Keyed by where the number starts: `-Infinity` one before its word.
  const values = new Map(special.map(({ start, word, negative }) => [negative ? start - 1 : start, negative ? -NON_FINITE[word] : NON_FINITE[word]]));
  return { roots: [toNode(root, values)] };
}

const NON_FINITE = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY } as const;
const SAME_LENGTH = { NaN: "1e0", Infinity: "1.000e00" } as const;

/** Where `NaN` and `Infinity` stand as values (outside strings), in text order. */
function nonFiniteNumbers(text: string): { start: number; word: keyof typeof NON_FINITE; negative: boolean }[] {
  if (!text.includes("NaN") && !text.includes("Infinity")) return [];
  const found: { start: number; word: keyof typeof NON_FINITE; negative: boolean }[] = [];
  const token = /"(?:[^"\\]|\\.)*"|\b(NaN|Infinity)\b/g;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    const word = match[1] as keyof typeof NON_FINITE | undefined;
    if (word) found.push({ start: match.index, word, negative: text[match.index - 1] === "-" });
  }
  return found;
}

function toNode(node: Node, nonFinite: ReadonlyMap<number, number>): TreeNode {
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
          value: toNode(value, nonFinite),
          parent: map,
        });
      }
      return map;
    }
    case "array":
      return { type: "seq", flow: true, start, end, items: (node.children ?? []).map((item) => toNode(item, nonFinite)) };
    default: {
      const special = node.type === "number" ? nonFinite.get(start) : undefined;
      if (special !== undefined) return { type: "scalar", value: special, start, end, style: "json", editable: false };
      return { type: "scalar", value: node.value ?? null, start, end, style: "json", editable: true };
    }
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
