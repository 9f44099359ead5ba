import { parseNotebook, PythonSource, type Binding, type SemanticModel, type SyntaxNode } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("SemanticModel (%s backend)", (backend) => {
  const p = useParser(backend);

  /** The model of a snippet and the identifier at the n-th occurrence of `word` (a whole word). */
  function setup(code: string) {
    const source = p.source(code);
    const model = source.semantic;
    const id = (word: string, nth = 0): SyntaxNode => {
      const found = [...source.occurrences(word)].filter((n) => n.type === "identifier");
      if (!found[nth]) throw new Error(`no identifier ${word} #${nth}`);
      return found[nth]!;
    };
    const kinds = (bindings: Binding[]) => bindings.map((b) => `${b.kind}@${b.node.startIndex}`);
    const value = (word: string, nth = 0) => model.constantValue(id(word, nth));
    return { source, model, id, kinds, value, code };
  }

  /** The constant the expression after the last `probe = ` has. */
  function valueOf(code: string): unknown {
    const source = p.source(code);
    const at = code.lastIndexOf("probe = ") + "probe = ".length;
    const assignment = source.semantic.bindingOf(source.root.descendantForIndex(code.lastIndexOf("probe"), code.lastIndexOf("probe") + 5)!);
    expect(assignment?.value?.startIndex).toBe(at);
    return source.semantic.constantValue(assignment!.value!);
  }

  describe("scopes", () => {
    it("opens module, class, function, lambda and comprehension scopes, nested as written", () => {
      const { model } = setup(
        "class A:\n    def m(self):\n        f = lambda x: [y for y in x]\n        return {k: v for k, v in f}\nasync def g():\n    return (z for z in ())\n",
      );
      expect(model.scopes.map((s) => `${s.kind}:${s.node.type}`)).toEqual([
        "module:module",
        "class:class_definition",
        "function:function_definition",
        "function:lambda",
        "comprehension:list_comprehension",
        "comprehension:dictionary_comprehension",
        "function:function_definition",
        "comprehension:generator_expression",
      ]);
      const [module, a, m, lambda, list] = model.scopes;
      expect([a!.parent, m!.parent, lambda!.parent, list!.parent]).toEqual([module, a, m, lambda]);
      expect(model.scopeOpenedBy(lambda!.node)).toBe(lambda);
    });

    it("evaluates decorators, defaults, annotations and a comprehension's first iterable in the enclosing scope", () => {
      const { model, id } = setup("def outer(d):\n    @deco\n    def f(a: T = dflt, *args, **kw) -> R:\n        return a\n    return [x for x in src if x in other]\n");
      const outer = model.scopes[1]!;
      const f = model.scopes[2]!;
      const comprehension = model.scopes[3]!;
      for (const word of ["deco", "T", "dflt", "R", "src"]) expect(model.scopeOf(id(word)), word).toBe(outer);
      expect(model.scopeOf(id("f"))).toBe(outer);
      expect(model.scopeOf(id("a", 1))).toBe(f);
      expect(model.scopeOf(id("a"))).toBe(f); // the parameter's name is f's
      expect(model.scopeOf(id("other"))).toBe(comprehension);
      expect(model.scopeOf(id("x"))).toBe(comprehension);
    });
  });

  describe("bindings", () => {
    it("records assignments of every shape with their values", () => {
      const { model, id } = setup("x = 1\na = b = 2\nc, (d, e), *f = g\nh: int = 3\ni: str\nj += 1\n[k, l] = m\n");
      const bindings = model.module.bindings;
      expect([...bindings.keys()]).toEqual(["x", "a", "b", "c", "d", "e", "f", "h", "i", "j", "k", "l"]);
      const one = (name: string) => bindings.get(name)![0]!;
      expect(one("x").value?.text).toBe("1");
      expect([one("a").value?.text, one("b").value?.text]).toEqual(["2", "2"]);
      expect(one("a").site.text).toBe("a = b = 2");
      expect(one("b").statement.type).toBe("expression_statement");
      expect(one("c").value).toBeUndefined();
      expect([one("c").position, one("d").position, one("f").position, one("k").position, one("l").position]).toEqual([0, undefined, undefined, 0, 1]);
      expect(one("h").value?.text).toBe("3");
      expect(one("i").kind).toBe("assignment");
      expect(one("i").value).toBeUndefined();
      expect(one("j").kind).toBe("augmented-assignment");
      expect(model.bindingOf(id("x"))).toBe(one("x"));
      expect(model.bindingOf(id("g"))).toBeUndefined();
    });

    it("binds loop, with, except, import, def, class and parameter names", () => {
      const code = [
        "import a.b, c as dd",
        "from m import x as y, z",
        "for i, j in w: pass",
        "with open(p) as fh, o() as (q, r): pass",
        "try: pass",
        "except E as err: pass",
        "class K: pass",
        "def f(p1, p2: int, p3=1, p4: int = 2, *args, kwonly, **kwargs): pass",
        "",
      ].join("\n");
      const { model } = setup(code);
      const module = model.module;
      const kind = (name: string) => module.bindings.get(name)?.map((b) => b.kind).join();
      expect(["a", "dd", "y", "z"].map(kind)).toEqual(["import", "import", "import", "import"]);
      expect(module.bindings.has("b") || module.bindings.has("c") || module.bindings.has("x")).toBe(false);
      expect(["i", "j", "fh", "q", "r", "err", "K", "f"].map(kind)).toEqual(["for", "for", "with", "with", "with", "except", "class", "function"]);
      const f = model.scopes[2]!;
      expect([...f.bindings.keys()]).toEqual(["p1", "p2", "p3", "p4", "args", "kwonly", "kwargs"]);
      expect([...f.bindings.values()].map((b) => b[0]!.value?.text)).toEqual([undefined, undefined, "1", "2", undefined, undefined, undefined]);
      expect(f.bindings.get("p4")![0]!.statement.type).toBe("function_definition");
    });

    it("binds a walrus in the enclosing scope of its comprehensions, and lambda parameters in the lambda", () => {
      const { model } = setup("def f(xs):\n    ys = [last := x for x in xs if (n := x)]\n    g = lambda k, l=2: k\n");
      const f = model.scopes[1]!;
      expect(["last", "n"].map((name) => f.bindings.get(name)?.[0]?.kind)).toEqual(["walrus", "walrus"]);
      expect(f.bindings.get("n")![0]!.value?.text).toBe("x");
      expect([...model.scopes[2]!.bindings.keys()]).toEqual(["x"]);
      const lambda = model.scopes.find((s) => s.node.type === "lambda")!;
      expect([...lambda.bindings.keys()]).toEqual(["k", "l"]);
      expect(lambda.bindings.get("l")![0]!.value?.text).toBe("2");
    });

    it("moves the bindings of global and nonlocal names to the scope that owns them", () => {
      const code = "count = 0\ndef bump():\n    global count\n    count = 1\ndef outer():\n    def inner():\n        nonlocal total\n        total = 2\n    total = 1\n";
      const { model, kinds, id } = setup(code);
      const [module, bump, outer, inner] = model.scopes;
      expect(kinds(module!.bindings.get("count")!)).toEqual([`assignment@0`, `assignment@${code.indexOf("count = 1")}`]);
      expect(bump!.bindings.has("count")).toBe(false);
      expect(outer!.bindings.get("total")!.map((b) => b.value?.text)).toEqual(["2", "1"]);
      expect(inner!.bindings.has("total")).toBe(false);
      expect(model.resolve(id("count", 2))).toHaveLength(2);
    });
    it("finds a name's bindings on the first question about it, whichever name and scope is asked first", () => {
      const code = "def outer():\n    def inner():\n        nonlocal total\n        total = 2\n        return total\n    total = 1\n    (a, (b, c)) = f()\n";
      const { model, id, kinds } = setup(code);
      // A read inside `inner` first: the nonlocal declaration still gives both assignments to `outer`.
      expect(kinds(model.resolve(id("total", 2)))).toEqual([`assignment@${code.indexOf("total = 2")}`, `assignment@${code.indexOf("total = 1")}`]);
      expect(model.bindingOf(id("c"))?.position).toBeUndefined();
      expect(model.bindingOf(id("a"))?.position).toBe(0);
      expect([...model.scopes[1]!.bindings.keys()]).toEqual(["inner", "total", "a", "b", "c"]);
    });
  });

  describe("resolution", () => {
    it("lets a parameter shadow a module name, and sees the module name elsewhere", () => {
      const { model, id } = setup("model = load()\ndef f(model):\n    return model\ndef g():\n    return model\n");
      expect(model.resolve(id("model", 2)).map((b) => b.kind)).toEqual(["parameter"]);
      expect(model.resolve(id("model", 3)).map((b) => b.kind)).toEqual(["assignment"]);
      expect(model.bindingsOf("model", model.scopes[2]!)).toEqual(model.module.bindings.get("model"));
    });

    it("does not let methods see their class's names", () => {
      const { model, id } = setup("size = 1\nclass A:\n    size = 2\n    twice = size * 2\n    def m(self):\n        return size\n");
      expect(model.resolve(id("size", 2))[0]!.value?.text).toBe("2");
      expect(model.resolve(id("size", 3))[0]!.value?.text).toBe("1");
    });

    it("keeps a name local to a function that binds it, even where it is read before the binding", () => {
      const { model, id } = setup("x = 1\ndef f():\n    print(x)\n    x = 2\n");
      expect(model.resolve(id("x", 1)).map((b) => b.value?.text)).toEqual(["2"]);
      expect(model.resolve(id("print"))).toEqual([]);
    });

    it("resolves a comprehension's variable inside it and the enclosing name outside", () => {
      const { model, id } = setup("x = [1]\ny = [x for x in x]\nz = x\n");
      expect(model.resolve(id("x", 1)).map((b) => b.kind)).toEqual(["for"]);
      expect(model.resolve(id("x", 3)).map((b) => b.kind)).toEqual(["assignment"]); // the first iterable
      expect(model.resolve(id("x", 4)).map((b) => b.kind)).toEqual(["assignment"]);
    });

    it("resolves imported names, and a walrus name after its comprehension", () => {
      const { model, id } = setup("import torch.nn as nn\nfrom torch import bfloat16 as bf\nany(found := v for v in nn.x)\nprint(bf, found)\n");
      expect(model.resolve(id("nn", 2)).map((b) => b.kind)).toEqual(["import"]);
      expect(model.resolve(id("bf", 1))[0]!.site.type).toBe("import_from_statement");
      expect(model.resolve(id("found", 1)).map((b) => b.kind)).toEqual(["walrus"]);
    });

    it("treats a notebook's cells as one module", () => {
      const json = JSON.stringify({
        cells: [
          { cell_type: "code", metadata: {}, outputs: [], source: ["MODEL = 'gpt2'\n", "%time x = 1"] },
          { cell_type: "markdown", metadata: {}, source: "# text" },
          { cell_type: "code", metadata: {}, outputs: [], source: "def load():\n    return MODEL\n" },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      });
      const parsed = parseNotebook(json);
      if ("error" in parsed) throw new Error(parsed.error);
      const python = parsed.notebook.python;
      const model = new PythonSource(python, p.parse(python)).semantic;
      const read = p.parse(python).descendantForIndex(python.lastIndexOf("MODEL"), python.lastIndexOf("MODEL") + 5)!;
      expect(model.constantValue(read)).toBe("gpt2");
    });
  });

  describe("references", () => {
    it("finds the reads of a binding in its scope and the nested scopes that see it", () => {
      const code = "model = a\nmodel.to(x)\ndef f():\n    return model\ndef g(model):\n    return model\nclass C:\n    model = 1\n    y = model\nobj.model = 2\nh(model=3)\n";
      const { model, code: text } = setup(code);
      const binding = model.module.bindings.get("model")![0]!;
      const at = (snippet: string) => text.indexOf(snippet);
      expect(model.referencesOf(binding).map((n) => n.startIndex)).toEqual([at("model.to"), at("return model")+7]);
      const g = model.scopes[2]!;
      expect(model.referencesOf("model", g).map((n) => n.startIndex)).toEqual([text.lastIndexOf("return model") + 7]);
      expect(model.referencesOf(model.scopes[3]!.bindings.get("model")![0]!).map((n) => n.startIndex)).toEqual([at("y = model") + 4]);
    });

    it("counts an augmented assignment as a read, and builtins by scope", () => {
      const { model, code } = setup("n = 0\nn += 1\nprint(n)\ndef f():\n    print(1)\n");
      expect(model.referencesOf(model.module.bindings.get("n")![0]!)).toHaveLength(2);
      expect(model.referencesOf("print", model.scopes[1]!).map((n) => n.startIndex)).toEqual([code.lastIndexOf("print")]);
      expect(model.referencesOf("print", model.module)).toHaveLength(2);
    });
  });

  describe("constants", () => {
    it("reads literals", () => {
      const cases: [string, unknown][] = [
        ['"gpt2"', "gpt2"],
        ['"meta-llama/" "Llama-2-7b-hf"', "meta-llama/Llama-2-7b-hf"],
        ["''", ""],
        ["1_000", 1000],
        ["0x10", 16],
        ["1e-4", 1e-4],
        ["-2", -2],
        ["-(0.5)", -0.5],
        ["True", true],
        ["False", false],
        ["None", null],
        ['f"{x}"', undefined],
        ["1j", undefined],
        ["x + 1", undefined],
      ];
      for (const [literal, expected] of cases) expect(valueOf(`probe = ${literal}`), literal).toBe(expected);
    });

    it("follows names whose every binding is the same constant", () => {
      expect(valueOf('BASE = "gpt2"\nNAME = BASE\nprobe = NAME')).toBe("gpt2");
      expect(valueOf('NAME = "a"\nif c:\n    NAME = "a"\nprobe = NAME')).toBe("a");
      expect(valueOf('NAME = "a"\nif c:\n    NAME = "b"\nprobe = NAME')).toBeUndefined();
      expect(valueOf('NAME = "a"\nfor NAME in x: pass\nprobe = NAME')).toBeUndefined();
      expect(valueOf('NAME = "a"\ndef f():\n    global NAME\n    NAME = compute()\nprobe = NAME')).toBeUndefined();
      expect(valueOf('NAME: str\nNAME = "a"\nprobe = NAME')).toBe("a");
      expect(valueOf("x = x\nprobe = x")).toBeUndefined();
      expect(valueOf("probe = undefined_name")).toBeUndefined();
      const { model, id } = setup('NAME = "a"\ndef f(NAME="b"):\n    return NAME\n');
      expect(model.constantValue(id("NAME", 2))).toBeUndefined(); // a parameter
      expect(model.stringConstant(id("NAME", 0))).toBe("a");
    });

    it("reads os.environ.get and os.getenv defaults through imports", () => {
      expect(valueOf('import os\nprobe = os.environ.get("MODEL", "gpt2")')).toBe("gpt2");
      expect(valueOf('import os as o\nprobe = o.getenv("MODEL", default="gpt2")')).toBe("gpt2");
      expect(valueOf('from os import environ\nD = "x"\nprobe = environ.get("MODEL", D)')).toBe("x");
      expect(valueOf('import os\nprobe = os.environ.get("MODEL")')).toBeUndefined();
      expect(valueOf('import os\nprobe = os.environ["MODEL"]')).toBeUndefined();
      expect(valueOf('probe = cache.get("MODEL", "gpt2")')).toBeUndefined();
    });
  });

  describe("argparse", () => {
    const parser = [
      "import argparse",
      "parser = argparse.ArgumentParser()",
      'parser.add_argument("--model-name", "-m", type=str, default="gpt2", choices=["gpt2", "opt"])',
      'parser.add_argument("--fp16", action="store_true")',
      'parser.add_argument("--no-tf32", action="store_false", dest="tf32")',
      'parser.add_argument("-b", "--batch_size", default=8)',
      'parser.add_argument("-o")',
      'parser.add_argument("--lr", default=LR)',
      'LR = 1e-4',
      "",
    ].join("\n");

    it("records each option's dest, default, action and choices", () => {
      const { model } = setup(parser);
      expect(model.argparseOptions().map((o) => o.dest)).toEqual(["model_name", "fp16", "tf32", "batch_size", "o", "lr"]);
      const option = model.argumentOption("model_name")!;
      expect(option.flags).toEqual(["--model-name", "-m"]);
      expect(option.default?.text).toBe('"gpt2"');
      expect(option.choices?.text).toBe('["gpt2", "opt"]');
      expect(option.call.text.startsWith("parser.add_argument(")).toBe(true);
      expect(model.argumentOption("tf32")!.action).toBe("store_false");
      expect(model.argumentOption("no_tf32")).toBeUndefined();
    });

    it("gives args.X the option's default after parse_args and parse_known_args", () => {
      const reads = "\nargs = parser.parse_args()\nprobe = [args.model_name, args.fp16, args.tf32, args.batch_size, args.o, args.lr, args.missing]\n";
      const { model, source } = setup(parser + reads);
      const list = source.root.descendantsOfType("list").at(-1)!;
      const values = list.namedChildren.map((n) => model.constantValue(n!));
      expect(values).toEqual(["gpt2", false, true, 8, null, 1e-4, undefined]);
      expect(valueOf(`${parser}\nargs, _ = parser.parse_known_args()\nprobe = args.model_name`)).toBe("gpt2");
      expect(valueOf(`${parser}\n_, args = parser.parse_known_args()\nprobe = args.model_name`)).toBeUndefined();
      expect(valueOf(`${parser}\nargs = load()\nprobe = args.model_name`)).toBeUndefined();
    });

    it("reads args.X in a function that is passed the parsed arguments", () => {
      const code = `${parser}\ndef main(args):\n    probe = args.model_name\n`;
      const { model, source } = setup(code);
      const read = source.root.descendantForIndex(code.lastIndexOf("args.model_name"), code.lastIndexOf("args.model_name") + 15)!;
      expect(read.type).toBe("attribute");
      expect(model.constantValue(read)).toBe("gpt2");
      expect(valueOf(`${parser}\nclass Runner:\n    def run(self):\n        probe = self.model_name`)).toBeUndefined();
      // Two options for one dest: which one is unknown.
      const twice = `${parser}parser.add_argument("--model_name", default="opt")\ndef main(args):\n    return args.model_name\n`;
      const other = setup(twice);
      expect(other.model.constantValue(other.source.root.descendantForIndex(twice.lastIndexOf("args.model_name"), twice.lastIndexOf("args.model_name") + 15)!)).toBeUndefined();
    });
  });

  describe("dataclasses", () => {
    const classes = [
      "from dataclasses import dataclass, field",
      "import dataclasses",
      "from transformers import HfArgumentParser, TrainingArguments",
      "@dataclass",
      "class ModelArguments:",
      '    model_name_or_path: str = field(default="meta-llama/Llama-2-7b-hf", metadata={"help": "id"})',
      "    revision: str = 'main'",
      "    extra: list = field(default_factory=list)",
      "    required: str",
      "@dataclasses.dataclass(frozen=True)",
      "class DataArguments:",
      "    max_len: int = 512",
      "    revision: str = 'v2'",
      "class Plain:",
      "    hidden: int = 3",
      "",
    ].join("\n");

    it("finds the decorated classes and their fields with defaults", () => {
      const { model } = setup(classes);
      expect(model.dataclasses().map((d) => d.name)).toEqual(["ModelArguments", "DataArguments"]);
      const field = model.dataclassField("model_name_or_path")!;
      expect(field.owner.name).toBe("ModelArguments");
      expect(field.default?.text).toBe('"meta-llama/Llama-2-7b-hf"');
      expect(field.field?.text.startsWith("field(")).toBe(true);
      expect(model.dataclassField("extra")!.factory).toBe(true);
      expect(model.dataclassField("revision")).toBeUndefined(); // two classes define it
      expect(model.dataclassField("revision", "DataArguments")!.default?.text).toBe("'v2'");
      expect(model.dataclassField("hidden")).toBeUndefined(); // not a dataclass
    });

    it("gives HfArgumentParser's results their classes' field defaults", () => {
      const parse = "parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))\nmodel_args, data_args, training_args = parser.parse_args_into_dataclasses()\n";
      expect(valueOf(`${classes}${parse}probe = model_args.model_name_or_path`)).toBe("meta-llama/Llama-2-7b-hf");
      expect(valueOf(`${classes}${parse}probe = data_args.revision`)).toBe("v2");
      expect(valueOf(`${classes}${parse}probe = model_args.revision`)).toBe("main");
      expect(valueOf(`${classes}${parse}probe = model_args.extra`)).toBeUndefined();
      expect(valueOf(`${classes}${parse}probe = model_args.required`)).toBeUndefined();
      expect(valueOf(`${classes}${parse}probe = training_args.max_len`)).toBeUndefined(); // TrainingArguments is not here
      const json = "parser = HfArgumentParser((DataArguments, ModelArguments))\ndata_args, model_args = parser.parse_json_file('a.json')\n";
      expect(valueOf(`${classes}${json}probe = model_args.revision`)).toBe("main");
    });

    it("falls back to the one field of that name when the object cannot be matched to a class", () => {
      expect(valueOf(`${classes}def main(model_args):\n    probe = model_args.model_name_or_path`)).toBe("meta-llama/Llama-2-7b-hf");
      expect(valueOf(`${classes}a, b = make_parser().parse_args_into_dataclasses()\nprobe = b.max_len`)).toBe(512);
      expect(valueOf(`${classes}def main(model_args):\n    probe = model_args.revision`)).toBeUndefined();
    });

    it("reads an instance's keyword or its field default", () => {
      expect(valueOf(`${classes}config = DataArguments(max_len=128)\nprobe = config.max_len`)).toBe(128);
      expect(valueOf(`${classes}config = DataArguments()\nprobe = config.max_len`)).toBe(512);
      expect(valueOf(`${classes}config = DataArguments(**kw)\nprobe = config.max_len`)).toBeUndefined();
      expect(valueOf(`${classes}config = Plain()\nprobe = config.hidden`)).toBeUndefined();
    });
  });

  describe("call sites", () => {
    const code = [
      "def train(model, lr=1e-3, *, steps=10):",
      "    pass",
      "train(m, 0.1)",
      "train(m, lr=0.2, steps=5)",
      "train(*args)",
      "train(m, **options)",
      "other.train(m)",
      "def shadow(train):",
      "    train(1)",
      "class Trainer:",
      "    def __init__(self, model, fp16=False):",
      "        self.model = model",
      "    def step(self, batch, scale=1):",
      "        return batch",
      "    def run(self):",
      "        self.step(1, 2)",
      "        cls_helper = lambda: self.step(batch=3)",
      "    @staticmethod",
      "    def helper(x):",
      "        return x",
      "    def use(self):",
      "        return self.helper(5)",
      "class Other:",
      "    def go(self):",
      "        self.step(9)",
      "Trainer(net, fp16=True)",
      "Trainer(net, True)",
      "",
    ].join("\n");

    function definitions(source: PythonSource): Map<string, SyntaxNode> {
      const map = new Map<string, SyntaxNode>();
      for (const def of source.root.descendantsOfType("function_definition")) map.set(def!.childForFieldName("name")!.text, def!);
      return map;
    }

    it("finds the calls of a function by name, of a method through self, of __init__ through the class", () => {
      const { model, source } = setup(code);
      const defs = definitions(source);
      expect(model.callSitesOf(defs.get("train")!).map((c) => c.text)).toEqual(["train(m, 0.1)", "train(m, lr=0.2, steps=5)", "train(*args)", "train(m, **options)"]);
      expect(model.callSitesOf(defs.get("step")!).map((c) => c.text)).toEqual(["self.step(1, 2)", "self.step(batch=3)"]);
      expect(model.callSitesOf(defs.get("__init__")!).map((c) => c.text)).toEqual(["Trainer(net, fp16=True)", "Trainer(net, True)"]);
    });

    it("tells whether a call passes a parameter, by keyword or position, accounting for self and splats", () => {
      const { model, source } = setup(code);
      const defs = definitions(source);
      const passed = (def: string, call: string, parameter: string) => {
        const definition = defs.get(def)!;
        const site = model.callSitesOf(definition).find((c) => c.text === call) ?? source.root.descendantsOfType("call").find((c) => c!.text === call)!;
        const result = model.argumentFor(site, definition, parameter);
        return [result.passed, result.value?.text ?? result.argument?.text];
      };
      expect(passed("train", "train(m, 0.1)", "lr")).toEqual(["yes", "0.1"]);
      expect(passed("train", "train(m, 0.1)", "steps")).toEqual(["no", undefined]);
      expect(passed("train", "train(m, lr=0.2, steps=5)", "steps")).toEqual(["yes", "5"]);
      expect(passed("train", "train(*args)", "lr")).toEqual(["maybe", "*args"]);
      expect(passed("train", "train(*args)", "steps")).toEqual(["no", undefined]);
      expect(passed("train", "train(m, **options)", "steps")).toEqual(["maybe", "**options"]);
      expect(passed("train", "train(m, **options)", "model")).toEqual(["yes", "m"]);
      expect(passed("step", "self.step(1, 2)", "scale")).toEqual(["yes", "2"]);
      expect(passed("step", "self.step(batch=3)", "scale")).toEqual(["no", undefined]);
      expect(passed("__init__", "Trainer(net, True)", "fp16")).toEqual(["yes", "True"]);
      expect(passed("__init__", "Trainer(net, fp16=True)", "model")).toEqual(["yes", "net"]);
      expect(passed("helper", "self.helper(5)", "x")).toEqual(["yes", "5"]); // a static method gets no self
    });
  });

  it("builds the model once per source", () => {
    const source = p.source("x = 1\n");
    expect(source.semantic).toBe(source.semantic satisfies SemanticModel);
  });
});
