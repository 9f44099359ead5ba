import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { applyEdits, maskIPython, notebookCode, notebookFromCells, parseNotebook, type Notebook, type TextEdit } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

type Source = string | string[];

/** A notebook's JSON text: Jupyter's layout (indent 1) unless `indent` says otherwise. */
function notebookJson(sources: Source[], options: { indent?: number; types?: string[]; metadata?: object } = {}): string {
  const cells = sources.map((source, i) => {
    const cell_type = options.types?.[i] ?? "code";
    return cell_type === "code"
      ? { cell_type, execution_count: i + 1, metadata: {}, outputs: [], source }
      : { cell_type, metadata: {}, source };
  });
  const nb = { cells, metadata: options.metadata ?? { kernelspec: { language: "python", name: "python3" } }, nbformat: 4, nbformat_minor: 5 };
  return `${JSON.stringify(nb, null, options.indent ?? 1)}\n`;
}

function open(text: string): Notebook {
  const parsed = parseNotebook(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.notebook;
}

/** The code cells' texts as the notebook holds them (unmasked), joined as `Notebook.python` joins them. */
function codeText(text: string): string {
  const nb = JSON.parse(text) as { cells: { cell_type: string; source: Source }[] };
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => `${typeof c.source === "string" ? c.source : c.source.join("")}\n`)
    .join("");
}

/** Maps a virtual edit, applies it to the JSON text and checks the notebook's code changed exactly as the edit says. */
function applyChecked(text: string, edit: TextEdit): string {
  const notebook = open(text);
  const mapped = notebook.toNotebookEdit(edit);
  expect(mapped, `edit ${JSON.stringify(edit)} should map`).toBeDefined();
  const result = applyEdits(text, [mapped!]);
  expect(codeText(result)).toBe(applyEdits(codeText(text), [edit]));
  expect(open(result).python.length).toBe(notebook.python.length + edit.text.length - (edit.end - edit.start));
  return result;
}

describe("parseNotebook", () => {
  it("joins the code cells, each followed by a line break, skipping markdown and raw cells", () => {
    const notebook = open(notebookJson(["# Title", ["import torch\n", "x = 1"], "raw text", "y = 2\n"], { types: ["markdown", "code", "raw", "code"] }));
    expect(notebook.python).toBe("import torch\nx = 1\ny = 2\n\n");
    expect(notebook.cells.map((c) => [c.number, c.type, c.start, c.end])).toEqual([
      [1, "markdown", undefined, undefined],
      [2, "code", 0, 18],
      [3, "raw", undefined, undefined],
      [4, "code", 19, 25],
    ]);
  });

  it("reads list and string sources alike, in any JSON layout", () => {
    const lines = ["import torch\n", 'name = "caf\u00e9 \\"q\\" \\\\ \t"\n', "x = torch.bfloat16"];
    const expected = `${lines.join("")}\n`;
    for (const indent of [0, 1, 4]) {
      expect(open(notebookJson([lines], { indent })).python).toBe(expected);
      expect(open(notebookJson([lines.join("")], { indent })).python).toBe(expected);
    }
  });

  it("decodes every JSON escape and maps each character to its exact spelling in the JSON text", () => {
    // \n, \", \\, \/, \t, \u00e9, a surrogate pair as two escapes, raw non-ASCII and a raw astral character.
    const source = String.raw`s = \"a\\\"b\\\\c\/d\te\u00e9 \ud83d\ude00 é 😀\"\n`;
    const text = `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "${source}"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}`;
    const notebook = open(text);
    expect(notebook.python).toBe(`${JSON.parse(`"${source}"`)}\n`);
    for (let k = 0; k < notebook.python.length - 1; k++) {
      const range = notebook.toNotebookRange(k, k + 1)!;
      expect(JSON.parse(`"${text.slice(range.start, range.end)}"`), `character ${k}`).toBe(notebook.python[k]);
      expect(notebook.fromNotebookOffset(range.start)).toBe(k);
    }
  });

  it("locates virtual offsets by cell (markdown cells counted), line and column within the cell", () => {
    const text = notebookJson(["intro", ["a = 1\n", "b = 2\n"], "notes", "c = 3\nd = torch.bfloat16\n"], { types: ["markdown", "code", "markdown", "code"] });
    const notebook = open(text);
    const at = notebook.python.indexOf("bfloat16");
    expect(notebook.locate(at)).toEqual({ cell: 4, line: 2, column: 11 });
    expect(notebook.locate(notebook.python.indexOf("b = 2"))).toEqual({ cell: 2, line: 2, column: 1 });
    // The JSON offset of the character comes back to the same place.
    const json = notebook.toNotebookOffset(at)!;
    expect(text.slice(json, json + 8)).toBe("bfloat16");
    expect(notebook.fromNotebookOffset(json)).toBe(at);
    // Outside any source: no virtual offset.
    expect(notebook.fromNotebookOffset(text.indexOf('"nbformat"'))).toBeUndefined();
  });

  it("leaves the code of notebooks in other languages alone", () => {
    const r = open(notebookJson(["library(ggplot2)\n"], { metadata: { kernelspec: { language: "R", name: "ir" } } }));
    expect(r.language).toBe("r");
    expect(r.python).toBe("");
    const untagged = open(notebookJson(["x = 1\n"], { metadata: {} }));
    expect(untagged.python).toBe("x = 1\n\n");
  });

  it("rejects what is not nbformat 4 JSON, saying why", () => {
    const error = (text: string) => {
      const parsed = parseNotebook(text);
      return "error" in parsed ? parsed.error : "parsed";
    };
    const offset = (text: string) => {
      const parsed = parseNotebook(text);
      return "error" in parsed ? parsed.offset : undefined;
    };
    expect(error('{"cells": [], "nbformat": 4,}')).toBe("invalid JSON (PropertyNameExpected)");
    expect(offset('{"cells": [], "nbformat": 4,}')).toBe(28);
    expect(error('{"cells": [] // comment\n, "nbformat": 4}')).toMatch(/^invalid JSON/);
    expect(offset('{"cells": [] // comment\n, "nbformat": 4}')).toBe(13);
    expect(error("")).toMatch(/^invalid JSON/);
    expect(error("[]")).toBe("the top level is not a JSON object");
    expect(error('{"cells": []}')).toBe('no "nbformat" version number');
    expect(error('{"nbformat": 3, "worksheets": []}')).toMatch(/^nbformat 3 notebooks are not supported/);
    expect(error('{"nbformat": 4}')).toBe('no "cells" list');
    expect(error('{"nbformat": 4, "cells": [{"source": "x"}]}')).toBe('cell 1 has no "cell_type" string');
    expect(error('{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x", 1]}]}')).toBe('cell 1: "source" is not a string or a list of strings');
    expect(error('{"nbformat": 4, "cells": [{"cell_type": "code"}]}')).toBe('cell 1: "source" is not a string or a list of strings');
    expect(error('{"nbformat": 4, "cells": [{"cell_type": "code", "source": []}]}')).toBe("parsed");
  });
});

describe("notebookCode", () => {
  const repo = fileURLToPath(new URL("../../../", import.meta.url));
  const samples = [
    ...["fixtures/kaggle-notebook", "fixtures/kaggle-multiformat"].map((dir) => `${repo}${dir}/gemma-qlora-kaggle.ipynb`),
    ...readdirSync(`${repo}packages/rules/fixtures/notebook-shell-cd`)
      .filter((file) => file.endsWith(".ipynb"))
      .map((file) => `${repo}packages/rules/fixtures/notebook-shell-cd/${file}`),
  ];

  it.each(samples)("gives the code and shell texts of the full parse (%s)", (path) => {
    const text = readFileSync(path, "utf8");
    const notebook = open(text);
    expect(notebookCode(text)).toMatchObject({ python: notebook.python, shell: notebook.shell.map((snippet) => snippet.text) });
  });

  it.each(samples)("gives the cells that build the full parse's notebook again, without the JSON (%s)", (path) => {
    const text = readFileSync(path, "utf8");
    const full = open(text);
    const rebuilt = notebookFromCells(text, notebookCode(text)!.cells);
    const facts = (notebook: Notebook) => ({ python: notebook.python, code: notebook.code, shell: notebook.shell, masked: notebook.masked, cells: notebook.cells, language: notebook.language });
    expect(facts(rebuilt)).toEqual(facts(full));
    // Outputs and metadata are not in the cells: the map back into the JSON text still reads the whole text.
    const at = full.python.lastIndexOf("import");
    expect(rebuilt.toNotebookRange(at, at + 6)).toEqual(full.toNotebookRange(at, at + 6));
    expect(JSON.stringify(notebookCode(text)!.cells)).not.toContain('"outputs"');
  });

  it("agrees with JSON.parse on lookalikes: source keys in outputs and metadata, cells in metadata, repeated keys", () => {
    const text = JSON.stringify({
      metadata: { cells: [{ cell_type: "code", source: "decoy = 1" }] },
      cells: [
        {
          cell_type: "code",
          metadata: { source: "not the source" },
          outputs: [{ output_type: "stream", text: ["source"], data: { source: ["x"] } }],
          source: ["first = 1\n"],
        },
        { cell_type: "markdown", source: "# notes" },
      ],
      nbformat: 4,
      nbformat_minor: 5,
    }).replace('"source":["first = 1\\n"]', '"source":["first = 1\\n"],"source":["import torch\\n","x = torch.bfloat16"]');
    expect(JSON.parse(text).cells[0].source).toEqual(["import torch\n", "x = torch.bfloat16"]);
    const notebook = open(text);
    expect(notebook.python).toBe("import torch\nx = torch.bfloat16\n");
    expect(notebookCode(text)?.python).toBe(notebook.python);
    const at = notebook.python.indexOf("bfloat16");
    const range = notebook.toNotebookRange(at, at + "bfloat16".length)!;
    expect(text.slice(range.start, range.end)).toBe("bfloat16");
    expect(text.slice(0, range.start)).toContain('"x = torch.');
  });

  it("masks IPython syntax, skips other kernels, and refuses what parseNotebook refuses", () => {
    const text = notebookJson(["!pip install flash-attn\nimport torch", "%%bash\nnvidia-smi\n"]);
    expect(notebookCode(text)).toMatchObject({ python: open(text).python, shell: ["pip install flash-attn", "nvidia-smi\n"] });
    const r = notebookJson(["x <- 1"], { metadata: { kernelspec: { language: "R" } } });
    expect(notebookCode(r)).toMatchObject({ python: "", shell: [] });
    expect(notebookFromCells(r, notebookCode(r)!.cells).language).toBe("r");
    for (const broken of ['{"cells": []}', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "{", "[]"]) {
      expect("error" in parseNotebook(broken), broken).toBe(true);
      expect(notebookCode(broken), broken).toBeUndefined();
    }
  });
});

describe("maskIPython", () => {
  /** Masks a cell and returns the masked lines' original text, checking length and line breaks are kept. */
  function maskedLines(cell: string): string[] {
    const masked = maskIPython(cell);
    expect(masked.text.length).toBe(cell.length);
    expect(masked.text.replace(/[^\n\r]/g, "")).toBe(cell.replace(/[^\n\r]/g, ""));
    return masked.masked.map((r) => cell.slice(r.start, r.end));
  }

  it("masks line magics, shell escapes, help and autocall escapes with a same-length statement", () => {
    const cell = ["%matplotlib inline", "%cd /kaggle/working", "!pip install -q peft", "!!ls", "?torch.compile", "??torch.compile", "torch.compile?", "torch.compile??", "%timeit?", "/print 1", ",print a b", ";print a b", "import torch", ""].join("\n");
    const masked = maskIPython(cell);
    expect(maskedLines(cell)).toEqual(cell.split("\n").slice(0, 12).map((line) => `${line}\n`));
    expect(masked.text.split("\n")).toEqual([
      "pass              ",
      "pass               ",
      "pass                ",
      "pass",
      "pass          ",
      "pass           ",
      "pass          ",
      "pass           ",
      "pass    ",
      "pass    ",
      "pass      ",
      "pass      ",
      "import torch",
      "",
    ]);
    expect(maskIPython("!ls\n?x\n").text).toBe("0  \n0 \n");
  });

  it("masks `x = !cmd` and `x = %magic` but not comparisons or modulo", () => {
    const cell = 'files = !ls -la\nout = %sx nvidia-smi\na, b = %who_ls\nok = x != y\nr = a % b\ns = "%d" % 3\nt = x == !y\n';
    expect(maskedLines(cell)).toEqual(["files = !ls -la\n", "out = %sx nvidia-smi\n", "a, b = %who_ls\n"]);
  });

  it("keeps the indentation of masked lines inside blocks, and blanks backslash-continued lines", () => {
    const cell = "for i in range(3):\n    !echo $i \\\n        done\n    x = i\n";
    const masked = maskIPython(cell);
    expect(masked.text).toBe("for i in range(3):\n    pass      \n            \n    x = i\n");
    expect(maskedLines(cell)).toEqual(["    !echo $i \\\n        done\n"]);
  });

  it("recognises escapes only at the start of a logical line", () => {
    const cell = [
      "ok = (a",
      "      != b)",
      "r = (a",
      "     % b)",
      'doc = """',
      "!not a command",
      '%not a magic"""',
      "s = 'x?'  # what?",
      "t = f(a) \\",
      "    % 2",
      "",
    ].join("\n");
    expect(maskIPython(cell)).toEqual({ text: cell, masked: [], shell: [] });
  });

  it("masks a whole cell magic cell, and exposes the shell of %%bash and %%sh bodies", () => {
    const bash = "%%bash\necho hi\nif [ -d x ]; then ls (; fi\n";
    const masked = maskIPython(bash);
    expect(masked.text).toBe(`pass  \n${" ".repeat(7)}\n${" ".repeat(26)}\n`);
    expect(masked.masked).toEqual([{ start: 0, end: bash.length }]);
    expect(masked.shell).toEqual([{ kind: "cell", start: 7, end: bash.length }]);
    expect(maskIPython("%%sh\nls\n").shell).toEqual([{ kind: "cell", start: 5, end: 8 }]);
    expect(maskIPython("%%script bash\nls\n").shell).toHaveLength(1);
    expect(maskIPython("%%writefile run.sh\nls\n").shell).toHaveLength(1);
    expect(maskIPython("%%html\n<b>x</b>\n").masked).toEqual([{ start: 0, end: 16 }]);
    expect(maskIPython("%%writefile config.yaml\nbf16: true\n").text).toBe(`pass${" ".repeat(19)}\n${" ".repeat(10)}\n`);
  });

  it("keeps the body of %%writefile *.py and of %%time, %%timeit, %%capture, %%prun visible", () => {
    for (const magic of ["%%writefile train.py", "%%writefile -a 'src/train.py'", "%%time", "%%timeit -n1", "%%capture out", "%%prun"]) {
      const cell = `${magic}\nimport torch\nx = torch.bfloat16\n`;
      const masked = maskIPython(cell);
      expect(masked.text, magic).toBe(`${magic.length >= 4 ? "pass" + " ".repeat(magic.length - 4) : "0"}\nimport torch\nx = torch.bfloat16\n`);
      expect(masked.masked).toEqual([{ start: 0, end: magic.length + 1 }]);
    }
    // %%capture bodies are IPython: their own escapes are masked too.
    expect(maskIPython("%%capture\n!pip install -q trl\n").text).toBe(`pass     \npass${" ".repeat(15)}\n`);
  });

  it("exposes the shell commands of ! lines, %pip, %sx and x = !cmd", () => {
    const cell = "!pip install x\n!!nvidia-smi\n%pip install -U trl\nfiles = !ls data\nout = %sx df -h\n%cd /tmp\n";
    const masked = maskIPython(cell);
    expect(masked.shell.map((s) => [s.kind, cell.slice(s.start, s.end)])).toEqual([
      ["line", "pip install x"],
      ["line", "nvidia-smi"],
      ["line", "pip install -U trl"],
      ["line", "ls data"],
      ["line", "df -h"],
    ]);
  });

  it("says when a cell leaves a bracket, string or continuation open", () => {
    expect(maskIPython("x = f(\n  1,\n").problem).toBe("a bracket opened at line 1 is not closed in the cell");
    expect(maskIPython('s = """abc\n').problem).toBe("unterminated string at line 1");
    expect(maskIPython("x = 1 + \\").problem).toBe("line 1 ends the cell with a backslash continuation");
    expect(maskIPython("x = f(1)\n").problem).toBeUndefined();
  });
});

describe.each(BACKENDS)("notebook Python parses (%s backend)", (backend) => {
  const p = useParser(backend);

  it("every masked form leaves valid Python", () => {
    const text = notebookJson([
      ["%%capture\n", "!pip install -q peft trl \\\n", "    bitsandbytes\n"],
      ["import torch\n", "%matplotlib inline\n", "files = !ls\n", "if torch.cuda.is_available():\n", "    !nvidia-smi\n", "    %env X=1\n", "torch.compile?\n", "?torch\n", "!ls"],
      "%%bash\nfor f in *; do echo $f; done\n",
      "%%writefile train.py\nimport torch\nmodel = model.to(torch.bfloat16)\n",
      "%%time\nfor i in range(2):\n    !echo $i\n",
    ]);
    const notebook = open(text);
    expect(p.parse(notebook.python).hasError).toBe(false);
    expect(notebook.code).toBe(codeText(text));
    expect(notebook.shell.map((s) => [s.cell, s.kind, s.text, notebook.code.slice(s.start, s.end)])).toEqual([
      [1, "line", "pip install -q peft trl \\\n    bitsandbytes", "pip install -q peft trl \\\n    bitsandbytes"],
      [2, "line", "ls", "ls"],
      [2, "line", "nvidia-smi", "nvidia-smi"],
      [2, "line", "ls", "ls"],
      [3, "cell", "for f in *; do echo $f; done\n", "for f in *; do echo $f; done\n"],
      [5, "line", "echo $i", "echo $i"],
    ]);
    expect(notebook.python).toContain("model = model.to(torch.bfloat16)");
  });
});

/**
 * IPython's own input transformer, where python3 has IPython: for each cell, whether its transformed text parses
 * and which lines it rewrote. Undefined when IPython is not installed.
 */
function ipythonView(cells: readonly string[]): { ok: boolean; changed: number[] }[] | undefined {
  const script = [
    "import ast, json, sys",
    "from IPython.core.inputtransformer2 import TransformerManager",
    "tm = TransformerManager()",
    "out = []",
    "for src in json.load(sys.stdin):",
    "    text = tm.transform_cell(src)",
    "    a, b = src.splitlines(), text.splitlines()",
    "    try:",
    "        ast.parse(text); ok = True",
    "    except SyntaxError:",
    "        ok = False",
    "    out.append({'ok': ok, 'changed': [i for i in range(min(len(a), len(b))) if a[i] != b[i]]})",
    "print(json.dumps(out))",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(cells), encoding: "utf8" });
  return run.status === 0 ? (JSON.parse(run.stdout) as { ok: boolean; changed: number[] }[]) : undefined;
}

describe.each(BACKENDS)("masking agrees with IPython's transformer (%s backend)", (backend) => {
  const p = useParser(backend);
  // Line cells only: IPython folds a whole %% cell into one line, which a line comparison cannot follow.
  const cells = [
    "%matplotlib inline\nimport torch\n",
    "!pip install x \\\n   y\nimport os\n",
    "for i in range(3):\n    !echo $i\n    x = i\n",
    "files = !ls\nprint(files)\n",
    "a, b = %who_ls\n",
    "x = !!ls\n",
    "x = %time 1+1\n",
    "torch.compile?\n?torch\ntorch.compile??\n%timeit?\n",
    "y = {'a': 1}\ny?\n",
    "ok = (a\n      != b)\nr = (a\n     % b)\n",
    'doc = """\n!not\n%not"""\n',
    "s = 'x?'  # what?\nprint('?')\n",
    "if True:\n    %env A=1\nelse:\n    pass\n",
    "def f():\n    return 1\n!ls\n",
    "x = [\n  1,\n]\n!ls\n",
    "t = f(a) \\\n    % 2\n",
    "print(1)\n%%bash\nls\n",
    "/print 1\n",
    "x = 1; !ls\n",
  ];
  const ipython = ipythonView(cells);

  it.skipIf(!ipython)("masks the lines IPython rewrites, and parses where IPython's output parses", () => {
    cells.forEach((cell, k) => {
      const masked = maskIPython(cell);
      const lines = masked.masked.flatMap((r) => {
        const first = cell.slice(0, r.start).split("\n").length - 1;
        const last = cell.slice(0, r.end).replace(/\n$/, "").split("\n").length - 1;
        return Array.from({ length: last - first + 1 }, (_, i) => first + i);
      });
      const ok = !p.parse(masked.text).hasError && !masked.problem;
      expect({ ok, changed: lines }, JSON.stringify(cell)).toEqual(ipython![k]);
    });
  });
});

describe("toNotebookEdit", () => {
  const listText = notebookJson([
    ["import torch\n", "args = TrainingArguments(\n", '    output_dir="out",\n', "    bf16=True,\n", "    tf32=True,\n", ")\n", 'print("done")'],
  ]);
  const stringText = notebookJson(['import torch\nname = "caf\u00e9"\nx = torch.ones(2, dtype=torch.bfloat16)\n']);

  it("re-escapes the replacement as JSON string content", () => {
    const notebook = open(stringText);
    const at = notebook.python.indexOf("torch.bfloat16");
    const result = applyChecked(stringText, { start: at, end: at + 14, text: 'torch.float16  # "was" \\ bf16 \u00e9' });
    expect(result).toContain(String.raw`dtype=torch.float16  # \"was\" \\ bf16 é)`);
  });

  it("escapes non-ASCII replacements in an all-ASCII notebook", () => {
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
    const ascii = notebookJson(["x = 1\n"]).replace(/[^\x00-\x7f]/g, "");
    const result = applyChecked(ascii, { start: 4, end: 5, text: "'\u00e9'" });
    expect(result).toContain(String.raw`"x = '\u00e9'\n"`);
  });

  it("replaces text inside one string of a list source", () => {
    const notebook = open(listText);
    const at = notebook.python.indexOf("bf16");
    const result = applyChecked(listText, { start: at, end: at + 4, text: "fp16" });
    expect(result).toBe(listText.replace('"    bf16=True,\\n"', '"    fp16=True,\\n"'));
  });

  it("removes whole lines of a list source with their strings, leaving no empty string", () => {
    const notebook = open(listText);
    const line = "    tf32=True,\n";
    const at = notebook.python.indexOf(line);
    const result = applyChecked(listText, { start: at, end: at + line.length, text: "" });
    expect(result).toBe(listText.replace('    "    tf32=True,\\n",\n', ""));
    // The last string of the list goes with the separator before it.
    const last = notebook.python.indexOf('print("done")');
    const withoutLast = applyChecked(listText, { start: last - 1, end: last + 13, text: "" });
    expect(withoutLast).toContain('    ")"\n   ]');
  });

  it("splits inserted lines into strings of the list, as Jupyter writes them", () => {
    const notebook = open(listText);
    const at = notebook.python.indexOf("args =");
    const result = applyChecked(listText, { start: at, end: at, text: "scaler = GradScaler()\nscaler.check()\n" });
    expect(result).toContain('    "import torch\\n",\n    "scaler = GradScaler()\\n",\n    "scaler.check()\\n",\n    "args = TrainingArguments(\\n",');
    // Appending after the last line, which has no line break.
    const end = notebook.python.indexOf('print("done")') + 13;
    expect(applyChecked(listText, { start: end, end, text: "\nprint(1)" })).toContain('    "print(\\"done\\")\\n",\n    "print(1)"\n   ]');
    // Appending after a last line that has its line break.
    const ended = notebookJson([["import torch\n", "x = 1\n"]]);
    const cellEnd = open(ended).python.length - 1;
    expect(applyChecked(ended, { start: cellEnd, end: cellEnd, text: "y = 2\n" })).toContain('    "x = 1\\n",\n    "y = 2\\n"\n   ]');
  });

  it("maps edits across lines of a list source", () => {
    const notebook = open(listText);
    // From the end of `output_dir="out",` through `bf16=True,`: joins two strings into one line.
    const start = notebook.python.indexOf('"out",') + 6;
    const end = notebook.python.indexOf("bf16=True,") + 10;
    const result = applyChecked(listText, { start, end, text: " fp16=True," });
    expect(result).toContain('    "    output_dir=\\"out\\", fp16=True,\\n",\n    "    tf32=True,\\n",');
  });

  it("refuses edits touching masked IPython lines or crossing cells", () => {
    const text = notebookJson([["!pip install x\n", "import torch\n"], "y = 1\n"]);
    const notebook = open(text);
    const bang = notebook.python.indexOf("pass");
    expect(notebook.toNotebookEdit({ start: bang, end: bang + 4, text: "nope" })).toBeUndefined();
    expect(notebook.toNotebookEdit({ start: bang + 2, end: bang + 2, text: "x" })).toBeUndefined();
    // Not glued to the start or the end of a masked line either; a whole new line before it is fine.
    expect(notebook.toNotebookEdit({ start: bang, end: bang, text: "x = 1" })).toBeUndefined();
    expect(notebook.toNotebookEdit({ start: bang, end: bang, text: "x = 1\n" })).toBeDefined();
    expect(notebook.toNotebookEdit({ start: bang + 14, end: bang + 15, text: "" })).toBeUndefined();
    // From cell 1 into cell 2.
    const torch = notebook.python.indexOf("torch");
    expect(notebook.toNotebookEdit({ start: torch, end: notebook.python.indexOf("y = 1") + 1, text: "" })).toBeUndefined();
    // Inside a masked range, when the caller says so (shell rules).
    const within = notebook.masked[0]!;
    expect(notebook.toNotebookEdit({ start: 1, end: 4, text: "uv pip" }, { within })).toEqual({ start: text.indexOf("!pip") + 1, end: text.indexOf("!pip") + 4, text: "uv pip" });
  });
});
