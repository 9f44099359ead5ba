import { callNamedAt, callOfArgument, hasSplat, isTrue, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { formatGiBValue, formatParameters, fullFineTuneGiB } from "../model-size/index.js";
import { integerLiteral, integerOrConstant } from "../shared/integer-values.js";
import { modelIdOf, sizeOf, SOURCE_TEXT } from "../shared/load-dtype.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { PythonRuleContext } from "../types.js";

const GiB = 1024 ** 3;

/**
 * Activation bytes per token for each unit of hidden size x layers, in 16-bit without recomputation: the 34 of
 * Korthikanti et al. 2022 (arXiv:2205.05198), leaving out the attention scores SDPA and FlashAttention never store.
 * With gradient checkpointing a layer keeps only its 16-bit input: 2.
 */
const ACTIVATION_BYTES = 34;
const CHECKPOINTED_BYTES = 2;

/**
 * Without a config.json, hidden size x layers from the parameter count: at least 0.8 x sqrt(parameters) for
 * GPT-2, BERT, Llama 2/3, Mistral, Qwen2.5, Gemma 2 and Phi-2 (docs: batch-size), so the estimate stays low.
 */
const WIDTH_DEPTH_FLOOR = 0.8;

/** Imports and names that mean adapters, quantized or partly frozen weights: not a full fine-tune with Adam. */
const ADAPTER_MODULES = ["peft", "unsloth"];
const ADAPTER_WORDS = ["load_in_4bit", "load_in_8bit", "BitsAndBytesConfig", "peft_config", "requires_grad", "requires_grad_"];

/** Optimizers whose states take the 8 bytes per parameter of fp32 Adam. */
const ADAM_32BIT = /^adamw_(torch|hf|torch_fused|apex_fused)$/;

export const batchSize = defineRule({
  id: "batch-size",
  title: "A per-device training batch that does not fit the GPU's memory",
  category: "memory",
  severity: "warning",
  fileKinds: ["python"],
  fixable: "sometimes",
  appliesWhen: "every target: it compares a training memory estimate with the memory of one of its GPUs",
  appliesTo: () => true,
  triggers: ["per_device_train_batch_size"],
  check(context) {
    const { source } = context;
    for (const node of source.occurrences("per_device_train_batch_size")) {
      if (node.type !== "identifier") continue;
      const found = trainingArgumentsKeyword(node, source.imports);
      if (found) checkBatch(context, found.argument, found.call);
    }
  },
});

/** The model the file trains and what the estimate knows of its shape. */
interface TrainedModel {
  label: string;
  parameters: number;
  /** Hidden size x layers: from config.json, or the lower bound from the parameter count. */
  widthDepth: number;
}

/** What the estimate needs besides the batch: the model, its fixed states, the GPU. */
interface Estimate {
  model: TrainedModel;
  /** GiB of weights, gradients and Adam states. */
  states: number;
  memory: number;
  gpu: string;
}

function checkBatch(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode): void {
  const { source, target } = context;
  if (source.guards.guardOf(call) || hasSplat(call) || !fullFineTuneWithAdam(source, call)) return;
  const model = trainedModel(context);
  if (!model) return;
  const memory = target.gpu.memoryGiB;
  const estimate = { model, memory, states: fullFineTuneGiB(model.parameters), gpu: `one ${target.gpu.name} (${formatGiBValue(memory)} GiB)` };
  if (estimate.states > memory) reportStatesTooLarge(context, call, estimate);
  else checkActivations(context, argument, call, estimate);
}

/** Weights, gradients and optimizer states alone exceed the GPU: a smaller batch cannot help. */
function reportStatesTooLarge(context: PythonRuleContext, call: SyntaxNode, { model, states, memory, gpu }: Estimate): void {
  const { target } = context;
  const callee = call.childForFieldName("function")!;
  const sharded = target.count > 1 && states / target.count <= memory;
  context.report({
    start: callee.startIndex,
    end: callee.endIndex,
    severity: "error",
    message:
      `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states (~16 bytes per parameter) on each GPU, ` +
      `more than ${gpu} before any activation: no batch size or gradient checkpointing makes that fit.`,
    hint:
      `Train LoRA adapters (peft), or QLoRA on a 4-bit base, or pick a smaller model` +
      (sharded ? `; or shard the states over the ${target.count} GPUs with DeepSpeed ZeRO-3 or FSDP (~${formatGiBValue(states / target.count)} GiB each).` : "."),
  });
}

/** The states fit: whether the activations of the literal batch do, and the smallest change that makes them. */
function checkActivations(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode, { model, states, memory, gpu }: Estimate): void {
  const { source, target } = context;
  const batch = integerLiteral(keywordValue(argument));
  const sequence = sequenceLength(source, call);
  if (batch === null || !sequence) return;
  const checkpointing = isTrue(flag(call, "gradient_checkpointing"));
  const perSample = (bytes: number) => (sequence.tokens * model.widthDepth * bytes) / GiB;
  const sample = perSample(checkpointing ? CHECKPOINTED_BYTES : ACTIVATION_BYTES);
  const need = (size: number, each = sample) => states + size * each;
  if (need(batch) <= memory) return;

  const range = { start: argument.startIndex, end: argument.endIndex };
  const why =
    `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states, and its activations take at least ` +
    `~${formatGiBValue(sample)} GiB per sample of ${sequence.tokens} tokens (${sequence.where}${checkpointing ? ", gradient checkpointing on" : ""}): ` +
    `per-device batch ${batch} needs ~${formatGiBValue(need(batch))} GiB, more than ${gpu}.`;
  const factor = reductions(batch).find((f) => need(batch / f) <= memory);
  if (factor === undefined) {
    const checkpointed = perSample(CHECKPOINTED_BYTES);
    const withCheckpointing = checkpointing ? undefined : [1, ...reductions(batch)].find((f) => need(batch / f, checkpointed) <= memory);
    const shorter = `shorten the sequences (${sequence.where}), or train LoRA adapters (peft) instead of the full model`;
    context.report({
      ...range,
      message: `${why} Even one sample a step does not fit.`,
      hint:
        withCheckpointing === undefined
          ? `${shorter[0]!.toUpperCase()}${shorter.slice(1)}.`
          : `Set \`gradient_checkpointing=True\` (each layer then keeps only its input; transformers' docs put the cost at ~20% slower steps): ` +
            `${withCheckpointing === 1 ? `batch ${batch}` : `batch ${batch / withCheckpointing}, with \`gradient_accumulation_steps\` x ${withCheckpointing},`} then needs ~${formatGiBValue(need(batch / withCheckpointing, checkpointed))} GiB. Or ${shorter}.`,
    });
    return;
  }

  const smaller = batch / factor;
  const accumulation = accumulationOf(call);
  const checkpointingHint = checkpointing
    ? undefined
    : "`gradient_checkpointing=True` would keep ~1/17 of the activations (transformers' docs: ~20% slower steps) and let a larger per-device batch fit.";
  if (accumulation.steps === null) {
    context.report({
      ...range,
      message: `${why} Batch ${smaller} needs ~${formatGiBValue(need(smaller))} GiB.`,
      hint: `Set \`per_device_train_batch_size=${smaller}\` and multiply \`gradient_accumulation_steps\` (computed here, so not rewritten) by ${factor}: the global batch stays the same.${checkpointingHint ? ` ${checkpointingHint}` : ""}`,
    });
    return;
  }
  const steps = accumulation.steps * factor;
  context.report({
    ...range,
    message:
      `${why} Batch ${smaller} needs ~${formatGiBValue(need(smaller))} GiB; gradient_accumulation_steps ${accumulation.steps} -> ${steps} keeps the global batch: ` +
      `${globalBatch(batch, accumulation.steps, target.count)} -> ${globalBatch(smaller, steps, target.count)}.`,
    fix: accumulationEdits(source.text, argument, smaller, steps, accumulation.value),
    ...(checkpointingHint ? { hint: checkpointingHint } : {}),
  });
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
  const id = [...ids][0]!;
  const size = sizeOf(context, id);
  if (!size) return null;
  const config = context.project.modelConfig(id);
  const exact = config?.hidden_size && config.num_hidden_layers ? config.hidden_size * config.num_hidden_layers : undefined;
  return {
    label: `${id} (${formatParameters(size.parameters)} parameters, from ${SOURCE_TEXT[size.source]})`,
    parameters: size.parameters,
    widthDepth: exact ?? WIDTH_DEPTH_FLOOR * Math.sqrt(size.parameters),
  };
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

/** Powers of two that divide the batch, then the batch itself (per-device batch 1): the effective batch stays exact. */
function reductions(batch: number): number[] {
  const factors: number[] = [];
  for (let f = 2; f <= batch && batch % f === 0; f *= 2) factors.push(f);
  if (factors.at(-1) !== batch && batch > 1) factors.push(batch);
  return factors;
}

/** `gradient_accumulation_steps`: absent means 1; a literal can be rewritten; anything else is computed (null). */
function accumulationOf(call: SyntaxNode): { steps: number | null; value: SyntaxNode | null } {
  const value = flag(call, "gradient_accumulation_steps");
  if (!keywordArgument(call, "gradient_accumulation_steps")) return { steps: 1, value: null };
  return { steps: integerLiteral(value), value };
}

function globalBatch(batch: number, steps: number, gpus: number): string {
  return gpus > 1 ? `${batch} x ${steps} x ${gpus} GPUs = ${batch * steps * gpus}` : `${batch} x ${steps} = ${batch * steps}`;
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
