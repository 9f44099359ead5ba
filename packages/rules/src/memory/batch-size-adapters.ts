import type { Target } from "@gpu-compat/targets";
import { describeComponents, estimateMemory, formatGiBValue, formatParameters, shapeFromModelId, shapeOf, type AdapterSpec, type LoadWeights, type MemoryEstimate, type ModelShape, type WeightDtype } from "../model-size/index.js";
import { modelLabel, sizeOf } from "../shared/load-dtype.js";
import type { FindingMemory, RuleContextBase } from "../types.js";
import { globalBatch } from "./batch-size-estimate.js";
import type { BatchSpelling } from "./batch-size-messages.js";

/**
 * `batch-size` for LoRA/QLoRA runs: the estimate of model-size/estimate.ts (frozen weights by dtype, adapter
 * states, activations, logits, CUDA context) against one GPU. An edit only when even the low bound is over the
 * GPU; hints when only the high bound is; an error when nothing the batch can do makes it fit.
 */

export interface AdapterModel {
  id: string;
  label: string;
  shape: ModelShape;
  weights: LoadWeights;
  adapters: AdapterSpec;
}

export interface AdapterRun {
  batch: number | null;
  tokens: number | null;
  checkpointing: boolean;
  /** The load spreads the model over the target's GPUs (`device_map="auto"`). */
  spread: boolean;
  /** GRPO: each of the batch's sequences is generated first, with a KV cache of this many tokens. */
  generationTokens?: number;
  /** A Python load, which `device_map="auto"` could spread over the GPUs (configs place the model their own way). */
  spreadable?: boolean;
}

/** The model of an adapter run, when its size is known. */
/** Checkpoints quantized by another method (GPTQ, AWQ, AQLM, GGUF, ...): bytes per weight the estimate does not know. */
const PRE_QUANTIZED = /(?:^|[-_.])(?:awq|gptq|aqlm|gguf|exl2|hqq|fp8|int4|int8|w4a16|w8a8|mlx)(?=$|[-_.])/i;
/** bitsandbytes 4-bit checkpoints (`unsloth/llama-3-8b-bnb-4bit`): stored 4-bit whatever the load says. */
const BNB_4BIT = /(?:^|[-_.])(?:bnb-)?4bit(?=$|[-_.])/i;

export function adapterModelOf(context: Pick<RuleContextBase, "project">, id: string, weights: LoadWeights, adapters: AdapterSpec): AdapterModel | null {
  const size = sizeOf(context, id);
  const name = id.split("/").pop()!;
  if (!size || PRE_QUANTIZED.test(name)) return null;
  if (BNB_4BIT.test(name) && weights.high !== "int4") weights = { low: "int4", high: "int4", label: "4-bit (a bitsandbytes 4-bit checkpoint)" };
  const config = context.project.modelConfig(id) ?? shapeFromModelId(id);
  return { id, label: modelLabel(id, size), shape: shapeOf(size.parameters, config), weights, adapters };
}

/** Low, central and high over the dtypes a load may mean (an open dtype is float16 to float32). */
export interface Numbers {
  low: number;
  gib: number;
  high: number;
  /** The central estimate's components, for messages. */
  estimate: MemoryEstimate;
}

export function estimateAdapters(
  model: AdapterModel,
  run: { batch?: number; tokens?: number; checkpointing: boolean; generationTokens?: number },
  weights: { low: WeightDtype; high: WeightDtype } = model.weights,
): Numbers {
  const at = (dtype: WeightDtype) =>
    estimateMemory({
      model: model.shape,
      weights: dtype,
      training: "adapters",
      adapters: model.adapters,
      checkpointing: run.checkpointing,
      ...(run.batch && run.tokens ? { batch: run.batch, tokens: run.tokens } : {}),
      ...(run.batch && run.generationTokens ? { generation: { sequences: run.batch, tokens: run.generationTokens } } : {}),
    });
  const low = at(weights.low);
  const high = weights.high === weights.low ? low : at(weights.high);
  return { low: low.lowGiB, gib: high.gib, high: high.highGiB, estimate: high };
}

interface PlanBase {
  model: AdapterModel;
  run: AdapterRun;
  numbers: Numbers;
  /** GiB the run can use, and how messages name it. */
  memory: number;
  gpu: string;
}

export type AdapterPlan =
  /** Only the high bound is over: hints. */
  | (PlanBase & { verdict: "maybe"; half?: Numbers })
  /** The low bound is over; batch / factor fits. */
  | (PlanBase & { verdict: "reduce"; factor: number; smaller: number; smallerNumbers: Numbers })
  /** Fits only with gradient checkpointing, at batch / factor. */
  | (PlanBase & { verdict: "checkpointing"; factor: number; smallerNumbers: Numbers })
  /** Nothing the batch can do: the best it gets, and what would fit. */
  | (PlanBase & { verdict: "cannot"; best?: Numbers; alternatives: string[] });

/** The decision; null when the run fits, or when only its weights are known and they fit. */
export function planAdapterBatch(target: Target, model: AdapterModel, run: AdapterRun): AdapterPlan | null {
  const memory = target.gpu.memoryGiB * (run.spread ? target.count : 1);
  const gpu = run.spread && target.count > 1 ? `the ${target.count} x ${target.gpu.name} (${formatGiBValue(memory)} GiB together)` : `one ${target.gpu.name} (${formatGiBValue(target.gpu.memoryGiB)} GiB)`;
  const known = run.batch !== null && run.tokens !== null;
  const generation = run.generationTokens ? { generationTokens: run.generationTokens } : {};
  const numbers = estimateAdapters(model, known ? { batch: run.batch!, tokens: run.tokens!, checkpointing: run.checkpointing, ...generation } : { checkpointing: run.checkpointing });
  const base = { model, run, numbers, memory, gpu };
  if (numbers.high <= memory) return null;
  if (!known) return numbers.low > memory ? { ...base, verdict: "cannot", alternatives: alternatives(target, model, run, memory) } : null;
  const batch = run.batch!;
  const at = (size: number, checkpointing = run.checkpointing) => estimateAdapters(model, { batch: size, tokens: run.tokens!, checkpointing, ...generation });
  if (numbers.low <= memory) {
    const half = batch > 1 && batch % 2 === 0 ? at(batch / 2) : undefined;
    return { ...base, verdict: "maybe", ...(half ? { half } : {}) };
  }
  // The largest smaller batch whose high bound fits (so no hint is left after the fix), else whose central one does.
  const factors = reductions(batch);
  const factor = factors.find((f) => at(batch / f).high <= memory) ?? factors.find((f) => at(batch / f).gib <= memory);
  if (factor !== undefined) return { ...base, verdict: "reduce", factor, smaller: batch / factor, smallerNumbers: at(batch / factor) };
  if (!run.checkpointing) {
    for (const factor of [1, ...reductions(batch)]) {
      const smallerNumbers = at(batch / factor, true);
      if (smallerNumbers.gib <= memory) return { ...base, verdict: "checkpointing", factor, smallerNumbers };
    }
  }
  return { ...base, verdict: "cannot", best: at(1, true), alternatives: alternatives(target, model, run, memory) };
}

/** Powers of two that divide the batch, then the batch itself (per-device batch 1): the global batch stays exact. */
function reductions(batch: number): number[] {
  const factors: number[] = [];
  for (let f = 2; f <= batch && batch % f === 0; f *= 2) factors.push(f);
  if (factors.at(-1) !== batch && batch > 1) factors.push(batch);
  return factors;
}

/** Where the alternatives name the 4-bit setting, replaced with the file's own spelling of it. */
const FOUR_BIT = "{4-bit}";

const SEQUENCES = [4096, 2048, 1024, 512, 256];
const SIZES = [70e9, 32e9, 14e9, 8e9, 7e9, 3e9, 1.5e9, 1e9, 0.5e9];

/** What would fit, at batch 1 with gradient checkpointing: 4-bit weights, a shorter sequence, a smaller model. */
function alternatives(target: Target, model: AdapterModel, run: AdapterRun, memory: number): string[] {
  const tokens = run.tokens ?? 512;
  const found: string[] = [];
  const fits = (m: AdapterModel, t: number, dtype?: WeightDtype) => {
    const numbers = estimateAdapters(m, { batch: 1, tokens: t, checkpointing: true }, dtype ? { low: dtype, high: dtype } : m.weights);
    return numbers.gib <= memory ? numbers : undefined;
  };
  const int4 = model.weights.high !== "int4" ? fits(model, tokens, "int4") : undefined;
  if (int4) found.push(`the same model in 4-bit (${FOUR_BIT}): ~${formatGiBValue(int4.gib)} GiB`);
  const dtype: WeightDtype | undefined = model.weights.high === "int4" || int4 ? "int4" : undefined;
  for (const t of SEQUENCES.filter((t) => t < tokens)) {
    const shorter = fits(model, t, dtype);
    if (shorter) {
      found.push(`${t}-token sequences${dtype && model.weights.high !== "int4" ? " in 4-bit" : ""}: ~${formatGiBValue(shorter.gib)} GiB`);
      break;
    }
  }
  for (const parameters of SIZES.filter((p) => p < model.shape.parameters * 0.9)) {
    const smaller = fits({ ...model, shape: { parameters } }, tokens, "int4");
    if (smaller) {
      found.push(`a model of ~${formatParameters(parameters)} parameters in 4-bit: ~${formatGiBValue(smaller.gib)} GiB`);
      break;
    }
  }
  if (target.count > 1 && !run.spread && run.spreadable) {
    const spread = estimateAdapters(model, { batch: 1, tokens, checkpointing: true });
    if (spread.gib <= memory * target.count) {
      found.push(`spreading the model over the ${target.count} GPUs with \`device_map="auto"\` in one process (~${formatGiBValue(spread.gib)} GiB of their ${formatGiBValue(memory * target.count)}; slower, one GPU works at a time)`);
    }
  }
  return found;
}

function amount(numbers: Numbers): string {
  return `~${formatGiBValue(numbers.gib)} GiB (${formatGiBValue(numbers.low)}-${formatGiBValue(numbers.high)})`;
}

/** The numbers of a finding, for the report (Finding.memory). */
export function findingMemory(plan: AdapterPlan, numbers: Numbers = plan.numbers): FindingMemory {
  return { label: plan.model.label, estimateGiB: round(numbers.gib), lowGiB: round(numbers.low), highGiB: round(numbers.high), availableGiB: plan.memory };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** "LoRA adapters on X in 4-bit (bitsandbytes), batch 8 x 2048 tokens (`max_seq_length`), gradient checkpointing on". */
function what(plan: AdapterPlan, spelling: BatchSpelling): string {
  const { model, run } = plan;
  const kind = model.weights.high === "int4" ? "QLoRA" : "LoRA";
  const rank = model.adapters.rank ? `rank ${model.adapters.rank} ` : "";
  const shape = run.batch !== null && run.tokens !== null ? `, batch ${run.batch} x ${run.tokens} tokens (${spelling.sequence})` : "";
  const checkpointing = run.tokens !== null ? `, gradient checkpointing ${run.checkpointing ? "on" : "off"}` : "";
  const rollouts = run.generationTokens ? `, GRPO rollouts with a KV cache of ${run.generationTokens} tokens each` : "";
  return `${kind} (${rank}adapters) on ${model.label} in ${model.weights.label}${shape}${checkpointing}${rollouts}`;
}

function breakdown(numbers: Numbers): string {
  return `(${describeComponents(numbers.estimate)})`;
}

export interface AdapterFinding {
  message: string;
  hint?: string;
  severity?: "error";
  memory: FindingMemory;
}

/** The low bound is over; a smaller batch fits: the message of the fix, with the accumulation it keeps. */
export function reduceFinding(plan: Extract<AdapterPlan, { verdict: "reduce" }>, spelling: BatchSpelling, steps: number, gpus: number): AdapterFinding {
  const { numbers, run, smaller, smallerNumbers, factor } = plan;
  return {
    message:
      `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound. ` +
      `Batch ${smaller} needs ~${formatGiBValue(smallerNumbers.gib)} GiB; ${spelling.accumulation} ${steps} -> ${steps * factor} keeps the global batch: ` +
      `${globalBatch(run.batch!, steps, gpus)} -> ${globalBatch(smaller, steps * factor, gpus)}.`,
    // The picture shows the run as the fix leaves it: the message has the numbers before it.
    memory: { ...findingMemory(plan, smallerNumbers), label: `${plan.model.label}, batch ${smaller} (the fix)` },
  };
}

/** The same when the accumulation cannot be rewritten: a hint. */
export function reduceHintFinding(plan: Extract<AdapterPlan, { verdict: "reduce" }>, spelling: BatchSpelling, instead: string): AdapterFinding {
  const { numbers, smaller, smallerNumbers } = plan;
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound; batch ${smaller} needs ~${formatGiBValue(smallerNumbers.gib)} GiB.`,
    hint: `Set \`${spelling.set(spelling.batch, smaller)}\` and ${instead}: the global batch stays the same.`,
    memory: findingMemory(plan),
  };
}

/** Only the high bound is over: what to change if it runs out of memory. */
export function maybeFinding(plan: Extract<AdapterPlan, { verdict: "maybe" }>, spelling: BatchSpelling): AdapterFinding {
  const { numbers, run, half } = plan;
  const steps = [
    half ? `halve \`${spelling.batch}\` to ${run.batch! / 2} and double \`${spelling.accumulation}\` (~${formatGiBValue(half.gib)} GiB, same global batch)` : undefined,
    `shorten the sequences (${spelling.sequence})`,
    run.checkpointing ? undefined : `set ${spelling.checkpointing}`,
    `use the paged 8-bit optimizer (${spelling.optimizer8bit})`,
  ].filter(Boolean);
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}: it may not fit ${plan.gpu}.`,
    hint: `If it runs out of memory: ${steps.join(", ")}.`,
    memory: findingMemory(plan),
  };
}

/** Fits only with gradient checkpointing. */
export function checkpointingFinding(plan: Extract<AdapterPlan, { verdict: "checkpointing" }>, spelling: BatchSpelling): AdapterFinding {
  const { numbers, run, factor, smallerNumbers } = plan;
  const batch = factor === 1 ? `batch ${run.batch}` : `batch ${run.batch! / factor} with \`${spelling.accumulation}\` x ${factor}`;
  return {
    message: `${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu} even at the low bound, at any batch without gradient checkpointing.`,
    hint: `Set ${spelling.checkpointing} (each layer then keeps only its input; ~20% slower steps): ${batch} then needs ~${formatGiBValue(smallerNumbers.gib)} GiB.`,
    memory: findingMemory(plan, smallerNumbers),
  };
}

/** Nothing the batch can do: an error with the numbers and what would fit. */
export function cannotFitFinding(plan: Extract<AdapterPlan, { verdict: "cannot" }>, spelling: BatchSpelling): AdapterFinding {
  const { numbers, best } = plan;
  const even = best ? `; even batch 1 with gradient checkpointing needs ~${formatGiBValue(best.gib)} GiB (at least ${formatGiBValue(best.low)})` : " before any activation";
  const alternatives = plan.alternatives.map((text) => text.replace(FOUR_BIT, spelling.fourBit));
  const fits = alternatives.length > 0 ? `What would fit, at batch 1 with gradient checkpointing: ${alternatives.join("; ")}.` : "Pick a much smaller model, or a GPU with more memory.";
  return {
    message: `This run cannot fit: ${what(plan, spelling)} needs ${amount(numbers)} ${breakdown(numbers)}, more than ${plan.gpu}${even}.`,
    hint: fits,
    severity: "error",
    memory: findingMemory(plan, best ?? numbers),
  };
}
