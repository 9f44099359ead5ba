import {
  argumentsOf,
  callNamedAt,
  closestAncestor,
  isTrue,
  keywordArgument,
  keywordValue,
  removeArgumentEdit,
  stringValue,
  type SyntaxNode,
} from "@gpu-compat/python";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { allEdits, asTrainingArgument, entryRange, entryText, TRAINER_CONFIGS } from "../shared/config-entries.js";
import { gpuLabel } from "../shared/messages.js";
import { falseLike, flagBoolean, lastUse, pythonLaunches, turnedOff, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { PythonRuleContext } from "../types.js";

export const tf32 = defineRule({
  id: "tf32",
  title: "TF32 requested on a GPU before Ampere",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "tf32",
  triggers: ["tf32", "set_float32_matmul_precision"],
  checks: {
    config: {
      run(context) {
        // `tf32: true` in Axolotl, LLaMA-Factory and TrainingArguments configs; `tf32: auto` lets Axolotl decide.
        const { document, target } = context;
        const entry = TRAINER_CONFIGS.has(document.kind) ? document.get(["tf32"]) : undefined;
        if (entry?.value !== true) return;
        const fix = allEdits([document.replaceValue(entry, false)]);
        const message = `\`${entryText(document, entry)}\` ${asTrainingArgument(document, "tf32=True")}, which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); set to false.`;
        context.report(fix ? { ...entryRange(entry), message, fix } : { ...entryRange(entry), message, hint: "Set `tf32` to false." });
      },
    },
    shell: {
      run(context) {
        // `--tf32 True` (`--tf32=true`, `--tf32 1`) to a Python script: TrainingArguments(tf32=True) via HfArgumentParser.
        const { document, target } = context;
        for (const launch of pythonLaunches(document)) {
          const use = lastUse(launch.args, "tf32");
          if (!use?.value || flagBoolean(use) !== true) continue;
          const message = `\`${useText(document, use)}\` is \`TrainingArguments(tf32=True)\` to a Hugging Face script (HfArgumentParser), which raises a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); ${turnedOff(use)}.`;
          context.report({ ...useRange(use), message, fix: [valueEdit(use.value, falseLike(use.value.value))] });
        }
      },
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("tf32")) {
          if (node.type === "identifier") {
            const found = trainingArgumentsKeyword(node, context.source.imports);
            if (found) checkTrainerTf32(context, found.argument);
          }
        }
        for (const node of context.source.occurrences("allow_tf32")) {
          if (node.type === "identifier") checkAllowTf32(context, node);
        }
        for (const node of context.source.occurrences("set_float32_matmul_precision")) {
          if (node.type === "identifier") checkMatmulPrecision(context, node);
        }
      },
    },
  },
});

function checkTrainerTf32(context: PythonRuleContext, argument: SyntaxNode): void {
  const { source, target } = context;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  context.report({
    start: argument.startIndex,
    end: argument.endIndex,
    message: `\`tf32=True\` makes transformers raise a ValueError on ${gpuLabel(target)}: TF32 needs an Ampere or newer GPU (compute capability ${requiredCapability("tf32")}); removed.`,
    fix: [removeArgumentEdit(source.text, argument)],
  });
}

/** `torch.backends.cuda.matmul.allow_tf32 = True`: harmless before Ampere, but it does nothing there. */
function checkAllowTf32(context: PythonRuleContext, name: SyntaxNode): void {
  const { source, target } = context;
  const attribute = name.parent;
  if (attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.startIndex !== name.startIndex) return;
  if (!source.imports.qualifiedName(attribute)?.startsWith("torch.backends.")) return;
  const assignment = attribute.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.startIndex !== attribute.startIndex) return;
  if (!isTrue(assignment.childForFieldName("right")) || source.guards.guardOf(assignment)) return;
  const statement = closestAncestor(assignment, "expression_statement") ?? assignment;
  context.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "info",
    message: `TF32 matmuls need compute capability ${requiredCapability("tf32")}; on ${gpuLabel(target)} this setting has no effect, so float32 matmuls run at full float32 cost.`,
    hint: "Nothing breaks; expect float32 speed. Keep it for Ampere runs, or remove it to make that explicit.",
  });
}

/**
 * `torch.set_float32_matmul_precision("high" | "medium")`: TF32 (or bf16) matmuls; before Ampere PyTorch computes
 * as if it were "highest". "highest" is the default and says nothing about TF32.
 */
function checkMatmulPrecision(context: PythonRuleContext, name: SyntaxNode): void {
  const { source, target } = context;
  const found = callNamedAt(name);
  if (!found || source.imports.qualifiedName(found.callee) !== "torch.set_float32_matmul_precision") return;
  const { call } = found;
  const keyword = keywordArgument(call, "precision");
  const first = argumentsOf(call)[0];
  const precision = stringValue(keyword ? keywordValue(keyword) : first && first.type !== "keyword_argument" ? first : null);
  if ((precision !== "high" && precision !== "medium") || source.guards.guardOf(call)) return;
  const statement = closestAncestor(call, "expression_statement") ?? call;
  context.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "info",
    message: `\`set_float32_matmul_precision("${precision}")\` asks for ${precision === "high" ? "TF32" : "bfloat16"} matmuls, which need compute capability ${requiredCapability(precision === "high" ? "tf32" : "bf16")}; on ${gpuLabel(target)} PyTorch computes float32 matmuls as with "highest", at full float32 cost.`,
    hint: "Nothing breaks; expect float32 speed. Keep it for Ampere runs, or remove it to make that explicit.",
  });
}
