import { formatGiBValue } from "../model-size/index.js";
import { globalBatch, type BatchPlan } from "./batch-size-estimate.js";

type Plan<Verdict extends BatchPlan["verdict"]> = Extract<BatchPlan, { verdict: Verdict }>;

/** How the file being checked spells the settings a finding names: Python keywords, YAML or JSON keys. */
export interface BatchSpelling {
  /** A setting as the file writes it: `per_device_train_batch_size=8`, `micro_batch_size: 8`. */
  set(key: string, value: number): string;
  /** The per-device batch and accumulation settings. */
  batch: string;
  accumulation: string;
  /** The setting that turns gradient checkpointing on, in backticks: `gradient_checkpointing=True`. */
  checkpointing: string;
  /** Adapters instead of the full model, and QLoRA: "LoRA adapters (peft)". */
  lora: string;
  qlora: string;
  /** Where the tokens per sample come from: "`max_seq_length`". */
  sequence: string;
  /** The paged 8-bit optimizer, as the file sets it: `optim="paged_adamw_8bit"`. */
  optimizer8bit: string;
  /** QLoRA's 4-bit load, as the file sets it: "QLoRA, `BitsAndBytesConfig(load_in_4bit=True)`". */
  fourBit: string;
}

/** Weights, gradients and optimizer states alone exceed the GPU: a smaller batch cannot help. */
export function statesFinding({ model, states, gpu, sharded }: Plan<"states">, spelling: BatchSpelling): { message: string; hint: string } {
  return {
    message:
      `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states (~16 bytes per parameter) on each GPU, ` +
      `more than ${gpu} before any activation: no batch size or gradient checkpointing makes that fit.`,
    hint:
      `Train ${spelling.lora}, or ${spelling.qlora}, or pick a smaller model` +
      (sharded ? `; or shard the states over the ${sharded.gpus} GPUs with DeepSpeed ZeRO-3 or FSDP (~${formatGiBValue(sharded.each)} GiB each).` : "."),
  };
}

/** Why the batch does not fit, with the numbers. */
function why({ model, states, sample, need, gpu, run }: Plan<"one-sample" | "reduce">, spelling: BatchSpelling): string {
  return (
    `Full fine-tuning ${model.label} with Adam keeps ~${formatGiBValue(states)} GiB of weights, gradients and optimizer states, and its activations take at least ` +
    `~${formatGiBValue(sample)} GiB per sample of ${run.tokens} tokens (${spelling.sequence}${run.checkpointing ? ", gradient checkpointing on" : ""}): ` +
    `per-device batch ${run.batch} needs ~${formatGiBValue(need)} GiB, more than ${gpu}.`
  );
}

/** Even one sample does not fit: whether gradient checkpointing would, else shorter sequences or adapters. */
export function oneSampleFinding(plan: Plan<"one-sample">, spelling: BatchSpelling): { message: string; hint: string } {
  const { run, checkpointed } = plan;
  const shorter = `shorten the sequences (${spelling.sequence}), or train ${spelling.lora} instead of the full model`;
  const batch = (f: number) => (f === 1 ? `batch ${run.batch}` : `batch ${run.batch / f}, with \`${spelling.accumulation}\` x ${f},`);
  return {
    message: `${why(plan, spelling)} Even one sample a step does not fit.`,
    hint: checkpointed
      ? `Set ${spelling.checkpointing} (each layer then keeps only its input; transformers' docs put the cost at ~20% slower steps): ` +
        `${batch(checkpointed.factor)} then needs ~${formatGiBValue(checkpointed.need)} GiB. Or ${shorter}.`
      : `${shorter[0]!.toUpperCase()}${shorter.slice(1)}.`,
  };
}

/** A smaller batch fits: `why` and the new batch's need, to which the caller adds the accumulation it keeps. */
export function reduceMessage(plan: Plan<"reduce">, spelling: BatchSpelling): string {
  return `${why(plan, spelling)} Batch ${plan.smaller} needs ~${formatGiBValue(plan.smallerNeed)} GiB`;
}

/** The accumulation that keeps the global batch, for a fix's message: "; gradient_accumulation_steps 2 -> 32 keeps ...". */
export function accumulationKept(plan: Plan<"reduce">, steps: number, gpus: number, change = `gradient_accumulation_steps ${steps} -> ${steps * plan.factor}`): string {
  return `; ${change} keeps the global batch: ${globalBatch(plan.run.batch, steps, gpus)} -> ${globalBatch(plan.smaller, steps * plan.factor, gpus)}.`;
}

/** The hint when the accumulation cannot be rewritten: the new batch, and `accumulation`, what to do instead. */
export function reduceHint(plan: Plan<"reduce">, spelling: BatchSpelling, accumulation: string): string {
  const checkpointing = checkpointingHint(plan, spelling);
  return `Set \`${spelling.set(spelling.batch, plan.smaller)}\` and ${accumulation}: the global batch stays the same.` + (checkpointing ? ` ${checkpointing}` : "");
}

/** What to do with an accumulation the rule does not rewrite, and why not: "multiply `...` (computed here) by 4". */
export function multiplyAccumulation(plan: { factor: number }, spelling: BatchSpelling, whyNot: string): string {
  return `multiply \`${spelling.accumulation}\` (${whyNot}) by ${plan.factor}`;
}

/** Suggests gradient checkpointing where it is off. */
export function checkpointingHint(plan: Plan<"reduce">, spelling: BatchSpelling): string | undefined {
  return plan.run.checkpointing
    ? undefined
    : `${spelling.checkpointing} would keep ~1/17 of the activations (transformers' docs: ~20% slower steps) and let a larger per-device batch fit.`;
}
