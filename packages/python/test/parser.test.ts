import { loadPythonParser, type SyntaxNode } from "@gpu-compat/python";
import { afterEach, describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("parser (%s backend)", (backend) => {
  const p = useParser(backend);

  it("loads the requested backend and parses a module", () => {
    expect(p.parser.backend).toBe(backend);
    const root = p.parse("import torch\nx = torch.zeros(3)\n");
    expect(root.type).toBe("module");
    expect(root.namedChildren.map((c) => c?.type)).toEqual(["import_statement", "expression_statement"]);
  });

  it("reports no error on valid code", () => {
    expect(p.parse("def f(x):\n    return x + 1\n").hasError).toBe(false);
  });

  it("reports an error on an unclosed parenthesis", () => {
    expect(p.parse("x = (").hasError).toBe(true);
  });

  it("gives UTF-16 offsets after non-ASCII text (é, emoji)", () => {
    const text = 's = "é😀"  # ü ok\nx = torch.bfloat16\n';
    const at = text.indexOf("bfloat16");
    const node = p.parse(text).descendantForIndex(at, at + "bfloat16".length)!;
    expect(node.type).toBe("identifier");
    expect(node.startIndex).toBe(at);
    expect(node.endIndex).toBe(at + "bfloat16".length);
    expect(node.text).toBe("bfloat16");
  });

  it("parses a ~300 KB input to the end", () => {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < 300_000; i++) {
      const line = `x_${i} = torch.zeros(3, dtype=torch.bfloat16)  # é 😀\n`;
      lines.push(line);
      length += line.length;
    }
    const text = lines.join("");
    const root = p.parse(text);
    expect(root.endIndex).toBe(text.length);
    expect(root.hasError).toBe(false);
    const statements = root.namedChildren.filter((c) => c?.type === "expression_statement");
    expect(statements).toHaveLength(lines.length);
    expect(statements.at(-1)!.text).toBe(lines.at(-1)!.split("  #")[0]);
  });
});

describe("parser backends agree", () => {
  const native = useParser("native");
  const wasm = useParser("wasm");

  function spans(root: SyntaxNode): string[] {
    const out: string[] = [];
    const walk = (node: SyntaxNode) => {
      out.push(`${node.type}@${node.startIndex}-${node.endIndex}`);
      for (const child of node.children) if (child) walk(child);
    };
    walk(root);
    return out;
  }

  it("on every node's type and UTF-16 range, with non-ASCII text before the nodes", () => {
    const text = '# café ☕ 😀😀\nname = "naïve 𝔘nicode"\ndtype = torch.bfloat16  # 🚀\ny = f(dtype, é=1)\n';
    const a = spans(native.parse(text));
    const b = spans(wasm.parse(text));
    expect(a.length).toBeGreaterThan(20);
    expect(a).toEqual(b);
  });
});

describe("loadPythonParser backend selection", () => {
  const saved = process.env.GPU_COMPAT_PARSER;
  afterEach(() => {
    if (saved === undefined) delete process.env.GPU_COMPAT_PARSER;
    else process.env.GPU_COMPAT_PARSER = saved;
  });

  it("honours GPU_COMPAT_PARSER when no backend is given", async () => {
    process.env.GPU_COMPAT_PARSER = "wasm";
    expect((await loadPythonParser()).backend).toBe("wasm");
    process.env.GPU_COMPAT_PARSER = "native";
    expect((await loadPythonParser()).backend).toBe("native");
  });

  it("lets an explicit backend override GPU_COMPAT_PARSER", async () => {
    process.env.GPU_COMPAT_PARSER = "wasm";
    expect((await loadPythonParser({ backend: "native" })).backend).toBe("native");
  });
});
