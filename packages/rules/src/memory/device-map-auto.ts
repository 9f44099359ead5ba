import {
  callNamedAt,
  GuardFinder,
  hasSplat,
  HARDWARE_CHECK_NAMES,
  keywordArgument,
  type ImportMap,
  type LexicalScan,
  type SyntaxNode,
  type TextEdit,
} from "@gpu-compat/python";
import { formatGiB, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { availableGiB, estimateMemory, formatGiBValue, formatParameters, inferenceGiB, loadWeightsOf, shapeFromModelId, shapeOf, type LoadWeights, type WeightDtype } from "../model-size/index.js";
import { modelIdOf, sizeOf } from "../shared/load-dtype.js";
import { fullFineTuneWithTrainer } from "../shared/training-run.js";
import { adaptersOf, trainsAdapters } from "../shared/training-memory.js";
import type { PythonRuleContext } from "../types.js";
import { appendArgumentEdits } from "./insert-keyword.js";
import { modelMoves, type ModelMoves } from "./model-moves.js";

/** Code that asks how many GPUs there are or how much memory they have decides placement itself. */
const MEMORY_CHECK_NAMES: ReadonlySet<string> = new Set([...HARDWARE_CHECK_NAMES, "device_count", "mem_get_info", "total_memory"]);

/** Keywords that already place the model: `device_map` (any value) and transformers' tensor parallelism. */
const PLACEMENT_KEYWORDS = ["device_map", "tp_plan"];

/** Frameworks that shard or replicate the model themselves, where `device_map` would fight them. */
const SHARDING_WORDS = ["deepspeed", "fsdp", "FullyShardedDataParallel", "DistributedDataParallel"];

const DISPATCH_WARNING = "You shouldn't move a model that is dispatched using accelerate hooks.";

export const deviceMapAuto = defineRule({
  id: "device-map-auto",
  title: "A model too big for one GPU loaded without device_map, on a target whose GPUs together hold it",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "every target: it compares the model's estimated inference memory with one GPU and with all of the target's GPUs",
  appliesTo: () => true,
  triggers: ["from_pretrained"],
  // It reports only transformers models (the word is in code: an import or a dotted name) whose model id is a
  // string literal of the file, or a name assigned one, with a size it knows. Most files that load models name
  // them through arguments and variables, so checking every literal's size without parsing rules them out.
  // Diffusion pipeline ids are sized for whole-pipeline loads (bf16-dtype); this rule reads transformers models only.
  // A load needs a model class in code (`AutoModelForCausalLM`, not `AutoTokenizer`), and a file that names a
  // sharding framework outside its comments has nothing reported (see run).
  mayMatch(scan, project) {
    if (!scan.inCode("transformers") || SHARDING_WORDS.some((word) => !scan.codeWordOffsets(word).next().done)) return false;
    if (!namesModelClass(scan)) return false;
    for (const value of scan.strings()) if (!DIFFUSION_PIPELINE.test(value) && sizeOf({ project }, value)) return true;
    return false;
  },
  checks: {
    python: {
      run(context) {
        const { source } = context;
        if (SHARDING_WORDS.some((word) => [...source.occurrences(word)].some((node) => node.type !== "comment"))) return;
        let guards: GuardFinder | undefined;
        for (const node of source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (!found || found.callee.type !== "attribute") continue;
          const { call } = found;
          if (!isTransformersModel(found.callee.childForFieldName("object")!, source.imports)) continue;
          if (PLACEMENT_KEYWORDS.some((k) => keywordArgument(call, k)) || hasSplat(call)) continue;
          guards ??= new GuardFinder(source.root, MEMORY_CHECK_NAMES, source.text);
          if (!guards.guardOf(call)) checkLoad(context, call);
        }
      },
    },
  },
});

const DIFFUSION_PIPELINE = /stable-diffusion|sdxl|flux\.1/i;

/** A class name isTransformersModel accepts, by its last segment. */
const MODEL_CLASS = /(Model|For[A-Z]\w*)$/;
const MODEL_CLASS_WORDS = /\b\w*(?:Model|For[A-Z]\w*)\b/g;

/** Whether a model class's name (see MODEL_CLASS) is a word of the code, an import or alias of it included. */
function namesModelClass(scan: LexicalScan): boolean {
  for (const match of scan.text.matchAll(MODEL_CLASS_WORDS)) if (!scan.inProse(match.index)) return true;
  return false;
}

/** `AutoModelForCausalLM`, `LlamaForCausalLM`, `BertModel`, `GPT2LMHeadModel` from transformers (not TF/Flax). */
function isTransformersModel(receiver: SyntaxNode, imports: ImportMap): boolean {
  const name = imports.qualifiedName(receiver);
  if (!name) return false;
  const fromTransformers = name.startsWith("transformers.") || (!name.includes(".") && !imports.bindings.has(name) && imports.wildcardModules.includes("transformers"));
  const className = name.split(".").pop()!;
  return fromTransformers && !/^(TF|Flax)/.test(className) && MODEL_CLASS.test(className);
}

interface Estimate {
  modelId: string;
  parameters: number;
  weights: LoadWeights;
  low: number;
  high: number;
  /** GiB a dtype needs: inference (weights + 20%), or training before activations (model-size/estimate.ts). */
  need(dtype: WeightDtype): number;
  /** What the file does with the model, for messages: "" for inference. */
  training: "" | "adapters" | "full";
}

/**
 * What a load needs: for inference its weights with the usual overhead; when the file trains the model, the
 * training estimate before activations (frozen weights + LoRA adapter states, or 16 B/param for a full
 * fine-tune, + CUDA context), since batch-size counts the activations.
 */
function needOf(context: PythonRuleContext, modelId: string, parameters: number, training: Estimate["training"]): (dtype: WeightDtype) => number {
  if (!training) return (dtype) => inferenceGiB(parameters, dtype);
  const shape = shapeOf(parameters, context.project.modelConfig(modelId) ?? shapeFromModelId(modelId));
  const adapters = training === "adapters" ? adaptersOf(context, [context.source]) : undefined;
  return (dtype) =>
    estimateMemory({
      model: shape,
      weights: dtype,
      training,
      ...(adapters ? { adapters: { ...(adapters.rank ? { rank: adapters.rank } : {}), ...(adapters.targetModules ? { targetModules: adapters.targetModules } : {}) } } : {}),
    }).gib;
}

function checkLoad(context: PythonRuleContext, call: SyntaxNode): void {
  const { source, target } = context;
  const modelId = modelIdOf(context, call);
  const size = modelId ? sizeOf(context, modelId) : undefined;
  const weights = loadWeightsOf(source, call);
  // Unknown size or quantization: no numbers to decide with, so nothing to say.
  if (!modelId || !size || !weights) return;
  const training = trainsAdapters([source]) ? "adapters" : fullFineTuneWithTrainer(source) ? "full" : "";
  const need = needOf(context, modelId, size.parameters, training);
  const estimate: Estimate = { modelId, parameters: size.parameters, weights, low: need(weights.low), high: need(weights.high), need, training };
  if (estimate.high <= availableGiB(target, false)) return;
  const range = { start: call.startIndex, end: call.endIndex };
  const memory = (spread: boolean) => ({
    memory: { label: `${modelId} (${formatParameters(size.parameters)} parameters)`, estimateGiB: round(estimate.high), lowGiB: round(estimate.low), highGiB: round(estimate.high), availableGiB: availableGiB(target, spread) },
  });
  if (estimate.high > availableGiB(target, true) || target.count === 1) {
    context.report({ ...range, message: `${needs(estimate)}, more than ${allGpus(target)}.`, hint: tooBigHint(target, estimate), ...memory(target.count > 1) });
    return;
  }
  const message = `${needs(estimate)}, more than one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB but within ${allGpus(target)}`;
  const moves = modelMoves(source, call);
  const insert = appendArgumentEdits(source.text, call, 'device_map="auto"');
  const edits = insert && [...insert, ...moves.removals, ...moves.redirects];
  if (moves.uncertain.length > 0 || !edits || overlapping(edits)) {
    context.report({ ...range, message: `${message}.`, hint: uncertainHint(source.text, moves), ...memory(true) });
    return;
  }
  const hint = looseInputsHint(moves);
  context.report({
    ...range,
    message:
      `${message}; adding device_map="auto" so accelerate spreads its layers over the GPUs` +
      (moves.removed.length > 0 ? `, and taking out ${quoteAll(moves.removed)}: a model spread over GPUs must not be moved back onto one` : "") +
      (moves.redirects.length > 0 ? `; its inputs now go to the model's device` : "") +
      ".",
    ...(hint ? { hint } : {}),
    fix: edits,
    ...memory(true),
  });
}

/** Tensors sent to a fixed "cuda" next to the model's calls, which the file does not show reaching them. */
function looseInputsHint(moves: ModelMoves): string | undefined {
  const loose = moves.looseInputs.map((move) => `\`${move.text}\``);
  if (loose.length === 0) return undefined;
  const one = loose.length === 1;
  return `If ${loose.slice(0, 2).join(", ")} ${one ? "feeds" : "feed"} this model, send ${one ? "it" : "them"} to \`model.device\` instead of a fixed GPU.`;
}

const round = (value: number) => Math.round(value * 10) / 10;

const TRAINING_TEXT = {
  adapters: " to train LoRA adapters on it (frozen weights, adapter states and CUDA context, before activations)",
  full: " to fully fine-tune it (~16 bytes per parameter for weights, gradients and Adam states, before activations)",
};

/** "Qwen/Qwen2.5-7B-Instruct (7.62B parameters) needs ~16 GiB in float16". */
function needs(estimate: Estimate): string {
  const { low, high } = estimate;
  const amount = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  const what = estimate.training ? TRAINING_TEXT[estimate.training] : "";
  return `${estimate.modelId} (${formatParameters(estimate.parameters)} parameters) needs ~${amount} GiB${what ? "" : " in"} ${what ? `with its weights in ${estimate.weights.label}${what}` : estimate.weights.label}`;
}

function allGpus(target: Target): string {
  const each = `${formatGiB(target.gpu.memoryGiB)} GiB`;
  return target.count > 1 ? `the ${target.count} x ${each} of the target` : `the ${target.gpu.name}'s ${each}`;
}

/** What to do about a model the target cannot hold: float16, 4-bit, a smaller model, CPU offload. */
function tooBigHint(target: Target, estimate: Estimate): string {
  const all = availableGiB(target, true);
  const spread = (gib: number) => (target.count > 1 && gib > availableGiB(target, false) ? ' and device_map="auto"' : "");
  const offload = 'or let accelerate offload the layers that do not fit to the CPU with device_map="auto" (slow)';
  if (estimate.training === "full") {
    const qlora = estimateMemory({ model: { parameters: estimate.parameters }, weights: "int4", training: "adapters" }).gib;
    return `Train LoRA adapters instead (QLoRA on 4-bit weights needs ~${formatGiBValue(qlora)} GiB before activations), shard the states with DeepSpeed ZeRO-3 or FSDP, or pick a smaller model.`;
  }
  const fp16 = estimate.need("float16");
  if (estimate.weights.high === "float32" && fp16 <= all) {
    return `In float16 it needs ~${formatGiBValue(fp16)} GiB: load it with torch_dtype=torch.float16${spread(fp16)}.`;
  }
  const int4 = estimate.need("int4");
  if (estimate.weights.high !== "int4" && int4 <= all) {
    const compute = target.gpu.features.bf16 ? "torch.bfloat16" : "torch.float16";
    return (
      `In 4 bits it needs ~${formatGiBValue(int4)} GiB: quantization_config=BitsAndBytesConfig(load_in_4bit=True, ` +
      `bnb_4bit_compute_dtype=${compute})${spread(int4)}; or pick a smaller model, ${offload}.`
    );
  }
  const even = estimate.weights.high === "int4" ? "Even in 4 bits" : `Even in 4 bits (~${formatGiBValue(int4)} GiB)`;
  return `${even} it does not fit: pick a smaller model, ${offload}.`;
}

function uncertainHint(text: string, moves: ModelMoves): string {
  const where = moves.uncertain.map((node) => `\`${text.slice(node.startIndex, node.endIndex)}\``);
  const which = where.length > 0 ? ` (${[...new Set(where)].slice(0, 3).join(", ")} may move this model)` : "";
  return (
    `Load it with device_map="auto" and remove the moves of this model to one device${which}: accelerate warns ` +
    `"${DISPATCH_WARNING}" and moving it back onto one GPU runs out of memory.`
  );
}

function quoteAll(texts: string[]): string {
  const unique = [...new Set(texts.map((t) => `\`${t.trim()}\``))];
  return unique.length <= 2 ? unique.join(" and ") : `${unique.slice(0, 2).join(", ")} and ${unique.length - 2} more`;
}

/** Edits of one fix must not overlap (nor insert twice at one point): the engine applies them together. */
function overlapping(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.some((edit, i) => {
    const previous = sorted[i - 1];
    if (!previous) return false;
    const bothInsertions = edit.start === edit.end && previous.start === previous.end;
    return edit.start < previous.end || (bothInsertions && edit.start === previous.start);
  });
}
