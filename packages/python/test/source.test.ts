import { ImportMap, LineIndex } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("PythonSource (%s backend)", (backend) => {
  const p = useParser(backend);

  const found = (code: string, word: string) =>
    [...p.source(code).occurrences(word)].map((node) => ({ type: node.type, text: node.text, at: node.startIndex }));

  it("finds identifiers, string contents and comments, each as its smallest node", () => {
    const code = [
      "import torch",
      "a = torch.bfloat16",
      'b = "bfloat16"',
      "# prefer bfloat16 on Ampere",
      "c = bfloat16",
      "",
    ].join("\n");
    const occurrences = found(code, "bfloat16");
    expect(occurrences.map(({ type, text }) => [type, text])).toEqual([
      ["identifier", "bfloat16"],
      ["string_content", "bfloat16"],
      ["comment", "# prefer bfloat16 on Ampere"],
      ["identifier", "bfloat16"],
    ]);
    expect(occurrences.map((o) => o.at)).toEqual([
      code.indexOf("bfloat16"),
      code.indexOf('"bfloat16"') + 1,
      code.indexOf("# prefer"),
      code.lastIndexOf("bfloat16"),
    ]);
  });

  it("matches whole words only", () => {
    const code =
      "if is_bfloat16_supported():\n    x = bfloat16_ok\n    y = mybfloat16\n    z = bfloat16x\n    w = torch.bfloat16\n";
    const occurrences = found(code, "bfloat16");
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]).toEqual({ type: "identifier", text: "bfloat16", at: code.indexOf("torch.bfloat16") + 6 });
  });

  it("treats non-ASCII letters as part of a word", () => {
    expect(found("ébfloat16 = 1\nbfloat16é = 2\n", "bfloat16")).toEqual([]);
  });

  it("finds a word at the very start and the very end of the text", () => {
    const code = "bfloat16 = torch.bfloat16";
    expect(found(code, "bfloat16").map((o) => o.at)).toEqual([0, code.length - "bfloat16".length]);
  });

  it("finds a word inside an f-string's literal part", () => {
    const [node] = found('msg = f"using bfloat16 on {device}"\n', "bfloat16");
    expect(node?.type).toBe("string_content");
  });

  it("finds a word inside a keyword argument's string value", () => {
    const [node] = found('model = load(torch_dtype="bfloat16")\n', "bfloat16");
    expect(node).toEqual({ type: "string_content", text: "bfloat16", at: 26 });
  });

  it("finds nothing when the word is absent", () => {
    expect(found("x = torch.float16\n", "bfloat16")).toEqual([]);
  });

  it("finds each of several occurrences on one line", () => {
    expect(found("x = (bfloat16, bfloat16)\n", "bfloat16").map((o) => o.at)).toEqual([5, 15]);
  });

  it("computes imports and lines once, from its own text", () => {
    const code = "import torch as T\nx = 1\n";
    const source = p.source(code);
    expect(source.imports).toBeInstanceOf(ImportMap);
    expect(source.imports).toBe(source.imports);
    expect(source.imports.bindings.get("T")).toBe("torch");
    expect(source.lines).toBeInstanceOf(LineIndex);
    expect(source.lines).toBe(source.lines);
    expect(source.lines.lineText(2)).toBe("x = 1");
  });
});
