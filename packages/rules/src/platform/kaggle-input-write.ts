import { argumentsOf, callOfArgument, keywordArgument, keywordValue, namedChildrenOf, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { flagCommands, lastUse, useRange, useText } from "../shared/shell-flags.js";
import type { PythonRuleContext, RuleContextBase } from "../types.js";

/** Where Kaggle attaches datasets and models, read-only (Kaggle Notebooks docs, "Technical Specifications"). */
const INPUT = "/kaggle/input";
/** The notebook's writable directory, whose contents Kaggle saves as the notebook's output. */
const WORKING = "/kaggle/working";

/** Whether a path is /kaggle/input or a path under it. */
function underInput(path: string): boolean {
  return path === INPUT || path.startsWith(`${INPUT}/`);
}

/** Keyword arguments that name where a run writes, in any call: `TrainingArguments(output_dir=...)`, `SFTConfig`, ... */
const OUTPUT_KEYWORDS = new Set(["output_dir"]);
/** Top-level config keys that do the same: Trainer configs (Axolotl, LLaMA-Factory, TrainingArguments), LitGPT's `out_dir`. */
const OUTPUT_CONFIG_KEYS = ["output_dir", "out_dir"];
/** `open` modes that write: `w`, `a`, `x` or `+` (`r+`). */
const WRITE_MODE = /[wax+]/;

export const kaggleInputWrite = defineRule({
  id: "kaggle-input-write",
  title: "Writes under /kaggle/input, which Kaggle mounts read-only",
  category: "platform",
  severity: "error",
  fixable: "never",
  appliesWhen: "the target is a Kaggle platform (kaggle-t4x2, kaggle-p100), where /kaggle/input is read-only",
  runsOnTpu: true,
  appliesTo: (target) => isKaggle(target.platform?.id),
  triggers: [INPUT],
  checks: {
    python: {
      run(context) {
        for (const node of context.source.occurrences(INPUT)) checkPythonString(context, node);
      },
    },
    shell: {
      run(context) {
        const { document } = context;
        for (const command of flagCommands(document)) {
          const use = lastUse(command.args, "output_dir"); // `--output_dir` or `--output-dir`
          const value = use?.value;
          if (!use || !value || value.dynamic || !underInput(value.value)) continue;
          report(context, useRange(use), `\`${useText(document, use)}\``, value.value);
        }
      },
    },
    config: {
      run(context) {
        const { document } = context;
        for (const key of OUTPUT_CONFIG_KEYS) {
          const entry = document.get([key]);
          if (!entry || typeof entry.value !== "string" || !underInput(entry.value)) continue;
          const start = entry.keyStart ?? entry.valueStart;
          report(context, { start, end: entry.valueEnd }, `\`${document.text.slice(start, entry.valueEnd)}\``, entry.value);
        }
      },
    },
  },
});

function isKaggle(platform: string | undefined): boolean {
  return platform?.startsWith("kaggle-") ?? false;
}

/** A string that starts with /kaggle/input, where it is the path of a write. */
function checkPythonString(context: PythonRuleContext, node: SyntaxNode): void {
  const { source } = context;
  const string = node.type === "string" ? node : node.parent?.type === "string" ? node.parent : null;
  // The path must start the string: `"/kaggle/input/x"`, `f"/kaggle/input/{name}"` (its first part is literal).
  const first = (string ? namedChildrenOf(string) : []).find((child) => child.type !== "string_start");
  if (!string || first?.type !== "string_content" || first.startIndex !== node.startIndex) return;
  // An f-string shows as written: `f"/kaggle/input/runs/{run}.pt"`.
  const path = stringValue(string) ?? string.text;
  const holder = string.parent;
  const argument = holder?.type === "keyword_argument" ? holder : null;
  const call = callOfArgument(argument ?? string);
  if (!call || source.guards.guardOf(call)) return;
  const fn = call.childForFieldName("function");
  const callee = fn ? source.imports.qualifiedName(fn) : null;
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  const name = argument?.childForFieldName("name")?.text;
  const position = argument ? -1 : positionalIndex(call, string);
  let what: string | undefined;
  if (name !== undefined && OUTPUT_KEYWORDS.has(name)) what = `\`${name}=\``;
  else if (method === "save_pretrained" && (position === 0 || name === "save_directory")) what = "`save_pretrained(...)`";
  else if (callee === "torch.save" && (position === 1 || name === "f")) what = "`torch.save(...)`";
  else if ((callee === "open" || callee === "io.open" || callee === "builtins.open") && (position === 0 || name === "file")) {
    const mode = keywordArgument(call, "mode");
    const modeNode = mode ? keywordValue(mode) : (argumentsOf(call)[1] ?? null);
    const modeText = stringValue(modeNode);
    if (modeText !== null && WRITE_MODE.test(modeText)) what = `\`open(..., "${modeText}")\``;
  }
  if (what) report(context, { start: string.startIndex, end: string.endIndex }, what, path);
}

/** The index of `node` among the call's positional arguments, or -1. */
function positionalIndex(call: SyntaxNode, node: SyntaxNode): number {
  return argumentsOf(call).findIndex((argument) => argument.startIndex === node.startIndex && argument.endIndex === node.endIndex);
}

/** `what` writes to `path`: the run stops with EROFS. */
function report(context: RuleContextBase, range: { start: number; end: number }, what: string, path: string): void {
  const platform = context.target.platform?.name ?? "Kaggle";
  const suggested = path.replace(INPUT, WORKING);
  context.report({
    ...range,
    message:
      `${what} writes to \`${path}\`, but on ${platform}, /kaggle/input holds the attached datasets and models read-only: ` +
      `the write fails with "OSError: [Errno 30] Read-only file system" (naming the path, or the first directory of it that had to be created).`,
    hint: `Write under /kaggle/working, the notebook's writable directory that Kaggle saves as its output: \`${suggested}\` (or /tmp for scratch files that need not be kept). Reading from /kaggle/input is fine.`,
  });
}
