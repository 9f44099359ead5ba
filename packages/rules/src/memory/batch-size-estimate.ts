import type { Target } from "@gpu-compat/targets";
import { formatGiBValue, fullFineTuneGiB } from "../model-size/index.js";
import { modelLabel, sizeOf } from "../shared/load-dtype.js";
import type { RuleContextBase } from "../types.js";

/**
 * The training memory estimate of `batch-size`, and the one decision that Python calls and training configs share:
 * whether the states fit one GPU, whether the activations of the batch do, and the smallest change that makes them.
 */

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

/** Optimizers whose states take the 8 bytes per parameter of fp32 Adam. */
export const ADAM_32BIT = /^adamw_(torch|hf|torch_fused|apex_fused)$/;

/** The model being trained and what the estimate knows of its shape. */
export interface TrainedModel {
  label: string;
  parameters: number;
  /** Hidden size x layers: from config.json, or the lower bound from the parameter count. */
  widthDepth: number;
}

/** The model a training run names, when its size can be told: config.json in the repo, known models, the name. */
export function trainedModelOf(context: Pick<RuleContextBase, "project">, id: string): TrainedModel | null {
  const size = sizeOf(context, id);
  if (!size) return null;
  const config = context.project.modelConfig(id);
  const exact = config?.hidden_size && config.num_hidden_layers ? config.hidden_size * config.num_hidden_layers : undefined;
  return {
    label: modelLabel(id, size),
    parameters: size.parameters,
    widthDepth: exact ?? WIDTH_DEPTH_FLOOR * Math.sqrt(size.parameters),
  };
}

/** What the activations depend on: the literal per-device batch, the tokens a sample is padded to, checkpointing. */
export interface BatchRun {
  batch: number;
  tokens: number;
  checkpointing: boolean;
}

interface PlanBase {
  model: TrainedModel;
  /** GiB of weights, gradients and Adam states. */
  states: number;
  /** One GPU's memory, and how messages name it. */
  memory: number;
  gpu: string;
}

/** What does not fit, with the numbers. */
export type BatchPlan =
  /** Weights, gradients and optimizer states alone exceed one GPU; `sharded` when 1/count of them fits each. */
  | (PlanBase & { verdict: "states"; sharded?: { gpus: number; each: number } })
  | (PlanBase & ActivationNumbers & { verdict: "one-sample"; checkpointed?: { factor: number; need: number } })
  | (PlanBase & ActivationNumbers & { verdict: "reduce"; factor: number; smaller: number; smallerNeed: number });

interface ActivationNumbers {
  run: BatchRun;
  /** GiB of activations per sample, and what the batch needs in all. */
  sample: number;
  need: number;
}

/**
 * Decides for a full fine-tune with fp32 Adam: null when it fits, or when the states fit and the activations are
 * unknown (`run` null). The new batch is the batch divided by the smallest reduction that fits the low estimate.
 */
export function planBatch(target: Target, model: TrainedModel, run: BatchRun | null): BatchPlan | null {
  const memory = target.gpu.memoryGiB;
  const states = fullFineTuneGiB(model.parameters);
  const base = { model, states, memory, gpu: `one ${target.gpu.name} (${formatGiBValue(memory)} GiB)` };
  if (states > memory) {
    const each = states / target.count;
    return { ...base, verdict: "states", ...(target.count > 1 && each <= memory ? { sharded: { gpus: target.count, each } } : {}) };
  }
  if (!run) return null;
  const { batch, tokens, checkpointing } = run;
  const perSample = (bytes: number) => (tokens * model.widthDepth * bytes) / GiB;
  const sample = perSample(checkpointing ? CHECKPOINTED_BYTES : ACTIVATION_BYTES);
  const need = (size: number, each = sample) => states + size * each;
  if (need(batch) <= memory) return null;

  const numbers = { ...base, run, sample, need: need(batch) };
  const factor = reductions(batch).find((f) => need(batch / f) <= memory);
  if (factor !== undefined) return { ...numbers, verdict: "reduce", factor, smaller: batch / factor, smallerNeed: need(batch / factor) };
  const checkpointed = perSample(CHECKPOINTED_BYTES);
  const withCheckpointing = checkpointing ? undefined : [1, ...reductions(batch)].find((f) => need(batch / f, checkpointed) <= memory);
  return {
    ...numbers,
    verdict: "one-sample",
    ...(withCheckpointing === undefined ? {} : { checkpointed: { factor: withCheckpointing, need: need(batch / withCheckpointing, checkpointed) } }),
  };
}

/** Powers of two that divide the batch, then the batch itself (per-device batch 1): the effective batch stays exact. */
function reductions(batch: number): number[] {
  const factors: number[] = [];
  for (let f = 2; f <= batch && batch % f === 0; f *= 2) factors.push(f);
  if (factors.at(-1) !== batch && batch > 1) factors.push(batch);
  return factors;
}

export function globalBatch(batch: number, steps: number, gpus: number): string {
  return gpus > 1 ? `${batch} x ${steps} x ${gpus} GPUs = ${batch * steps * gpus}` : `${batch} x ${steps} = ${batch * steps}`;
}
