import {
  argumentsOf,
  closestAncestor,
  hasSplat,
  isFalse,
  isTrue,
  keywordArgument,
  keywordValue,
  removeArgumentEdit,
  stringValue,
  type ImportMap,
  type SyntaxNode,
  type TextEdit,
} from "@gpu-compat/python";
import { kindMarkers, type ConfigSource } from "@gpu-compat/config";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import { removeLinesEdit, removeStatementEdit } from "../shared/statement-edits.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import { entryRange, entryText } from "../shared/config-entries.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase } from "../types.js";

/** TrainingArguments keywords that turn on `torch.compile` (a mode or backend alone turns it on too). */
const TRAINER_KEYWORDS = ["torch_compile", "torch_compile_mode", "torch_compile_backend", "torchdynamo"];

const EAGER_HINT = 'Run the model eagerly (drop `torch.compile`), or pass `backend="aot_eager"`, which needs no Triton.';

export const torchCompileNoTriton = defineRule({
  id: "torch-compile-no-triton",
  title: "torch.compile with the Inductor backend on a GPU without Triton",
  category: "compile",
  severity: "error",
  fixable: "sometimes",
  lacks: "triton",
  triggers: ["compile"],
  checks: {
    config: { needsOneOf: kindMarkers("torchtune"), run: checkTorchtuneCompile },
    python: {
      run(context) {
        const { source } = context;
        const seen = new Set<number>();
        for (const node of source.occurrences("compile")) {
          const reference = torchCompileReference(node, source.imports);
          if (!reference || seen.has(reference.startIndex)) continue;
          seen.add(reference.startIndex);
          if (!source.guards.guardOf(reference)) checkReference(context, reference);
        }
        for (const word of TRAINER_KEYWORDS) {
          for (const node of source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, source.imports);
            if (found) checkTrainerKeyword(context, found.argument, found.call);
          }
        }
      },
    },
  },
});

function why(context: RuleContextBase, subject = "`torch.compile` compiles with"): string {
  return `${subject} Inductor, whose Triton kernels need compute capability ${requiredCapability("triton")}: on ${gpuLabel(context.target)} the first compiled call fails ("too old to be supported by the triton GPU compiler")`;
}

/** The `torch.compile` expression (`torch.compile`, `T.compile`, or `compile` imported from torch) at `node`. */
function torchCompileReference(node: SyntaxNode, imports: ImportMap): SyntaxNode | null {
  if (node.type !== "identifier") return null;
  const parent = node.parent;
  let reference = node;
  if (parent?.type === "attribute") {
    if (parent.childForFieldName("attribute")?.startIndex !== node.startIndex) return null;
    reference = parent;
  } else if (parent?.type !== "call" && parent?.type !== "decorator" && parent?.type !== "argument_list") {
    // A bare name elsewhere is a definition, an import or a keyword, not a use of torch.compile.
    if (parent?.type !== "assignment" || parent.childForFieldName("right")?.startIndex !== node.startIndex) return null;
  }
  if (closestAncestor(reference, "import_from_statement")) return null;
  return imports.qualifiedName(reference) === "torch.compile" ? reference : null;
}

type Verdict = { kind: "fails" } | { kind: "silent" } | { kind: "hint"; why: string };

/** Whether a `torch.compile(...)` call compiles with Inductor, judged from its keywords. */
function compileVerdict(call: SyntaxNode): Verdict {
  if (hasSplat(call)) return { kind: "hint", why: "its `**kwargs` may choose another backend" };
  const backend = keywordArgument(call, "backend");
  if (backend) {
    const name = stringValue(keywordValue(backend));
    if (name === null) return { kind: "hint", why: "its backend is computed (this applies when it is Inductor)" };
    // eager, aot_eager, cudagraphs and the other backends do not generate Triton kernels.
    if (name !== "inductor") return { kind: "silent" };
  }
  const disable = keywordArgument(call, "disable");
  if (disable) {
    const value = keywordValue(disable);
    if (isTrue(value)) return { kind: "silent" };
    if (!isFalse(value)) return { kind: "hint", why: "its `disable=` is computed (this applies when it is False)" };
  }
  return { kind: "fails" };
}

function checkReference(context: PythonRuleContext, reference: SyntaxNode): void {
  const { source } = context;
  const parent = reference.parent!;
  const range = { start: reference.startIndex, end: reference.endIndex };
  const hint = (note: string) =>
    context.report({ ...range, message: `${why(context)}; ${note}, so it was not rewritten.`, hint: EAGER_HINT });

  if (parent.type === "decorator") {
    fixOrHint(context, reference, removeLinesEdit(source.text, parent.startIndex, parent.endIndex), "the decorator is removed");
    return;
  }
  if (parent.type !== "call" || parent.childForFieldName("function")?.startIndex !== reference.startIndex) {
    hint("it is passed around rather than called here");
    return;
  }
  const call = parent;
  const verdict = compileVerdict(call);
  if (verdict.kind === "silent") return;
  if (verdict.kind === "hint") return hint(verdict.why);
  const positional = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");

  if (call.parent?.type === "decorator") {
    if (positional.length > 0) return hint("the decorator passes positional arguments");
    fixOrHint(context, reference, removeLinesEdit(source.text, call.parent.startIndex, call.parent.endIndex), "the decorator is removed");
    return;
  }
  const assignment = call.parent;
  const statement = assignment?.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.startIndex !== call.startIndex || statement?.type !== "expression_statement") {
    return hint("its result is used in place");
  }
  if (positional.length !== 1) return hint("it does not take exactly one model or function");
  // Code that reaches into the compiled wrapper (`model._orig_mod`) breaks without it.
  if (source.text.includes("_orig_mod")) return hint("this file uses the compiled wrapper's `_orig_mod`, which an eager model lacks");
  const model = positional[0]!;
  const left = assignment.childForFieldName("left")!;
  if (sameExpression(left, model)) {
    const edit = removeStatementEdit(source.text, statement, (other) => isSelfCompile(other, context));
    fixOrHint(context, reference, edit, "the statement is removed");
  } else {
    context.report({
      ...range,
      message: `${why(context)}; assigning the model itself, which runs eagerly (same results, no compilation).`,
      fix: [{ start: call.startIndex, end: call.endIndex, text: model.text }],
    });
  }
}

function fixOrHint(context: PythonRuleContext, reference: SyntaxNode, edit: TextEdit | null, what: string): void {
  const range = { start: reference.startIndex, end: reference.endIndex };
  if (edit) {
    context.report({ ...range, message: `${why(context)}; ${what}, so it runs eagerly (same results, no compilation).`, fix: [edit] });
  } else {
    context.report({ ...range, message: `${why(context)}; other code shares its line, so it was not rewritten.`, hint: EAGER_HINT });
  }
}

/** `x = torch.compile(x, ...)` that this rule deletes, unguarded: used to keep a block from becoming empty. */
function isSelfCompile(statement: SyntaxNode, context: PythonRuleContext): boolean {
  const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
  const call = assignment?.type === "assignment" ? assignment.childForFieldName("right") : null;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  if (!call || !fn || context.source.imports.qualifiedName(fn) !== "torch.compile") return false;
  if (context.source.guards.guardOf(fn) || compileVerdict(call).kind !== "fails") return false;
  const positional = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  return positional.length === 1 && sameExpression(assignment!.childForFieldName("left")!, positional[0]!);
}

function sameExpression(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.text.replace(/\s+/g, "") === b.text.replace(/\s+/g, "");
}

/**
 * `TrainingArguments(torch_compile=True)`. transformers turns compilation on when any of `torch_compile`,
 * `torch_compile_mode` or `torch_compile_backend` is set, and defaults the backend to Inductor.
 */
function checkTrainerKeyword(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode): void {
  const { source } = context;
  if (source.guards.guardOf(argument)) return;
  const name = argument.childForFieldName("name")!.text;
  const value = keywordValue(argument);
  const backendArgument = keywordArgument(call, "torch_compile_backend") ?? keywordArgument(call, "torchdynamo");
  const backendValue = backendArgument && keywordValue(backendArgument);
  const backend = !backendValue || backendValue.type === "none" ? "inductor" : stringValue(backendValue);
  if (backend !== null && backend !== "inductor") return;
  const isBackendKeyword = name === "torch_compile_backend" || name === "torchdynamo";
  // A computed backend gets one hint, on the backend keyword itself.
  if (backend === null && !isBackendKeyword) return;

  let enables: "yes" | "no" | "maybe";
  if (name === "torch_compile") enables = isTrue(value) ? "yes" : isFalse(value) ? "no" : "maybe";
  else if (value?.type === "none") enables = "no";
  else if (isBackendKeyword) enables = backend === null ? "maybe" : "yes";
  else enables = stringValue(value) !== null ? "yes" : "maybe";
  if (enables === "no") return;

  const range = { start: argument.startIndex, end: argument.endIndex };
  const what = `\`${argument.text.replace(/\s+/g, "")}\` makes the Trainer compile the model with`;
  if (enables === "maybe") {
    context.report({
      ...range,
      message: `${why(context, what)}; the value is computed, so it was not rewritten.`,
      hint: "Leave `torch_compile`, `torch_compile_mode` and `torch_compile_backend` unset on this GPU.",
    });
    return;
  }
  context.report({ ...range, message: `${why(context, what)}; removed, so training runs eagerly.`, fix: [removeArgumentEdit(source.text, argument)] });
}

/**
 * torchtune's `compile: True`: its recipes compile each layer and the loss with `torch.compile`, on the backend in
 * `TORCH_COMPILE_BACKEND` (Inductor when unset). `compile: False` runs them eagerly, with the same results.
 */
function checkTorchtuneCompile(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  if (document.kind !== "torchtune") return;
  const entry = document.get(["compile"]);
  if (!entry || entry.value !== true) return;
  const edit = document.replaceValue(entry, false);
  const what = `\`${entryText(document, entry)}\` makes the torchtune recipe compile the model and loss with`;
  const range = entryRange(entry);
  if (!edit) {
    context.report({ ...range, message: `${why(context, what)}; not rewritten here.`, hint: "Set `compile: False` on this GPU." });
    return;
  }
  context.report({
    ...range,
    message: `${why(context, what)} (unless \`TORCH_COMPILE_BACKEND\` names another backend); set to False, so the recipe runs eagerly (same results, no compilation).`,
    fix: [edit],
  });
}
