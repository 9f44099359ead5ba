import { calleeName, callNamedAt, callOfArgument, hasSplat, isTrue, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { dataLoaderCalls } from "../shared/dataloader.js";
import { argumentFor, integerLiteral, integerOrConstant } from "../shared/integer-values.js";
import { modelIdOf } from "../shared/load-dtype.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import { fullFineTune } from "../shared/training-run.js";
import type { PythonRuleContext } from "../types.js";
import { adaptersOf, importedInteger, modelLoadOf, runModules, trainsAdapters } from "../shared/training-memory.js";
import { adapterModelOf, cannotFitFinding, checkpointingFinding, maybeFinding, planAdapterBatch, reduceFinding, reduceHintFinding, type AdapterFinding } from "./batch-size-adapters.js";
import { checkBatchConfig } from "./batch-size-config.js";
import { ADAM_32BIT, planBatch, trainedModelOf, type TrainedModel } from "./batch-size-estimate.js";
import { accumulationKept, checkpointingHint, multiplyAccumulation, oneSampleFinding, reduceHint, reduceMessage, statesFinding, type BatchSpelling } from "./batch-size-messages.js";

export const batchSize = defineRule({
  id: "batch-size",
  title: "A per-device training batch that does not fit the GPU's memory",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: it compares a training memory estimate with the memory of one of its GPUs",
  appliesTo: () => true,
  triggers: ["per_device_train_batch_size", "DataLoader"],
  // Both checks size the one model the file loads with `from_pretrained`: without that call there is no finding.
  // A DataLoader alone is common; only one in a file that also builds Adam can be a finding.
  // A training script may load its model in a module it imports (adapter runs): then the batch alone is enough.
  mayMatch: (scan) => scan.inCode("per_device_train_batch_size") || (scan.inCode("from_pretrained") && scan.inCode("Adam")),
  checks: {
    config: { run: checkBatchConfig, triggers: ["per_device_train_batch_size", "micro_batch_size"] },
    python: {
      run(context) {
        const { source } = context;
        let trainer = false;
        for (const node of source.occurrences("per_device_train_batch_size")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (!found) continue;
          trainer = true;
          checkBatch(context, found.argument, found.call);
        }
        // With a Trainer, its arguments set the training batch; loaders beside it feed something else.
        if (!trainer) for (const call of dataLoaderCalls(source)) checkLoaderBatch(context, call);
      },
    },
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
  optimizer8bit: '`optim="paged_adamw_8bit"`',
  fourBit: "QLoRA, `BitsAndBytesConfig(load_in_4bit=True)`",
};

function checkBatch(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode): void {
  const { source, target } = context;
  if (source.guards.guardOf(call) || hasSplat(call)) return;
  if (!fullFineTune(source) || source.occurrences("from_pretrained").next().done) {
    checkAdapterBatch(context, argument, call);
    return;
  }
  if (!fullFineTuneWithAdam(source, call)) return;
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

/** Optimizers whose states the adapter estimate does not cover (8-bit or paged states take less). */
const SMALL_STATE_OPTIMIZERS = /8bit|paged|adafactor|sgd|lion|galore/i;

/**
 * A LoRA/QLoRA run's batch (model-size/estimate.ts): the frozen weights as loaded, the adapters, activations,
 * logits. An edit only when even the low bound is over the GPU and a smaller batch fits; else hints, and an error
 * when nothing the batch can do makes the run fit.
 */
function checkAdapterBatch(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode): void {
  const { source, target } = context;
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name)) || isTrue(flag(call, "auto_find_batch_size"))) return;
  if (SMALL_STATE_OPTIMIZERS.test(stringValue(flag(call, "optim")) ?? "")) return;
  const modules = runModules(context);
  const load = modelLoadOf(context, modules);
  // The adapters are set up in this file, or in the module that loads the model (a loader helper).
  const adapterModules = trainsAdapters([source]) ? [source, ...(load && load.source !== source ? [load.source] : [])] : load && trainsAdapters([load.source]) ? [load.source] : [];
  if (!load || adapterModules.length === 0) return;
  const adapters = adaptersOf(context, adapterModules);
  const model = adapterModelOf(context, load.modelId, load.weights, { ...(adapters.rank ? { rank: adapters.rank } : {}), ...(adapters.targetModules ? { targetModules: adapters.targetModules } : {}) });
  if (!model) return;
  const batch = integerLiteral(keywordValue(argument));
  // GRPO generates each sequence before training on it: prompt + completion tokens, TRL's defaults 512 + 256.
  const grpo = calleeName(call) === "GRPOConfig";
  const rollout = grpo ? (integerOrConstant(source, flag(call, "max_prompt_length")) ?? 512) + (integerOrConstant(source, flag(call, "max_completion_length")) ?? 256) : undefined;
  const sequence = grpo ? { tokens: rollout!, where: "`max_prompt_length` + `max_completion_length`" } : (sequenceLength(source, call) ?? importedSequence(context, call));
  const checkpointing = isTrue(flag(call, "gradient_checkpointing")) || adapters.checkpointing;
  const deviceMap = keywordArgument(load.call, "device_map");
  const spread = !!deviceMap && stringValue(keywordValue(deviceMap)) === "auto";
  const plan = planAdapterBatch(target, model, { batch, tokens: sequence?.tokens ?? null, checkpointing, spread, spreadable: true, ...(rollout ? { generationTokens: rollout } : {}) });
  if (!plan) return;
  const spelling = { ...PYTHON_SPELLING, sequence: sequence?.where ?? "" };
  const range = { start: argument.startIndex, end: argument.endIndex };
  const report = (finding: AdapterFinding, at = range) => context.report({ ...at, ...finding });
  switch (plan.verdict) {
    case "maybe":
      report(maybeFinding(plan, spelling));
      return;
    case "checkpointing":
      report(checkpointingFinding(plan, spelling));
      return;
    case "cannot": {
      const callee = call.childForFieldName("function")!;
      report(cannotFitFinding(plan, spelling), { start: callee.startIndex, end: callee.endIndex });
      return;
    }
    case "reduce": {
      const accumulation = accumulationOf(call);
      if (accumulation.steps === null) {
        report(reduceHintFinding(plan, spelling, `multiply \`${spelling.accumulation}\` (computed here, so not rewritten) by ${plan.factor}`));
        return;
      }
      if (grpo) {
        // TRL versions differ in what must divide by num_generations (per-device batch x GPUs, or the generation batch).
        const why = "not rewritten for GRPO: the batch of generations must stay a multiple of `num_generations`, which TRL versions count differently";
        report(reduceHintFinding(plan, spelling, multiplyAccumulation({ factor: plan.factor }, spelling, why)));
        return;
      }
      context.report({
        ...range,
        ...reduceFinding(plan, spelling, accumulation.steps, target.count),
        fix: accumulationEdits(source.text, argument, plan.smaller, accumulation.steps * plan.factor, accumulation.value),
      });
    }
  }
}

/** `max_seq_length=MAX_SEQ_LEN` where the name comes from a project module (`from src.config import MAX_SEQ_LEN`). */
function importedSequence(context: PythonRuleContext, call: SyntaxNode): { tokens: number; where: string } | null {
  for (const name of ["max_seq_length", "max_length"]) {
    const tokens = importedInteger(context, context.source, flag(call, name));
    if (tokens) return { tokens, where: `\`${name}\`` };
  }
  return null;
}

function flag(call: SyntaxNode, name: string): SyntaxNode | null {
  const argument = keywordArgument(call, name);
  return argument && keywordValue(argument);
}

/** How findings on a hand-written loop's DataLoader spell the settings. */
const LOADER_SPELLING: Omit<BatchSpelling, "sequence"> = {
  ...PYTHON_SPELLING,
  batch: "batch_size",
  accumulation: "accumulation steps",
  checkpointing: "`model.gradient_checkpointing_enable()`",
};

/**
 * The training DataLoader of a hand-written loop (`shuffle=True`) whose literal batch does not fit, in a file that
 * fully fine-tunes one pretrained model with PyTorch's Adam. Hints only: the accumulation lives in the loop's code
 * (`loss / steps`, `optimizer.step()` every `steps` batches), which the rule does not rewrite.
 */
function checkLoaderBatch(context: PythonRuleContext, call: SyntaxNode): void {
  const { source, target } = context;
  if (!isTrue(flag(call, "shuffle")) || source.guards.guardOf(call) || hasSplat(call) || !loopTrainsWithAdam(source)) return;
  const value = argumentFor(call, "batch_size", 1);
  const batch = integerOrConstant(source, value);
  const model = trainedModel(context);
  const sequence = sequenceLength(source, null);
  if (!value || batch === null || !model || !sequence) return;
  const checkpointing = !source.occurrences("gradient_checkpointing_enable").next().done;
  const plan = planBatch(target, model, { batch, tokens: sequence.tokens, checkpointing });
  // Weights, gradients and states that do not fit are the same finding whatever loads the data: the batch's own.
  if (!plan || plan.verdict === "states") return;
  const spelling = { ...LOADER_SPELLING, sequence: sequence.where };
  const range = { start: value.startIndex, end: value.endIndex };
  if (plan.verdict === "one-sample") {
    context.report({ ...range, ...oneSampleFinding(plan, spelling) });
    return;
  }
  const steps = plan.factor;
  const accumulate = `accumulate gradients over ${steps} batches (backward on \`loss / ${steps}\` each batch, \`optimizer.step()\` and \`optimizer.zero_grad()\` every ${steps})`;
  // One process unless the loop says otherwise: the batch per optimizer step is the loader's.
  const kept = accumulationKept(plan, 1, 1, `accumulating gradients over ${steps} batches`);
  context.report({ ...range, message: reduceMessage(plan, spelling) + kept, hint: reduceHint(plan, spelling, accumulate) });
}

/** PyTorch's Adam with fp32 states: 8 bytes per parameter. */
const TORCH_ADAM = new Set(["torch.optim.Adam", "torch.optim.AdamW", "torch.optim.adam.Adam", "torch.optim.adamw.AdamW"]);

/** Optimizers and wrappers that keep fewer or sharded states, which the estimate does not cover. */
const OTHER_OPTIMIZER_WORDS = ["SGD", "Adafactor", "AdamW8bit", "Adam8bit", "PagedAdamW", "PagedAdamW8bit", "Lion", "bitsandbytes", "deepspeed", "FullyShardedDataParallel", "ZeroRedundancyOptimizer"];

/** A hand-written loop that fully fine-tunes with PyTorch's Adam: it builds one, and nothing says otherwise. */
function loopTrainsWithAdam(source: PythonSource): boolean {
  if (!fullFineTune(source) || OTHER_OPTIMIZER_WORDS.some((word) => !source.occurrences(word).next().done)) return false;
  for (const name of ["Adam", "AdamW"]) {
    for (const node of source.occurrences(name)) {
      const found = callNamedAt(node);
      if (found && TORCH_ADAM.has(source.imports.qualifiedName(found.callee) ?? "")) return true;
    }
  }
  return false;
}

/** No adapters, quantized or frozen weights. */
/** Full fine-tuning with fp32 Adam states on every GPU: no adapters, quantized or frozen weights, sharding or other optimizer. */
function fullFineTuneWithAdam(source: PythonSource, call: SyntaxNode): boolean {
  if (!fullFineTune(source)) return false;
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
    const id = modelIdOf(context, found.call);
    if (id === undefined) return null;
    ids.add(id);
  }
  if (ids.size !== 1) return null;
  return trainedModelOf(context, [...ids][0]!);
}

/**
 * Tokens per sample the batch is sized for: the call's `max_seq_length`/`max_length` (TRL configs; a DataLoader
 * passes no call), else the longest `max_length` of a truncating tokenizer call in the file. Batches are padded to
 * their longest sample, so this is the batch that has to fit.
 */
function sequenceLength(source: PythonSource, call: SyntaxNode | null): { tokens: number; where: string } | null {
  for (const name of ["max_seq_length", "max_length"]) {
    const tokens = call && integerOrConstant(source, flag(call, name));
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
