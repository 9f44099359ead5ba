import { plainStringContent, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("strings (%s backend)", (backend) => {
  const p = useParser(backend);

  /** The right-hand side of `x = <literal>`. */
  const literal = (source: string): SyntaxNode => {
    const root = p.parse(`x = ${source}\n`);
    expect(root.hasError).toBe(false);
    const assignment = root.descendantsOfType("assignment")[0]!;
    return assignment.childForFieldName("right")!;
  };

  it.each([
    ["'bfloat16'", "bfloat16"],
    ['"bfloat16"', "bfloat16"],
    ['"""bfloat16"""', "bfloat16"],
    ["'''two\nlines'''", "two\nlines"],
    ['r"\\d+"', "\\d+"],
    ["b'bytes'", "bytes"],
    ['u"unicode é"', "unicode é"],
    ["Rb'raw bytes'", "raw bytes"],
    ['"has # no comment"', "has # no comment"],
  ])("gives the value of the plain literal %s", (source, value) => {
    const node = literal(source);
    expect(node.type).toBe("string");
    expect(stringValue(node)).toBe(value);
    const content = plainStringContent(node);
    expect(content?.type).toBe("string_content");
    expect(content?.text).toBe(value);
  });

  it.each(['f"dtype={dtype}"', "f'plain'", 'F"x"', 'rf"{a}b"', "fr'plain'"])("gives null for the f-string %s", (source) => {
    const node = literal(source);
    expect(node.type).toBe("string");
    expect(stringValue(node)).toBeNull();
    expect(plainStringContent(node)).toBeNull();
  });

  it("gives null for implicit concatenation, whose parts are plain strings", () => {
    const node = literal('"bf" "loat16"');
    expect(node.type).toBe("concatenated_string");
    expect(stringValue(node)).toBeNull();
    expect(plainStringContent(node)).toBeNull();
    const parts = node.namedChildren.map((part) => stringValue(part));
    expect(parts).toEqual(["bf", "loat16"]);
  });

  it.each(['""', "''", '""""""', "b''", "r''"])("gives the empty string for %s, with no content node", (source) => {
    const node = literal(source);
    expect(stringValue(node)).toBe("");
    expect(plainStringContent(node)).toBeNull();
  });

  it("gives null for nodes that are not strings, and for null", () => {
    expect(stringValue(literal("bfloat16"))).toBeNull();
    expect(stringValue(literal("16"))).toBeNull();
    expect(stringValue(literal("('bfloat16')"))).toBeNull(); // a parenthesized expression
    expect(plainStringContent(literal("16"))).toBeNull();
    expect(stringValue(null)).toBeNull();
  });
});
