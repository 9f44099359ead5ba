import { invalidUtf8At } from "../src/codec.js";
import { describe, expect, it } from "vitest";

describe("invalidUtf8At", () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));

  it("is undefined for valid UTF-8, with or without a BOM", () => {
    expect(invalidUtf8At(bytes("é 🚀 x\n"))).toBeUndefined();
    expect(invalidUtf8At(bytes([0xef, 0xbb, 0xbf], "a\n"))).toBeUndefined();
  });

  it.each([
    ["a latin-1 byte", bytes("# caf", [0xe9], "\n"), { byte: 0xe9, line: 1, column: 6 }],
    ["on a later line, after astral characters", bytes("x\n🚀a", [0xff]), { byte: 0xff, line: 2, column: 4 }],
    ["an overlong encoding", bytes("ab", [0xc0, 0xaf]), { byte: 0xc0, line: 1, column: 3 }],
    ["a UTF-16 surrogate", bytes([0xed, 0xa0, 0x80]), { byte: 0xed, line: 1, column: 1 }],
    ["a truncated sequence", bytes("a\n\n", [0xe2, 0x82]), { byte: 0xe2, line: 3, column: 1 }],
    ["past U+10FFFF", bytes([0xf4, 0x90, 0x80, 0x80]), { byte: 0xf4, line: 1, column: 1 }],
    ["after a BOM", bytes([0xef, 0xbb, 0xbf], "ab", [0x80]), { byte: 0x80, line: 1, column: 3 }],
  ])("finds %s", (_name, input, where) => {
    expect(invalidUtf8At(input)).toEqual(where);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(input)).toThrow();
  });
});
