import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapterFor, loadParsers, notebookCellChanges, processDocument, runProject, type Finding, type Parsers } from "@gpu-compat/engine";
import { parseNotebook } from "@gpu-compat/python";
import { findRule, type Rule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

const t4 = resolveTarget("t4");
// The rules this notebook exercises (the test is about the notebook, not the whole rule set).
const RULES = ["bf16-dtype", "flash-attention-2", "trainer-bf16", "tf32"].map((id) => findRule(id)!);
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

type Cell = { cell_type: string; source: string | string[]; metadata: object; execution_count?: number | null; outputs?: object[]; id?: string };

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** A notebook as Kaggle saves it: cell ids, execution metadata, text, HTML and image outputs, kernel metadata. */
function kaggleNotebook(): { cells: Cell[]; metadata: object; nbformat: number; nbformat_minor: number } {
  const meta = (n: number) => ({ execution: { "iopub.execute_input": `2024-05-0${n}T10:00:00.000Z`, "iopub.status.busy": `2024-05-0${n}T10:00:00.000Z` }, trusted: true });
  const code = (n: number, source: string | string[], outputs: object[] = []): Cell => ({ cell_type: "code", execution_count: n, id: `c${n}`, metadata: meta(n), outputs, source });
  return {
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: "# Gemma QLoRA on Kaggle\nWritten on an A100 — \"bf16 everywhere\"." },
      code(1, "%%capture\n!pip install -q -U transformers peft trl bitsandbytes\n!pip install -q flash-attn --no-build-isolation"),
      code(2, ["import torch\n", "from transformers import AutoModelForCausalLM, AutoTokenizer, TrainingArguments\n", "%matplotlib inline\n", 'MODEL_ID = "google/gemma-2b"  # gated: accept the licence'], [
        { name: "stdout", output_type: "stream", text: ["2.4.0+cu121 ✓\n"] },
      ]),
      code(3, 'model = AutoModelForCausalLM.from_pretrained(\n    MODEL_ID,\n    torch_dtype=torch.bfloat16,\n    attn_implementation="flash_attention_2",\n)\nmodel.config.use_cache = False', [
        { name: "stderr", output_type: "stream", text: "Loading checkpoint shards: 100%|██████████| 2/2 [00:05<00:00,  2.61s/it]\n" },
      ]),
      code(4, '%%writefile train.py\nimport torch\nfrom transformers import TrainingArguments\n\nargs = TrainingArguments(output_dir="outputs", bf16=True, per_device_train_batch_size=8)\n'),
      code(5, ["args = TrainingArguments(\n", '    output_dir="outputs",\n', "    bf16=True,\n", "    tf32=True,\n", "    logging_steps=10,\n", ")\n", "files = !ls outputs\n", "trainer.train()"], [
        { data: { "text/html": ["<table><tr><th>Step</th><th>Training Loss</th></tr>\n", "<tr><td>10</td><td>1.93</td></tr></table>"], "text/plain": ["<IPython.core.display.HTML object>"] }, metadata: {}, output_type: "display_data" },
        { data: { "text/plain": ["TrainOutput(global_step=100, training_loss=1.71)"] }, execution_count: 5, metadata: {}, output_type: "execute_result" },
      ]),
      code(6, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()", [
        { data: { "image/png": PNG, "text/plain": ["<Figure size 640x480 with 1 Axes>"] }, metadata: { needs_background: "light" }, output_type: "display_data" },
      ]),
      { cell_type: "markdown", id: "end", metadata: {}, source: ["Uses `torch.bfloat16`: see the model card."] },
    ],
    metadata: {
      kaggle: { accelerator: "gpu", dataSources: [], isGpuEnabled: true, isInternetEnabled: true, language: "python", sourceType: "notebook" },
      kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
      language_info: { codemirror_mode: { name: "ipython", version: 3 }, file_extension: ".py", mimetype: "text/x-python", name: "python", pygments_lexer: "ipython3", version: "3.10.13" },
    },
    nbformat: 4,
    nbformat_minor: 4,
  };
}

const LAYOUTS = {
  // Kaggle's download: one line, no spaces, sources as strings or lists as written.
  kaggle: (nb: object) => JSON.stringify(nb),
  // Jupyter's writer: indent 1, a final line break.
  jupyter: (nb: object) => `${JSON.stringify(nb, null, 1)}\n`,
};

function writeNotebook(text: string, name = "train.ipynb"): string {
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-notebook-"));
  writeFileSync(join(root, name), text);
  return root;
}

const joined = (source: string | string[]) => (typeof source === "string" ? source : source.join(""));

describe.each(Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[])("fix --target t4 on a Kaggle notebook (%s layout)", (layout) => {
  const format = LAYOUTS[layout];
  const input = format(kaggleNotebook());
  let output: string;
  let findings: Finding[];

  beforeAll(async () => {
    const root = writeNotebook(input);
    const result = await runProject({ root, target: t4, mode: "fix", rules: RULES });
    expect(result.diagnostics).toEqual([]);
    findings = result.files.flatMap((f) => f.findings);
    output = readFileSync(join(root, "train.ipynb"), "utf8");
  });

  it("rewrites the code cells, the %%writefile train.py body included", () => {
    const after = (JSON.parse(output) as ReturnType<typeof kaggleNotebook>).cells.map((c) => joined(c.source));
    expect(after[3]).toBe('model = AutoModelForCausalLM.from_pretrained(\n    MODEL_ID,\n    torch_dtype=torch.float32,\n    attn_implementation="sdpa",\n)\nmodel.config.use_cache = False');
    expect(after[4]).toContain('args = TrainingArguments(output_dir="outputs", fp16=True, per_device_train_batch_size=8)');
    expect(after[5]).toBe('args = TrainingArguments(\n    output_dir="outputs",\n    fp16=True,\n    logging_steps=10,\n)\nfiles = !ls outputs\ntrainer.train()');
  });

  it("leaves magics, shell lines, markdown and comments alone", () => {
    const before = kaggleNotebook().cells.map((c) => joined(c.source));
    const after = (JSON.parse(output) as ReturnType<typeof kaggleNotebook>).cells.map((c) => joined(c.source));
    for (const k of [0, 1, 2, 6, 7]) expect(after[k]).toBe(before[k]);
  });

  it("changes bytes only inside the changed source strings: outputs, metadata and layout are identical", () => {
    const before = kaggleNotebook();
    const after = JSON.parse(output) as ReturnType<typeof kaggleNotebook>;
    // Put the original sources back into the parsed output: the same notebook as the input, and the same text.
    let restored = output;
    after.cells.forEach((cell, k) => {
      const old = before.cells[k]!;
      expect({ ...cell, source: old.source }).toEqual(old);
      if (JSON.stringify(cell.source) !== JSON.stringify(old.source)) {
        const [from, to] = layout === "kaggle" ? [JSON.stringify(cell.source), JSON.stringify(old.source)] : [indented(cell.source), indented(old.source)];
        expect(restored.split(from)).toHaveLength(2);
        restored = restored.replace(from, () => to);
      }
    });
    expect(after.metadata).toEqual(before.metadata);
    expect(restored).toBe(input);
  });

  it("writes valid JSON and nbformat, and a second run changes nothing", async () => {
    expect("notebook" in parseNotebook(output)).toBe(true);
    const root = writeNotebook(output);
    const again = await runProject({ root, target: t4, mode: "fix", rules: RULES });
    expect(again.files.filter((f) => f.fixed !== undefined)).toEqual([]);
    expect(readFileSync(join(root, "train.ipynb"), "utf8")).toBe(output);
    const check = await runProject({ root, target: t4, mode: "check", rules: RULES });
    expect(check.files.flatMap((f) => f.findings)).toEqual([]);
  });

  it("gives the same result on worker threads", async () => {
    const inline = await runProject({ root: writeNotebook(input), target: t4, mode: "check", rules: RULES, workers: 1 });
    const pooled = await runProject({ root: writeNotebook(input), target: t4, mode: "check", rules: RULES, workers: 2 });
    expect(pooled.files).toEqual(inline.files);
    expect(inline.files[0]!.findings.map((f) => f.start.cell)).toEqual([4, 4, 5, 6, 6]);
  });

  it("locates findings by cell, line and column within the cell", () => {
    const where = findings.map((f) => `${f.rule} cell ${f.start.cell}:${f.start.line}:${f.start.column}`);
    expect(where).toEqual([
      "bf16-dtype cell 4:3:17",
      "flash-attention-2 cell 4:4:25",
      "trainer-bf16 cell 5:5:48",
      "trainer-bf16 cell 6:3:5",
      "tf32 cell 6:4:5",
    ]);
    expect(findings.every((f) => f.applied && f.end.cell === f.start.cell)).toBe(true);
    // The source line is the cell's line, not the JSON's.
    expect(findings.map((f) => f.sourceLine)).toEqual([
      "    torch_dtype=torch.bfloat16,",
      '    attn_implementation="flash_attention_2",',
      'args = TrainingArguments(output_dir="outputs", bf16=True, per_device_train_batch_size=8)',
      "    bf16=True,",
      "    tf32=True,",
    ]);
  });
});

/** A source as Jupyter's indent-1 writer lays it out inside a cell. */
function indented(source: string | string[]): string {
  return JSON.stringify(source, null, 1).replace(/\n/g, "\n   ");
}

/** A rule for the tests: reports each `bfloat16` identifier with the edits `fix` gives (on the virtual Python). */
function editRule(fix: (start: number, end: number, text: string) => { start: number; end: number; text: string }[]): Rule {
  return {
    id: "test-edit",
    title: "test",
    category: "precision",
    severity: "warning",
    fixable: "always",
    lacks: "bf16",
    appliesWhen: "always",
    appliesTo: () => true,
    triggers: ["bfloat16"],
    checks: {
      python: {
        run(context) {
          for (const node of context.source.occurrences("bfloat16")) {
            if (node.type === "identifier") context.report({ start: node.startIndex, end: node.endIndex, message: "found", fix: fix(node.startIndex, node.endIndex, context.source.text) });
          }
        },
      },
    },
  };
}

/** A shell rule for the tests: rewrites each `bf16` word of a shell script to `fp16`. */
const shellRule: Rule = {
  id: "test-shell",
  title: "test",
  category: "precision",
  severity: "warning",
  fixable: "always",
  lacks: "bf16",
  appliesWhen: "always",
  appliesTo: () => true,
  triggers: ["bf16"],
  checks: {
    shell: {
      run(context) {
        const text = context.document.text;
        for (let at = text.indexOf("bf16"); at >= 0; at = text.indexOf("bf16", at + 4)) {
          context.report({ start: at, end: at + 4, message: "shell bf16", fix: [{ start: at, end: at + 4, text: "fp16" }] });
        }
      },
    },
  },
};

describe("notebook adapter", () => {
  const process = (text: string, rules: Rule[], mode: "fix" | "check" = "fix") =>
    processDocument(adapterFor("notebook", parsers), "nb.ipynb", text, { target: t4, rules, mode });
  const notebook = (sources: (string | string[])[]) =>
    LAYOUTS.jupyter({ cells: sources.map((source) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

  it("keeps a finding whose edit the notebook cannot express, without the fix, with a hint", () => {
    const text = notebook(["import torch\nx = torch.bfloat16\n", "!nvidia-smi\n"]);
    // The edit runs from the finding into the masked `!` line of the next cell.
    const outcome = process(text, [editRule((start, _end, py) => [{ start, end: py.indexOf("pass") + 2, text: "float16" }])]);
    expect(outcome.fixed).toBeUndefined();
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ fixable: false, applied: false, start: { cell: 1, line: 2, column: 11 } });
    expect(outcome.findings[0]!.hint).toMatch(/^gpu-compat cannot make this edit inside the notebook .*: replace `bfloat16\\n\\n!n` with `float16`\.$/);
  });

  it("drops a fix that would break a cell's syntax, naming the cell", () => {
    const text = notebook(["x = 1\n", "import torch\ny = torch.bfloat16\n"]);
    const outcome = process(text, [editRule((start, end) => [{ start, end, text: "= =" }])]);
    expect(outcome.fixed).toBeUndefined();
    expect(outcome.diagnostics).toHaveLength(1);
    expect(outcome.diagnostics[0]!.kind).toBe("invalid-fix");
    expect(outcome.diagnostics[0]!.message).toBe("the test-edit fix at cell 2, line 2 would break the file (syntax error in cell 2, line 2, column 1); it was not applied.");
  });

  it("reports a syntax error or an unclosed bracket with the cell, and checks nothing", () => {
    const rules = [editRule((start, end) => [{ start, end, text: "float16" }])];
    const broken = process(notebook(["x = torch.bfloat16\n", "if x:\n    y = = 1\n"]), rules);
    expect(broken.findings).toEqual([]);
    expect(broken.diagnostics.map((d) => [d.kind, d.message, d.start])).toEqual([["syntax-error", "syntax error; the file was not checked or changed.", { cell: 2, line: 2, column: 9 }]]);
    const open = process(notebook(["x = f(\n", "y = torch.bfloat16\n"]), rules);
    expect(open.diagnostics[0]!.message).toBe("syntax error in cell 1: a bracket opened at line 1 is not closed in the cell; the file was not checked or changed.");
  });

  it("runs shell rules on ! lines and %%bash bodies, editing only their shell text", () => {
    const text = notebook([
      ["x = 'bf16'\n", "!accelerate launch --mixed_precision bf16 \\\n", "    train.py\n"],
      "%%bash\naccelerate launch --mixed_precision=bf16 train.py  # gpu-compat: ignore\necho bf16\n",
    ]);
    const outcome = process(text, [shellRule]);
    expect(outcome.findings.map((f) => [f.start, f.applied, f.sourceLine])).toEqual([
      [{ cell: 1, line: 2, column: 38 }, true, "!accelerate launch --mixed_precision bf16 \\"],
      [{ cell: 2, line: 3, column: 6 }, true, "echo bf16"],
    ]);
    const sources = (JSON.parse(outcome.fixed!) as { cells: { source: string | string[] }[] }).cells.map((c) => joined(c.source));
    expect(sources).toEqual([
      "x = 'bf16'\n!accelerate launch --mixed_precision fp16 \\\n    train.py\n",
      "%%bash\naccelerate launch --mixed_precision=bf16 train.py  # gpu-compat: ignore\necho fp16\n",
    ]);
  });

  it("says what is wrong with a file that is not a notebook", () => {
    const outcome = process('{"cells": [], "nbformat": 4', []);
    expect(outcome.diagnostics[0]!.message).toMatch(/^not a valid notebook: invalid JSON \(/);
    expect(outcome.diagnostics[0]!.start).toEqual({ line: 1, column: 28 });
  });

  it("honours `# gpu-compat: ignore` inside a cell", () => {
    const text = notebook(["import torch\nx = torch.bfloat16  # gpu-compat: ignore\ny = torch.bfloat16\n"]);
    const outcome = process(text, [editRule((start, end) => [{ start, end, text: "float16" }])], "check");
    expect(outcome.findings.map((f) => f.start)).toEqual([{ cell: 1, line: 3, column: 11 }]);
  });
});

describe("notebookCellChanges", () => {
  const nb = (...sources: Array<[type: string, source: string | string[]]>) =>
    JSON.stringify({ cells: sources.map(([cell_type, source]) => ({ cell_type, metadata: {}, source, ...(cell_type === "code" ? { outputs: [], execution_count: null } : {}) })), metadata: { kernelspec: { language: "python" } }, nbformat: 4, nbformat_minor: 5 }, null, 1);

  it("gives each changed code cell's source before and after, numbered as findings number cells", () => {
    const before = nb(["markdown", "# bf16"], ["code", ["import torch\n", "x = torch.bfloat16"]], ["code", "y = 1"], ["code", "%pip install x\nz = torch.bfloat16"]);
    const after = nb(["markdown", "# bf16"], ["code", ["import torch\n", "x = torch.float32"]], ["code", "y = 1"], ["code", "%pip install x\nz = torch.float32"]);
    expect(notebookCellChanges(before, after)).toEqual([
      { cell: 2, original: "import torch\nx = torch.bfloat16", fixed: "import torch\nx = torch.float32" },
      { cell: 4, original: "%pip install x\nz = torch.bfloat16", fixed: "%pip install x\nz = torch.float32" },
    ]);
  });

  it("is undefined when the texts are not the same notebook's cells", () => {
    expect(notebookCellChanges(nb(["code", "a"]), "not json")).toBeUndefined();
    expect(notebookCellChanges(nb(["code", "a"]), nb(["code", "a"], ["code", "b"]))).toBeUndefined();
  });

  it("is on the run's result of a rewritten notebook", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpu-compat-cells-"));
    writeFileSync(join(dir, "nb.ipynb"), nb(["markdown", "x"], ["code", ["import torch\n", "m = m.to(torch.bfloat16)\n"]]));
    const result = await runProject({ root: dir, target: t4, rules: RULES, mode: "check", fixes: { inCheck: true } });
    expect(result.files[0]!.cells).toEqual([{ cell: 2, original: "import torch\nm = m.to(torch.bfloat16)\n", fixed: "import torch\nm = m.to(torch.float32)\n" }]);
  });
});
