import { callNamedAt, callOfArgument, hasSplat, isTrue, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { integerLiteral, integerOrConstant } from "../shared/integer-values.js";
import { modelIdOf } from "../shared/load-dtype.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { PythonRuleContext } from "../types.js";
import { checkBatchConfig } from "./batch-size-config.js";
import { ADAM_32BIT, planBatch, trainedModelOf, type TrainedModel } from "./batch-size-estimate.js";
import { accumulationKept, checkpointingHint, multiplyAccumulation, oneSampleFinding, reduceHint, reduceMessage, statesFinding, type BatchSpelling } from "./batch-size-messages.js";

/** Imports and names that mean adapters, quantized or partly frozen weights: not a full fine-tune with Adam. */
const ADAPTER_MODULES = ["peft", "unsloth"];
const ADAPTER_WORDS = ["load_in_4bit", "load_in_8bit", "BitsAndBytesConfig", "peft_config", "requires_grad", "requires_grad_"];

export const batchSize = defineRule({
  id: "batch-size",
  title: "A per-device training batch that does not fit the GPU's memory",
  category: "memory",
  severity: "warning",
  fileKinds: ["python", "config"],
  fixable: "sometimes",
  appliesWhen: "every target: it compares a training memory estimate with the memory of one of its GPUs",
  appliesTo: () => true,
  triggers: ["per_device_train_batch_size"],
  kindTriggers: { config: ["per_device_train_batch_size", "micro_batch_size"] },
  checkConfig: checkBatchConfig,
  check(context) {
    const { source } = context;
    for (const node of source.occurrences("per_device_train_batch_size")) {
      if (node.type !== "identifier") continue;
      const found = trainingArgumentsKeyword(node, source.imports);
      if (found) checkBatch(context, found.argument, found.call);
    }
  },
});

/** How findings on a Python call spell the settings. */
const PYTHON_SPELLING: Omit<BatchSpelling, "sequence"> = {
  set: (key: string, value: number) => `${key}=${value}`,
  batch: "per_device_train_batch_size",
  accumulation: "gradient_accumulation_steps",
  checkpointing: "`gradient_checkpointing=True`",
  lora: "LoRA adapters (peft)",
  qlora: "QLoRA on a 4-bit base",
};

function checkBatch(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode): void {
  const { source, target } = context;
  if (source.guards.guardOf(call) || hasSplat(call) || !fullFineTuneWithAdam(source, call)) return;
  const model = trainedModel(context);
  if (!model) return;
  const batch = integerLiteral(keywordValue(argument));
  const sequence = sequenceLength(source, call);
  const run = batch !== null && sequence ? { batch, tokens: sequence.tokens, checkpointing: isTrue(flag(call, "gradient_checkpointing")) } : null;
  const plan = planBatch(target, model, run);
  if (!plan) return;
  const spelling = { ...PYTHON_SPELLING, sequence: sequence?.where ?? "" };
  const range = { start: argument.startIndex, end: argument.endIndex };
  switch (plan.verdict) {
    case "states": {
      const callee = call.childForFieldName("function")!;
      context.report({ start: callee.startIndex, end: callee.endIndex, severity: "error", ...statesFinding(plan, spelling) });
      return;
    }
    case "one-sample":
      context.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce": {
      const accumulation = accumulationOf(call);
      if (accumulation.steps === null) {
        context.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, multiplyAccumulation(plan, spelling, "computed here, so not rewritten")) });
        return;
      }
      const hint = checkpointingHint(plan, spelling);
      context.report({
        ...range,
        message: reduceMessage(plan, spelling) + accumulationKept(plan, accumulation.steps, target.count),
        fix: accumulationEdits(source.text, argument, plan.smaller, accumulation.steps * plan.factor, accumulation.value),
        ...(hint ? { hint } : {}),
      });
    }
  }
}

function flag(call: SyntaxNode, name: string): SyntaxNode | null {
  const argument = keywordArgument(call, name);
  return argument && keywordValue(argument);
}

/** Full fine-tuning with fp32 Adam states on every GPU: no adapters, quantized or frozen weights, sharding or other optimizer. */
function fullFineTuneWithAdam(source: PythonSource, call: SyntaxNode): boolean {
  if (ADAPTER_MODULES.some((m) => source.imports.importsModule(m))) return false;
  if (ADAPTER_WORDS.some((word) => !source.occurrences(word).next().done)) return false;
  // Sharded states, or a Trainer that finds its own batch size on out-of-memory errors.
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name)) || isTrue(flag(call, "auto_find_batch_size"))) return false;
  const optimizer = keywordArgument(call, "optim");
  return !optimizer || ADAM_32BIT.test(stringValue(keywordValue(optimizer)) ?? "");
}

/** The one model the file loads with `from_pretrained` (tokenizers name it too); unknown when they disagree. */
function trainedModel(context: PythonRuleContext): TrainedModel | null {
  const { source } = context;
  if (!source.occurrences("from_config").next().done) return null; // Trained from scratch: the ids are not its size.
  const ids = new Set<string>();
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id = modelIdOf(source, found.call);
    if (id === undefined) return null;
    ids.add(id);
  }
  if (ids.size !== 1) return null;
  return trainedModelOf(context, [...ids][0]!);
}

/**
 * Tokens per sample the batch is sized for: the call's `max_seq_length`/`max_length` (TRL configs), else the
 * longest `max_length` of a truncating tokenizer call in the file. The Trainer pads to the longest sample of a
 * batch, so this is the batch that has to fit.
 */
function sequenceLength(source: PythonSource, call: SyntaxNode): { tokens: number; where: string } | null {
  for (const name of ["max_seq_length", "max_length"]) {
    const tokens = integerOrConstant(source, flag(call, name));
    if (tokens) return { tokens, where: `\`${name}\`` };
  }
  let longest = 0;
  for (const node of source.occurrences("truncation")) {
    const argument = node.parent;
    const tokenizerCall = argument?.type === "keyword_argument" ? callOfArgument(argument) : null;
    const tokens = tokenizerCall && isTrue(keywordValue(argument!)) ? integerOrConstant(source, flag(tokenizerCall, "max_length")) : null;
    if (tokens && tokens > longest) longest = tokens;
  }
  return longest ? { tokens: longest, where: "the tokenizer's `max_length`" } : null;
}

/** `gradient_accumulation_steps`: absent means 1; a literal can be rewritten; anything else is computed (null). */
function accumulationOf(call: SyntaxNode): { steps: number | null; value: SyntaxNode | null } {
  const value = flag(call, "gradient_accumulation_steps");
  if (!keywordArgument(call, "gradient_accumulation_steps")) return { steps: 1, value: null };
  return { steps: integerLiteral(value), value };
}

/** The new batch, and the accumulation rewritten, or added after the batch argument in the call's layout. */
function accumulationEdits(text: string, argument: SyntaxNode, batch: number, steps: number, accumulation: SyntaxNode | null): TextEdit[] {
  const value = keywordValue(argument)!;
  const batchEdit = { start: value.startIndex, end: value.endIndex, text: String(batch) };
  if (accumulation) return [batchEdit, { start: accumulation.startIndex, end: accumulation.endIndex, text: String(steps) }];
  const added = `gradient_accumulation_steps=${steps}`;
  const lineStart = Math.max(text.lastIndexOf("\n", argument.startIndex - 1), text.lastIndexOf("\r", argument.startIndex - 1)) + 1;
  const indent = text.slice(lineStart, argument.startIndex);
  if (!/^[ \t]*$/.test(indent)) return [{ ...batchEdit, text: `${batch}, ${added}` }];
  const newline = /\r\n|\r|\n/.exec(text.slice(argument.endIndex))?.[0] ?? "\n";
  const comma = argument.nextSibling?.type === ",";
  if (!comma) return [{ ...batchEdit, text: `${batch},${newline}${indent}${added}` }];
  // The argument has its own line: the new one goes below it, after any comment that explains the batch.
  const lineEnd = argument.endIndex + /^[^\r\n]*/.exec(text.slice(argument.endIndex))![0].length;
  return [batchEdit, { start: lineEnd, end: lineEnd, text: `${newline}${indent}${added},` }];
}
