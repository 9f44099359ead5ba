import type { ConfigEntry, ConfigKind, ConfigSource } from "@gpu-compat/config";
import type { TextEdit } from "@gpu-compat/python";
import { addedBelow, allEdits, entryRange } from "../shared/config-entries.js";
import type { DocumentRuleContext } from "../types.js";
import type { AdapterSpec, LoadWeights, WeightDtype } from "../model-size/index.js";
import { adapterModelOf, cannotFitFinding, checkpointingFinding, maybeFinding, planAdapterBatch, reduceFinding, reduceHintFinding, type AdapterFinding } from "./batch-size-adapters.js";
import { ADAM_32BIT, planBatch, trainedModelOf, type BatchPlan } from "./batch-size-estimate.js";
import { accumulationKept, checkpointingHint, multiplyAccumulation, oneSampleFinding, reduceHint, reduceMessage, statesFinding, type BatchSpelling } from "./batch-size-messages.js";

type Context = DocumentRuleContext<ConfigSource>;

const ACCUMULATION = "gradient_accumulation_steps";

/** Where a kind of training config keeps what the estimate reads, and what it says when it is no full fine-tune. */
interface Layout {
  model: string;
  batch: string;
  /** Tokens per sample, first found wins. */
  sequence: readonly string[];
  optimizer: string;
  /** Keys that, set to anything but false/null/empty, mean adapters, quantized, frozen or sharded weights, another optimizer's states, or a batch found at run time. */
  notFull: readonly string[];
  /** Whether the config trains every weight (LLaMA-Factory: only `finetuning_type: full`). */
  trainsAll(document: ConfigSource): boolean;
  /** Gradient checkpointing on or off; null when activations leave the GPU (offloading), so they are unknown. */
  checkpointing(document: ConfigSource): boolean | null;
  /** Adapters in the config's terms, and how it turns checkpointing on when not `gradient_checkpointing: true`. */
  spelling: Pick<BatchSpelling, "lora" | "qlora"> & { checkpointing?: string };
}

const LAYOUTS: Partial<Record<ConfigKind, Layout>> = {
  // Axolotl's schema (utils/schemas/training.py, config.py): adapter unset trains all weights.
  axolotl: {
    model: "base_model",
    batch: "micro_batch_size",
    sequence: ["sequence_len"],
    optimizer: "optimizer",
    notFull: ["adapter", "load_in_4bit", "load_in_8bit", "gptq", "unfrozen_parameters", "deepspeed", "fsdp", "fsdp_config", "auto_find_batch_size"],
    trainsAll: () => true,
    checkpointing: (document) => {
      const value = document.get(["gradient_checkpointing"])?.value;
      if (isOn(document, "activation_offloading") || value === "offload" || value === "offload_disk") return null;
      return value === true;
    },
    spelling: {
      lora: "LoRA adapters (`adapter: lora`)",
      qlora: "QLoRA on a 4-bit base (`adapter: qlora` with `load_in_4bit: true`)",
    },
  },
  // LLaMA-Factory's hparams: finetuning_type defaults to lora; gradient checkpointing is on unless disabled.
  "llama-factory": {
    model: "model_name_or_path",
    batch: "per_device_train_batch_size",
    sequence: ["cutoff_len"],
    optimizer: "optim",
    notFull: [
      "quantization_bit",
      "deepspeed",
      "fsdp",
      "use_galore",
      "use_apollo",
      "use_badam",
      "use_adam_mini",
      "use_muon",
      "use_llama_pro",
      "pure_bf16",
      "auto_find_batch_size",
    ],
    trainsAll: (document) => document.get(["finetuning_type"])?.value === "full",
    checkpointing: (document) => document.get(["disable_gradient_checkpointing"])?.value !== true || document.get(["gradient_checkpointing"])?.value === true,
    spelling: {
      checkpointing: "`disable_gradient_checkpointing: false`",
      lora: "LoRA adapters (`finetuning_type: lora`)",
      qlora: "QLoRA on a 4-bit base (`finetuning_type: lora` with `quantization_bit: 4`)",
    },
  },
  // TrainingArguments as HfArgumentParser reads them; TRL's ModelConfig adds the model and its peft switches.
  "training-arguments": {
    model: "model_name_or_path",
    batch: "per_device_train_batch_size",
    sequence: ["max_seq_length", "max_length"],
    optimizer: "optim",
    notFull: ["use_peft", "load_in_4bit", "load_in_8bit", "deepspeed", "fsdp", "auto_find_batch_size"],
    trainsAll: () => true,
    checkpointing: (document) => document.get(["gradient_checkpointing"])?.value === true,
    spelling: { lora: "LoRA adapters (peft)", qlora: "QLoRA on a 4-bit base" },
  },
};

/** Axolotl, LLaMA-Factory and TrainingArguments configs: the same estimate and decision as the Python check. */
export function checkBatchConfig(context: Context): void {
  const { document, target } = context;
  const layout = LAYOUTS[document.kind];
  const batchEntry = layout && document.get([layout.batch]);
  if (!layout || !batchEntry) return;
  if (!fullFineTuneWithAdam(document, layout)) {
    checkAdapterConfig(context, layout, batchEntry);
    return;
  }
  const modelEntry = document.get([layout.model]);
  const model = typeof modelEntry?.value === "string" && modelEntry.value ? trainedModelOf(context, modelEntry.value) : null;
  if (!modelEntry || !model) return;

  const batch = positiveInteger(batchEntry.value);
  const sequence = layout.sequence.map((key) => ({ key, tokens: positiveInteger(document.get([key])?.value) })).find((s) => s.tokens !== null);
  const checkpointing = layout.checkpointing(document);
  const run = batch !== null && sequence && checkpointing !== null ? { batch, tokens: sequence.tokens!, checkpointing } : null;
  const plan = planBatch(target, model, run);
  if (!plan) return;
  const spelling = spellingOf(document, layout, sequence?.key ?? "");
  const range = entryRange(batchEntry);
  switch (plan.verdict) {
    case "states":
      context.report({ ...entryRange(modelEntry), severity: "error", ...statesFinding(plan, spelling) });
      return;
    case "one-sample":
      context.report({ ...range, ...oneSampleFinding(plan, spelling) });
      return;
    case "reduce":
      reportReduce(context, plan, batchEntry, spelling);
  }
}

type ReducePlan = Extract<BatchPlan, { verdict: "reduce" }>;

/** The smaller batch, with the accumulation that keeps the global batch rewritten or added, else a hint. */
function reportReduce(context: Context, plan: ReducePlan, batchEntry: ConfigEntry, spelling: BatchSpelling): void {
  const { document, target } = context;
  const range = entryRange(batchEntry);
  const kept = accumulation(document, plan, batchEntry, spelling);
  const fix = "steps" in kept ? allEdits([document.replaceValue(batchEntry, plan.smaller), ...kept.edits]) : undefined;
  if (!fix || !("steps" in kept)) {
    const instead = "instead" in kept ? kept.instead : multiplyAccumulation(plan, spelling, "written in a form the tool does not rewrite");
    context.report({ ...range, message: `${reduceMessage(plan, spelling)}.`, hint: reduceHint(plan, spelling, instead) });
    return;
  }
  const checkpointing = checkpointingHint(plan, spelling);
  context.report({
    ...range,
    message: reduceMessage(plan, spelling) + accumulationKept(plan, kept.steps, target.count, kept.change),
    fix,
    ...(checkpointing ? { hint: checkpointing } : {}),
  });
}

/** The accumulation kept: its steps now, the edits that multiply it, and how the message words it when not "gradient_accumulation_steps 2 -> 32". */
type KeptAccumulation = { steps: number; edits: (TextEdit | undefined)[]; change?: string } | { instead: string };

/**
 * How the accumulation is kept: the literal rewritten, Axolotl's `batch_size` left to derive it, or the key added
 * below the batch; else what the hint says to do instead.
 */
function accumulation(document: ConfigSource, plan: { factor: number; run: { batch: number } }, batchEntry: ConfigEntry, spelling: BatchSpelling): KeptAccumulation {
  const key = document.key([ACCUMULATION]);
  const entry = document.get([ACCUMULATION]);
  if (key) {
    const steps = positiveInteger(entry?.value);
    if (!entry || key.holds !== "scalar" || steps === null) return { instead: multiplyAccumulation(plan, spelling, "not a number here, so not rewritten") };
    return { steps, edits: [document.replaceValue(entry, steps * plan.factor)] };
  }
  // Axolotl refuses both keys ("please set only one of gradient_accumulation_steps or batch_size") and derives
  // the accumulation as batch_size // micro_batch_size: a batch_size the batch divides keeps the global batch alone.
  if (document.kind === "axolotl" && isOn(document, "batch_size")) {
    const total = positiveInteger(document.get(["batch_size"])?.value);
    const perStep = total === null ? 0 : plan.run.batch * Math.floor(total / plan.run.batch);
    if (total === null || perStep === 0) return { instead: multiplyAccumulation(plan, spelling, "derived by Axolotl from `batch_size`, not rewritten here") };
    if (perStep !== total) {
      // Axolotl trains micro_batch_size x (batch_size // micro_batch_size) samples a step now; that many keeps it.
      return { instead: `set \`${spelling.set("batch_size", perStep)}\` (the samples per step Axolotl derives from \`batch_size: ${total}\` now, which the new batch divides)` };
    }
    const steps = total / plan.run.batch;
    const change = `\`${spelling.set("batch_size", total)}\` stays, so Axolotl's gradient_accumulation_steps (batch_size / micro_batch_size) ${steps} -> ${steps * plan.factor}`;
    return { steps, edits: [], change };
  }
  const added = addedBelow(document, batchEntry, ACCUMULATION, plan.factor);
  if (!added) return { instead: `add \`${spelling.set(ACCUMULATION, plan.factor)}\` (absent here, meaning 1; the tool adds a key only below one that has its own line)` };
  return { steps: 1, edits: [added] };
}

/** Full fine-tuning with fp32 Adam states on every GPU, as for `fullFineTuneWithAdam` in Python files. */
function fullFineTuneWithAdam(document: ConfigSource, layout: Layout): boolean {
  if (document.get(["do_train"])?.value === false || !layout.trainsAll(document)) return false;
  if (layout.notFull.some((key) => isOn(document, key))) return false;
  const optimizer = document.get([layout.optimizer])?.value;
  return optimizer === undefined || optimizer === null || (typeof optimizer === "string" && ADAM_32BIT.test(optimizer));
}

/** A key set to something: a mapping or list, true, a non-empty string, a number other than 0. */
function isOn(document: ConfigSource, key: string): boolean {
  const found = document.key([key]);
  if (!found) return false;
  if (found.holds !== "scalar") return true;
  const value = document.get([key])?.value;
  return value !== undefined && value !== null && value !== false && value !== "" && value !== 0;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/** How findings on this config spell settings: `key: value` in YAML, `"key": value` in JSON. */
function spellingOf(document: ConfigSource, layout: Layout, sequence: string): BatchSpelling {
  const set = (key: string, value: number | boolean) => (document.format === "json" ? `"${key}": ${value}` : `${key}: ${value}`);
  return {
    ...layout.spelling,
    checkpointing: layout.spelling.checkpointing ?? `\`${set("gradient_checkpointing", true)}\``,
    set,
    batch: layout.batch,
    accumulation: ACCUMULATION,
    sequence: `\`${sequence}\``,
    fourBit: FOUR_BIT[document.kind] ?? "QLoRA",
    optimizer8bit: `\`${document.format === "json" ? `"${layout.optimizer}": "paged_adamw_8bit"` : `${layout.optimizer}: paged_adamw_8bit`}\``,
  };
}


/** What an adapter config says: its weights, adapters, checkpointing and tokens per sample (with the key, or a default's name). */
interface AdapterConfig {
  weights: LoadWeights;
  adapters: AdapterSpec;
  checkpointing: boolean;
  sequence?: { key: string; tokens: number };
}

const OPEN_WEIGHTS: LoadWeights = { low: "float16", high: "float32", label: "its default dtype (float32 or the checkpoint's)" };
const quantizedWeights = (bits: 4 | 8): LoadWeights => ({ low: bits === 4 ? "int4" : "int8", high: bits === 4 ? "int4" : "int8", label: `${bits}-bit (bitsandbytes)` });
const halfWeights = (dtype: WeightDtype, label: string): LoadWeights => ({ low: dtype, high: dtype, label });

/** QLoRA's 4-bit load in each config's terms. */
const FOUR_BIT: Partial<Record<ConfigKind, string>> = {
  axolotl: "`adapter: qlora` with `load_in_4bit: true`",
  "llama-factory": "`quantization_bit: 4`",
  "training-arguments": "`load_in_4bit: true`",
};

/** Axolotl, LLaMA-Factory and TRL configs that train LoRA/QLoRA adapters, read for the estimate; null for other runs. */
function adapterConfigOf(document: ConfigSource): AdapterConfig | null {
  const get = (key: string) => document.get([key])?.value;
  const int = (key: string) => positiveInteger(get(key)) ?? undefined;
  const list = (key: string) => {
    const value = get(key);
    if (typeof value === "string") return value === "all" || value === "all-linear" ? ("all-linear" as const) : value.split(",").map((s) => s.trim()).filter(Boolean);
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
  };
  const spec = (rank: number | undefined, targets: AdapterSpec["targetModules"] | undefined): AdapterSpec => ({ ...(rank ? { rank } : {}), ...(targets ? { targetModules: targets } : {}) });
  const sequence = (key: string, fallback?: number) => {
    const tokens = int(key) ?? fallback;
    return tokens ? { sequence: { key, tokens } } : {};
  };
  switch (document.kind) {
    case "axolotl": {
      const adapter = get("adapter");
      if (adapter !== "lora" && adapter !== "qlora") return null;
      const bits = adapter === "qlora" || get("load_in_4bit") === true ? 4 : get("load_in_8bit") === true ? 8 : undefined;
      const half = get("bf16") === true || get("bf16") === "auto" || get("fp16") === true;
      const targets = get("lora_target_linear") === true ? ("all-linear" as const) : list("lora_target_modules");
      return {
        weights: bits ? quantizedWeights(bits) : half ? halfWeights("float16", "16-bit (`bf16`/`fp16`)") : OPEN_WEIGHTS,
        adapters: spec(int("lora_r"), targets),
        checkpointing: get("gradient_checkpointing") === true,
        ...sequence("sequence_len", 2048),
      };
    }
    case "llama-factory": {
      const type = get("finetuning_type") ?? "lora";
      if (type !== "lora") return null;
      const bits = get("quantization_bit") === 4 ? 4 : get("quantization_bit") === 8 ? 8 : undefined;
      if (get("quantization_bit") !== undefined && !bits) return null;
      return {
        // LLaMA-Factory loads in the checkpoint's 16-bit dtype (infer_dtype) unless told otherwise.
        weights: bits ? quantizedWeights(bits) : halfWeights("float16", "16-bit (the checkpoint's dtype)"),
        adapters: spec(int("lora_rank"), list("lora_target")),
        checkpointing: get("disable_gradient_checkpointing") !== true,
        ...sequence("cutoff_len", 2048),
      };
    }
    case "training-arguments": {
      if (get("use_peft") !== true) return null;
      const bits = get("load_in_4bit") === true ? 4 : get("load_in_8bit") === true ? 8 : undefined;
      const dtype = get("torch_dtype") ?? get("dtype");
      const half = dtype === "float16" || dtype === "bfloat16" || dtype === "auto";
      return {
        weights: bits ? quantizedWeights(bits) : half ? halfWeights("float16", `16-bit (\`${dtype}\`)`) : OPEN_WEIGHTS,
        // TRL's ModelConfig: lora_r defaults to 16.
        adapters: spec(int("lora_r") ?? 16, list("lora_target_modules")),
        checkpointing: get("gradient_checkpointing") === true,
        ...(int("max_seq_length") ? sequence("max_seq_length") : sequence("max_length")),
      };
    }
    default:
      return null;
  }
}

/** The adapter decision of `batch-size` for training configs, as for Python files (batch-size-adapters.ts). */
function checkAdapterConfig(context: Context, layout: Layout, batchEntry: ConfigEntry): void {
  const { document, target } = context;
  if (document.get(["do_train"])?.value === false) return;
  // Sharded states, a batch found at run time, GPTQ weights, KTransformers (`use_kt`: experts in CPU memory).
  if (["deepspeed", "fsdp", "fsdp_config", "auto_find_batch_size", "gptq", "use_kt"].some((key) => isOn(document, key))) return;
  const optimizer = document.get([layout.optimizer])?.value;
  if (optimizer !== undefined && optimizer !== null && !(typeof optimizer === "string" && ADAM_32BIT.test(optimizer))) return;
  const config = adapterConfigOf(document);
  const modelEntry = document.get([layout.model]);
  if (!config || !modelEntry || typeof modelEntry.value !== "string" || !modelEntry.value) return;
  const model = adapterModelOf(context, modelEntry.value, config.weights, config.adapters);
  if (!model) return;
  const batch = positiveInteger(batchEntry.value);
  const plan = planAdapterBatch(target, model, { batch, tokens: config.sequence?.tokens ?? null, checkpointing: config.checkpointing, spread: false });
  if (!plan) return;
  const key = config.sequence?.key ?? "";
  const written = !!config.sequence && document.get([key]) !== undefined;
  const spelling = { ...spellingOf(document, layout, key), ...(written || !config.sequence ? {} : { sequence: `\`${key}\` (default ${config.sequence.tokens})` }) };
  const range = entryRange(batchEntry);
  const report = (finding: AdapterFinding, at = range) => context.report({ ...at, ...finding });
  switch (plan.verdict) {
    case "maybe":
      report(maybeFinding(plan, spelling));
      return;
    case "checkpointing":
      report(checkpointingFinding(plan, spelling));
      return;
    case "cannot":
      report(cannotFitFinding(plan, spelling), entryRange(modelEntry));
      return;
    case "reduce": {
      const kept = accumulation(document, { factor: plan.factor, run: { batch: plan.run.batch! } }, batchEntry, spelling);
      const fix = "steps" in kept ? allEdits([document.replaceValue(batchEntry, plan.smaller), ...kept.edits]) : undefined;
      if (!fix || !("steps" in kept)) {
        const instead = "instead" in kept ? kept.instead : multiplyAccumulation(plan, spelling, "written in a form the tool does not rewrite");
        report(reduceHintFinding(plan, spelling, instead));
        return;
      }
      context.report({ ...range, ...reduceFinding(plan, spelling, kept.steps, target.count), fix });
    }
  }
}
