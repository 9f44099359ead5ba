import type { PythonSource, SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import type { PythonRuleContext } from "../types.js";
import { gpusLabel } from "./gpu-count.js";

const VISIBLE = "CUDA_VISIBLE_DEVICES";
const ENV_MAGIC = /^[ \t]*%(?:env|set_env)[ \t]+CUDA_VISIBLE_DEVICES\b/m;

/**
 * Standard-library and plain numeric modules, which never initialise CUDA: code may import them before the
 * assignment. Any other import (torch, transformers, a local module that may import torch) comes after it.
 */
const SAFE_MODULES = new Set([
  "os", "sys", "re", "json", "math", "random", "time", "warnings", "gc", "typing", "dataclasses", "pathlib", "glob",
  "itertools", "functools", "collections", "logging", "subprocess", "shutil", "argparse", "copy", "datetime", "io",
  "pickle", "string", "textwrap", "uuid", "csv", "platform", "contextlib", "enum", "abc", "inspect", "tempfile",
  "zipfile", "pprint", "importlib", "hashlib", "base64", "shlex", "signal", "socket", "threading", "traceback",
  "urllib", "sqlite3", "numpy", "pandas", "PIL", "requests", "tqdm", "yaml",
]);

export const unslothSingleGpu = defineRule({
  id: "unsloth-single-gpu",
  title: "Unsloth with two or more GPUs visible, where it trains on one",
  category: "parallel",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "targets with more than one GPU (Kaggle's two T4s): Unsloth's open-source release trains on one",
  appliesTo: (target) => target.count > 1,
  triggers: ["unsloth"],
  checks: {
    python: {
      run(context) {
        const { source } = context;
        const first = source.imports.statements.find((statement) => modulesOf(statement).some((m) => m === "unsloth" || m.startsWith("unsloth.")));
        if (!first) return;
        const visible = [...source.occurrences(VISIBLE)].filter((node) => node.type !== "comment");
        if (visible.some((node) => node.startIndex < first.startIndex)) return;
        // `%env CUDA_VISIBLE_DEVICES=0` before the import (a notebook's magic, hidden from the Python tree).
        const magic = context.notebookCode === undefined ? null : ENV_MAGIC.exec(context.notebookCode);
        if (magic && magic.index < first.startIndex) return;
        check(context, first, visible[0]);
      },
    },
  },
});

/** The modules an import statement imports: `import a.b, c` -> a.b, c; `from x.y import z` -> x.y; relative -> ".". */
function modulesOf(statement: SyntaxNode): string[] {
  if (statement.type === "import_from_statement") {
    const module = statement.childForFieldName("module_name");
    return [module?.type === "relative_import" ? "." : (module?.text.replace(/\s+/g, "") ?? "")];
  }
  return statement.namedChildren.flatMap((child) => {
    const name = child?.type === "aliased_import" ? child.childForFieldName("name") : child;
    return name?.type === "dotted_name" ? [name.text.replace(/\s+/g, "")] : [];
  });
}

const isSafe = (statement: SyntaxNode) => modulesOf(statement).every((module) => SAFE_MODULES.has(module.split(".")[0]!));

/** The module's top-level statement that holds a node. */
function topLevel(node: SyntaxNode): SyntaxNode {
  let at = node;
  while (at.parent && at.parent.type !== "module") at = at.parent;
  return at;
}

function check(context: PythonRuleContext, first: SyntaxNode, later: SyntaxNode | undefined): void {
  const { source, target } = context;
  const notebook = (context.path ?? "").endsWith(".ipynb");
  const range = { start: first.startIndex, end: first.endIndex };
  const why =
    `Unsloth trains on one GPU and the target has ${gpusLabel(target)}: with both visible, a model placed over them ` +
    `fails with "Expected all tensors to be on the same device" (unsloth#431, on Kaggle's two T4s)`;
  const line = notebook ? `os.environ["${VISIBLE}"] = "0"` : `os.environ.setdefault("${VISIBLE}", "0")`;
  if (later) {
    context.report({
      ...range,
      message: `${why}; ${VISIBLE} is set only after this import, when torch may already see every GPU.`,
      hint: `Move the ${VISIBLE} assignment above the first import of torch or Unsloth.`,
    });
    return;
  }
  // A module that imports Unsloth on demand (`if args.use_unsloth: from unsloth import ...` in a function), or that
  // a launcher imports rather than runs: setting the variable there would also hide the second GPU from the
  // project's multi-GPU runs, which need not use Unsloth. The script that is run decides; a hint says so.
  const library = !notebook && (first.parent?.type !== "module" || !runsAsScript(source));
  const insert = library ? undefined : insertionPoint(source, first, notebook);
  const hint = `Put \`import os\` and \`${line}\` at the top of the ${notebook ? "notebook's first code cell" : library ? "script you run with Unsloth" : "script"}, before torch or Unsloth is imported, so that only the first GPU is visible.`;
  if (!insert) {
    context.report({ ...range, ...(library ? { severity: "warning" as const } : {}), message: `${why}.`, hint });
    return;
  }
  const text = `${insert.needsOs ? "import os\n" : ""}${line}\n`;
  context.report({
    ...range,
    message: `${why}; setting ${VISIBLE}=0 before the first import of torch or Unsloth, so that only the first GPU is visible.`,
    fix: [{ start: insert.at, end: insert.at, text }],
  });
}

/**
 * Where the assignment goes: right after the file's top-level `import os`, else at the start of the first top-level
 * statement that imports anything but the standard library (so before torch, transformers, Unsloth or a local
 * module that may import them). In a script, only when
 * everything before it is a docstring, `from __future__`, a comment or a standard-library import (a statement
 * that runs code might reach CUDA); in a notebook the cells before it run first anyway.
 */
function insertionPoint(source: PythonSource, first: SyntaxNode, notebook: boolean): { at: number; needsOs: boolean } | undefined {
  const unsloth = topLevel(first);
  const earlier = source.imports.statements.filter((statement) => statement.startIndex <= first.startIndex && !isSafe(statement));
  const statement = topLevel(earlier[0] ?? first);
  if (statement.startIndex > unsloth.startIndex) return undefined;
  // Imports inside a function or class run when it is called: the order of the module's statements says nothing.
  if (/^(function_definition|class_definition|decorated_definition)$/.test(statement.type)) return undefined;
  const root = statement.parent!;
  const before = root.namedChildren.filter((child): child is SyntaxNode => !!child && child.endIndex <= statement.startIndex);
  if (!notebook) {
    if (!IMPORT.test(statement.type)) return undefined;
    const plain = before.every(
      (child, i) =>
        child.type === "comment" ||
        child.type === "future_import_statement" ||
        (IMPORT.test(child.type) && isSafe(child)) ||
        (i === 0 && child.type === "expression_statement" && child.namedChildren[0]?.type === "string"),
    );
    if (!plain) return undefined;
  }
  // Right after the file's `import os`, when it has one on a line of its own: the earliest place, and it reads as one.
  const os = before.find((child) => child.type === "import_statement" && modulesOf(child).includes("os") && !/\bas\b/.test(child.text));
  if (os && source.text[os.endIndex] === "\n") return { at: os.endIndex + 1, needsOs: false };
  // Top-level statements start a line; one after a `;` does not, and is left to the hint.
  const at = statement.startIndex;
  if (at > 0 && source.text[at - 1] !== "\n") return undefined;
  return { at, needsOs: !os };
}

const IMPORT = /^import(_from)?_statement$/;

/** A file run as a program: a `__main__` guard, or a model loaded at its top level (a script written top to bottom). */
function runsAsScript(source: PythonSource): boolean {
  return MAIN_GUARD.test(source.text) || TOP_LEVEL_LOAD.test(source.text);
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;
const TOP_LEVEL_LOAD = /^\w[\w, ]*=\s*[\w.]*\.from_pretrained\(/m;
