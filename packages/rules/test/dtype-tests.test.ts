import { LexicalScan, loadPythonParser, PythonSource, type PythonParser } from "@gpu-compat/python";
import { beforeAll, describe, expect, it } from "vitest";
import { dtypeUse } from "../src/shared/dtype-use.js";
import { mayReadPrecisionFlag, maySetTrue, onlyTestsOf, quotedInCode } from "../src/shared/dtype-tests.js";

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const onlyTests = (text: string) => onlyTestsOf(new LexicalScan(text), "bfloat16");

describe("onlyTestsOf", () => {
  // Each of these is, by the parse, a test of the dtype wherever it names bfloat16.
  it.each([
    ["an equality", "if x.dtype == torch.bfloat16:\n    pass\n"],
    ["an inequality in parentheses, then `or`", 'cast = device.type == "cpu" and (dtype == torch.float16 or dtype == torch.bfloat16)\n'],
    ["`is not`", "ok = x.dtype is not torch.bfloat16\n"],
    ["`!=` at a statement's end, then a comment line", "keep = x.dtype != torch.bfloat16\n# next\ny = 1\n"],
    ["a tuple after `in`", "cast_to_fp32 = W.dtype in (torch.float16, torch.bfloat16)\n"],
    ["a list after `not in`, across lines", "if dtype not in [\n    torch.float32,\n    torch.float16,\n    torch.bfloat16,\n]:\n    raise ValueError(dtype)\n"],
    ["a set after `in` in a return", "    return dtype in {torch.float16, torch.bfloat16}\n"],
    ["a left operand", "if torch.bfloat16 == dtype:\n    pass\n"],
    ["`in` after `and` in a conditional", 'dtype = (\n    torch.float32 if (device.type == "cpu" and out_dtype in (torch.float16, torch.bfloat16)) else out_dtype\n)\n'],
    ["a string compared", 'if args.dtype == "bfloat16":\n    pass\n'],
    ["strings in a Literal type and choices", 'dtype: Literal["float16", "bfloat16"] = "float16"\nparser.add_argument("--dtype", choices=["float16", "bfloat16"])\n'],
    ["a message", 'raise ValueError("use float16 or bfloat16")\n'],
    ["a docstring and a comment", 'def f():\n    """Casts to torch.bfloat16."""\n    return x  # torch.bfloat16\n'],
  ])("is true for %s", (_, text) => {
    expect(onlyTests(text)).toBe(true);
    const source = new PythonSource(text, parser.parse(text).root);
    for (const node of source.occurrences("bfloat16")) {
      const expression = node.parent?.type === "attribute" ? node.parent : node;
      if (node.type === "identifier") expect(dtypeUse(expression)).toBe("test");
    }
  });

  it.each([
    ["a conditional that picks it", "dtype = torch.bfloat16 if x == y else torch.float16\n"],
    ["a cast", "x = x.to(torch.bfloat16)\n"],
    ["a list not after `in`", "SUPPORTED = [torch.float16, torch.bfloat16]\n"],
    ["a `for` loop over a tuple", "for dtype in (torch.float16, torch.bfloat16):\n    run(dtype)\n"],
    ["a comprehension over a tuple", "runs = [run(d) for d in (torch.float16, torch.bfloat16)]\n"],
    ["a loop target before `in`", "for name, bfloat16 in pairs:\n    pass\n"],
    ["a loop whose target holds `and`", "for x[a and b] in (torch.float16, torch.bfloat16):\n    pass\n"],
    ["a comprehension's loop after a condition", "y = [a if c else b for b in (torch.float16, torch.bfloat16)]\n"],
    ["an attribute of the dtype", "if x == torch.bfloat16.itemsize:\n    pass\n"],
    ["an operator after it", "ok = x == torch.bfloat16 | y\n"],
    ["a line continuation", "ok = x == \\\n    torch.bfloat16\n"],
    ["a continued line inside brackets", "ok = (x == torch.bfloat16\n    .itemsize)\n"],
    ["a keyword value string", 'model = load(torch_dtype="bfloat16")\n'],
    ["a dict value string", 'kwargs = {"torch_dtype": "bfloat16"}\n'],
    ["a keyword value string after a comment", 'model = load(torch_dtype=  # bf16 on A100\n    "bfloat16")\n'],
    ["an f-string", 'name = f"{torch.bfloat16}"\n'],
    ["an import", "from torch import bfloat16\n"],
    ["a `.bfloat16()` cast", "model = model.bfloat16()\n"],
    ["a call's argument", "y = f(x, torch.bfloat16)\n"],
    ["a tuple after `in` that a comment splits", "ok = x in (torch.float16,  # half (\n    torch.bfloat16)\n"],
  ])("is false for %s", (_, text) => {
    expect(onlyTests(text)).toBe(false);
  });
});

describe("mayReadPrecisionFlag", () => {
  const reads = (text: string) => mayReadPrecisionFlag(new LexicalScan(text), "bfloat16");

  it.each([
    ["a flag in a condition", "if args.bf16:\n    pass\n"],
    ["a flag assigned", "use_amp = x.dtype == torch.bfloat16\n"],
    ["an upper-case flag", "if cfg.FP16:\n    pass\n"],
  ])("is true for %s", (_, text) => {
    expect(reads(text)).toBe(true);
  });

  it.each([
    ["a callee and a chain", "x = x.half()\nwith torch.cuda.amp.autocast():\n    pass\n"],
    ["words that only hold a precision word", "y = torch.clamp(sample, 0, 1)\nsamples = timestamp\n"],
    ["prose and strings", '# args.bf16\nname = "fp16"\n'],
    ["the dtype itself", "ok = x.dtype == torch.bfloat16\n"],
  ])("is false for %s", (_, text) => {
    expect(reads(text)).toBe(false);
  });
});

describe("maySetTrue and quotedInCode", () => {
  it("finds `bf16=True` keywords, across lines too, and not flag reads or other values", () => {
    const sets = (text: string) => maySetTrue(new LexicalScan(text), "bf16");
    expect(sets("args = TrainingArguments(bf16=True)\n")).toBe(true);
    expect(sets("args = TrainingArguments(\n    bf16\n    =\n    True,\n)\n")).toBe(true);
    expect(sets("args = TrainingArguments(bf16=  # on A100\n    True)\n")).toBe(true);
    expect(sets("if args.bf16:\n    pass\nx = y.bf16 == z\n")).toBe(false);
    expect(sets("args = TrainingArguments(bf16=args.bf16, fp16=True)\n")).toBe(false);
    expect(sets("# bf16=True\n")).toBe(false);
  });

  it("finds a string of exactly the value in code", () => {
    const quoted = (text: string) => quotedInCode(new LexicalScan(text), "bf16");
    expect(quoted('Accelerator(mixed_precision="bf16")\n')).toBe(true);
    expect(quoted("Accelerator(mixed_precision='bf16')\n")).toBe(true);
    expect(quoted('x = "bf16-mixed"\nif args.bf16:\n    pass\n')).toBe(false);
    expect(quoted('# mixed_precision="bf16"\n')).toBe(false);
  });
});
