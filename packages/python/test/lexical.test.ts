import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LexicalScan, proseRanges, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

const inCode = (text: string, literal = "bf16") => new LexicalScan(text).inCode(literal);

describe("LexicalScan.inCode", () => {
  it.each([
    ["a comment", "x = 1  # bf16 is faster\n"],
    ["a docstring", 'def f():\n    """Uses bf16."""\n    return 1\n'],
    ["a single-quoted triple string", "DOC = '''\n>>> model.to(torch.bf16)\n'''\n"],
    ["a raw triple string", 'DOC = r"""bf16 \\d"""\n'],
    ["a bytes triple string with an uppercase prefix", "DOC = Rb'''bf16'''\n"],
    ["an escaped quote inside a triple string", 'DOC = """say \\""" bf16"""\n'],
    ["a comment after a raw string ending in an escaped backslash", 'x = r"\\\\"  # bf16\n'],
    ["a comment after an escaped brace pair in an f-string", 'x = f"{{"  # bf16\n'],
    ["a comment after an f-string whose field nests the same quotes (PEP 701)", 'x = f"{d["a"]}"  # bf16\n'],
    ["a comment with CRLF line ends", "x = 1  # bf16\r\ny = 2\r\n"],
    ["a docstring after `in` with no space", 'if x in"""bf16""": pass\n'],
    ["a docstring after a call's closed brackets", 'f(x)[0]\ndef g():\n    """bf16"""\n'],
  ])("is false for a literal only in %s", (_, text) => {
    expect(inCode(text)).toBe(false);
  });

  it.each([
    ["code", "args = dict(bf16=True)\n"],
    ["a one-line string (a value)", 'x = "bf16"\n'],
    ["a triple-quoted string passed in a call", 'model = load(dtype="""bf16""")\n'],
    ["a triple-quoted string in a list", "NAMES = [\n    '''bf16''',\n]\n"],
    ["a `#` inside a string, which is no comment", 'x = "# not a comment" + bf16\n'],
    ["an f-string field in a triple-quoted f-string", 'x = f"""{torch.bf16}"""\n'],
    ["a t-string field", 'x = t"""{bf16}"""\n'],
    ["a one-line string continued with a backslash", 's = "it \\\n# bf16"\n'],
    ["the rest of a file after an unterminated triple-quoted string", 'x = 1\n"""never closed\nargs = dict(bf16=True)\n'],
    ["the line after an unterminated one-line string", 's = "open\nargs = dict(bf16=True)\n'],
    ["code after an f-string whose field nests a `#` in the same quotes", 'x = f"{d["#"]}" + bf16\n'],
    ["code after a format spec that holds a quote", "x = f\"{v:'>10}\"\n\"\"\"doc\"\"\"\nbf16 = 1\n"],
    ["code after a nested format spec", 'x = f"{v:{w}.{p}f}"  \nbf16 = 1\n'],
    ["code after a `\\N{...}` escape in an f-string", 'x = f"\\N{LEFT CURLY BRACKET}" + bf16\n'],
  ])("is true for a literal in %s", (_, text) => {
    expect(inCode(text)).toBe(true);
  });

  it("counts an occurrence that only starts in prose", () => {
    expect(inCode('x = """doc"""+1\n', 'doc"""+1')).toBe(true);
  });

  it("finds an occurrence in code after several in prose", () => {
    expect(inCode('"""bf16"""\n# bf16\n\'\'\'bf16\'\'\'\ny = bf16\n')).toBe(true);
  });

  it("starts a string's range at its prefix", () => {
    const text = 'x = rb"""bf16"""\n';
    expect(proseRanges(text)).toEqual([4, 16]);
  });
});

describe("LexicalScan.strings", () => {
  it("gives the body of every string literal without fields, docstrings and strings inside f-string fields too", () => {
    const text = `"""Doc."""\nx = "a" + 'b' + r"\\d" + b"bytes" + f"{y['key']} {z}" + """long"""\n`;
    expect([...new LexicalScan(text).strings()]).toEqual(["Doc.", "a", "b", "\\d", "bytes", "key", "long"]);
  });

  it("skips unterminated strings", () => {
    expect([...new LexicalScan('x = "open\ny = "closed"\n').strings()]).toEqual(["closed"]);
  });
});

// The scan must agree with the parser: every range it calls prose is a comment or a triple-quoted string (not an
// f-string) in the tree, and every plain string value the rules can read is among its strings.
const CORPUS = [
  'x = f"{a!r:>{width}} {b:%Y-%m-%d}" # tail\n"""doc"""\n',
  "def f():\n    '''doc ''' ; y = 'it''s'  # c\n    return f'{x}' '''a''' \"\"\"b\"\"\"\n",
  's = """a\\\\""" + "\\\\" # c\n',
  'x = (\n    "a"  # one\n    "b"  # two\n)\n',
  "x = u'''\u00e9''' + U\"\u00e9\" # \u00e9\n",
  'if x:\n    pass\nelif"x":\n    """doc"""\n',
  'x = F"{1}" + fR"\\{x}" + Rf"{y}"\n# end',
  // tree-sitter reads a raw string of backslashes alone as empty.
  'model = AutoModel.from_pretrained(r"\\\\")\n',
];

function fixtureInputs(): string[] {
  const root = fileURLToPath(new URL("../../rules/fixtures/", import.meta.url));
  return readdirSync(root).flatMap((rule) =>
    readdirSync(root + rule)
      .filter((file) => file.includes(".input.") && file.endsWith(".py"))
      .map((file) => readFileSync(`${root}${rule}/${file}`, "utf8")),
  );
}

describe.each(BACKENDS)("agreement with tree-sitter (%s backend)", (backend) => {
  const p = useParser(backend);

  /** The comments and triple-quoted non-f strings of the tree, and the values of its plain strings. */
  const fromTree = (root: SyntaxNode) => {
    const prose: [number, number][] = [];
    const values: string[] = [];
    const walk = (node: SyntaxNode) => {
      if (node.type === "comment") prose.push([node.startIndex, node.endIndex]);
      if (node.type === "string") {
        const start = node.children[0]?.text ?? "";
        if (/('''|""")$/.test(start) && !/[ftFT]/.test(start)) prose.push([node.startIndex, node.endIndex]);
        const value = stringValue(node);
        if (value !== null) values.push(value);
      }
      for (const child of node.children) if (child) walk(child);
    };
    walk(root);
    return { prose, values };
  };

  it.each([...CORPUS.map((text, i) => [`snippet ${i}`, text]), ...fixtureInputs().map((text, i) => [`fixture input ${i}`, text])])("on %s", (_, text) => {
    const root = p.parse(text);
    if (root.hasError) return;
    const tree = fromTree(root);
    const scan = new LexicalScan(text);
    const prose = scan.prose;
    for (let i = 0; i < prose.length; i += 2) {
      const range = [prose[i]!, prose[i + 1]!] as const;
      const within = tree.prose.some(([start, end]) => start <= range[0] && range[1] <= end);
      expect(within, `prose ${JSON.stringify(text.slice(range[0], range[1]))} is code to the parser`).toBe(true);
    }
    const strings = new Set(scan.strings());
    for (const value of tree.values) expect(strings.has(value), `string value ${JSON.stringify(value)}`).toBe(true);
  });
});

describe("LexicalScan offsets", () => {
  const text = 'x = torch.bfloat16  # bfloat16\ny = "bfloat16 here"\nz = f"{bfloat16}"\n"""bfloat16"""\nis_bfloat16_x = 1\n';
  const scan = new LexicalScan(text);
  const at = (needle: string, from = 0) => text.indexOf(needle, from);

  it("gives the whole-word occurrences in code, strings included, comments and docstrings not", () => {
    expect([...scan.codeWordOffsets("bfloat16")]).toEqual([at("bfloat16"), at("bfloat16 here"), at("bfloat16}")]);
  });

  it("tells prose and the bodies of plain strings", () => {
    expect(scan.inProse(at("# bfloat16"))).toBe(true);
    expect(scan.inProse(at("x ="))).toBe(false);
    expect(scan.inPlainString(at("bfloat16 here"), at("bfloat16 here") + 8)).toBe(true);
    // An f-string's field is code; the quotes around a body are not in it.
    expect(scan.inPlainString(at("bfloat16}"), at("bfloat16}") + 8)).toBe(false);
    expect(scan.inPlainString(at('"bfloat16 here'), at("bfloat16 here"))).toBe(false);
  });
});

describe("LexicalScan names", () => {
  const scan = new LexicalScan(
    'import flash_attn\nif args.use_vllm == "vllm":  # vllm\n    x = cfg . unsloth\nf"{ triton.jit }"\nfrom .trt import tensorrt\n"""torch_xla"""\nis_fp8 = 1\n',
  );

  it("finds a whole word in code outside string literals, an f-string's field included", () => {
    expect(scan.hasCodeName("flash_attn")).toBe(true);
    expect(scan.hasCodeName("triton")).toBe(true);
    expect(scan.hasCodeName("unsloth")).toBe(true);
    // In a string, a comment or a docstring, or inside a longer word: not a name.
    expect(scan.hasCodeName("vllm")).toBe(false);
    expect(scan.hasCodeName("torch_xla")).toBe(false);
    expect(scan.hasCodeName("fp8")).toBe(false);
  });

  it("tells a name that can start a dotted name from an attribute", () => {
    expect(scan.hasLeadingName("flash_attn")).toBe(true);
    expect(scan.hasLeadingName("triton")).toBe(true);
    // `cfg . unsloth` is an attribute, spaces or not; `from .trt` a relative module.
    expect(scan.hasLeadingName("unsloth")).toBe(false);
    expect(scan.hasLeadingName("trt")).toBe(false);
    expect(scan.hasLeadingName("tensorrt")).toBe(true);
  });
});
