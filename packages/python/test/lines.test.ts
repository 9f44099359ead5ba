import { LineIndex } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";

describe("LineIndex", () => {
  it("maps offsets to 1-based lines and columns with \\n endings", () => {
    const lines = new LineIndex("ab\ncde\nf");
    expect(lines.lineCount).toBe(3);
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(1)).toEqual({ line: 1, column: 2 });
    expect(lines.position(2)).toEqual({ line: 1, column: 3 }); // the "\n" itself belongs to line 1
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(5)).toEqual({ line: 2, column: 3 });
    expect(lines.position(7)).toEqual({ line: 3, column: 1 });
    expect(lines.lineText(1)).toBe("ab");
    expect(lines.lineText(2)).toBe("cde");
    expect(lines.lineText(3)).toBe("f");
  });

  it("treats \\r\\n as one line ending", () => {
    const text = "ab\r\ncd\r\ne";
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(3);
    expect(lines.position(2)).toEqual({ line: 1, column: 3 }); // "\r"
    expect(lines.position(3)).toEqual({ line: 1, column: 4 }); // "\n"
    expect(lines.position(4)).toEqual({ line: 2, column: 1 });
    expect(lines.position(text.indexOf("e"))).toEqual({ line: 3, column: 1 });
    expect(lines.lineStart(2)).toBe(4);
    expect(lines.lineText(1)).toBe("ab");
    expect(lines.lineText(2)).toBe("cd");
    expect(lines.lineText(3)).toBe("e");
  });

  it("treats a lone \\r as a line ending", () => {
    const lines = new LineIndex("ab\rcd\re");
    expect(lines.lineCount).toBe(3);
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(6)).toEqual({ line: 3, column: 1 });
    expect(lines.lineText(1)).toBe("ab");
    expect(lines.lineText(2)).toBe("cd");
  });

  it("handles mixed endings, including \\r directly followed by \\r\\n", () => {
    // lines: "a" (\r), "" (\r\n), "b" (\n), ""
    const lines = new LineIndex("a\r\r\nb\n");
    expect(lines.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((n) => lines.lineText(n))).toEqual(["a", "", "b", ""]);
    expect(lines.position(4)).toEqual({ line: 3, column: 1 });
  });

  it("places the end of text after a final newline on an empty last line", () => {
    const text = "x = 1\ny = 2\n";
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(3);
    expect(lines.position(text.length)).toEqual({ line: 3, column: 1 });
    expect(lines.lineText(3)).toBe("");
    expect(lines.lineStart(3)).toBe(text.length);
  });

  it("places the end of text without a final newline after the last character", () => {
    const text = "x = 1\r\ny = 2";
    const lines = new LineIndex(text);
    expect(lines.position(text.length)).toEqual({ line: 2, column: 6 });
    expect(lines.lineText(2)).toBe("y = 2");
  });

  it("handles the empty text", () => {
    const lines = new LineIndex("");
    expect(lines.lineCount).toBe(1);
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.lineText(1)).toBe("");
  });

  it("answers the text length for the start of a line past the end", () => {
    const lines = new LineIndex("a\nb");
    expect(lines.lineStart(2)).toBe(2);
    expect(lines.lineStart(9)).toBe(3);
  });

  it("counts columns in UTF-16 code units", () => {
    const text = "s = '😀é'; x = 1";
    const lines = new LineIndex(text);
    // "😀" is two code units and "é" one, so "x" is the 12th code unit (the 11th code point).
    expect(text[11]).toBe("x");
    expect(lines.position(11)).toEqual({ line: 1, column: 12 });
  });
});
