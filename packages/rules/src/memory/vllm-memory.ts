import { argumentsOf, isFalse, keywordArgument, keywordValue, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { meets, requiredCapability } from "@gpu-compat/targets";
import { flagUses, type ShellWord } from "@gpu-compat/shell";
import { defineRule } from "../define.js";
import { bytesPerParameter, formatGiBValue } from "../model-size/index.js";
import { integerOrConstant } from "../shared/integer-values.js";
import { modelLabel, sizeOf } from "../shared/load-dtype.js";
import { gpuLabel } from "../shared/messages.js";
import { lastUse } from "../shared/shell-flags.js";
import { mayCallVllmEngine, vllmEngineCalls, vllmServer } from "../shared/vllm-engine.js";
import type { PythonRuleContext, RuleContextBase } from "../types.js";

const GiB = 1024 ** 3;

/**
 * Weights above this share of one GPU's memory get the hints. vLLM keeps `gpu_memory_utilization` (0.9 by default)
 * of the GPU for itself; above 60% of it in weights, less than 30% is left for the profiling pass's activations,
 * CUDA graphs (1-3 GiB on a T4) and the KV cache, which then holds fewer tokens than the model's default context
 * (Llama-3-8B: 128 KiB per token, so its 131072 tokens need 16 GiB).
 */
const WEIGHT_SHARE = 0.6;

/** vLLM's default `gpu_memory_utilization`, and the value the hint suggests on a GPU that runs nothing else. */
const DEFAULT_UTILIZATION = 0.9;
const SUGGESTED_UTILIZATION = 0.95;

/** A context the KV cache left over on a T4 can hold for 7-8B models (the hint's starting point). */
const SUGGESTED_MODEL_LEN = 4096;

/** Checkpoints whose weights are not 16-bit (their size in bytes is not parameters x 2). */
const QUANTIZED_ID = /awq|gptq|gguf|bnb|[-_.](?:int|w)?[48]bit|[-_.]int[48]|[-_.]fp8|[-_.]nf4|exl2|marlin/i;

/** vLLM's error when the KV cache cannot hold one sequence of the model's length (`_check_max_model_len`/worker). */
const KV_ERROR =
  "`ValueError: The model's max seq len (...) is larger than the maximum number of tokens that can be stored in KV cache (...). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.`";

/** What an engine call or a server command already says about memory. */
interface EngineSettings {
  model: string | undefined;
  /** 4 for `dtype="float32"`, else 2 ("auto" loads float32 checkpoints in float16 too). */
  bytes: number;
  /** Quantized weights (`quantization=`), whose size the rule does not know. */
  quantized: boolean;
  /** The tensor-parallel size when it is a literal; null when set to something the rule cannot read. */
  tensorParallel: number | null;
  tensorParallelSet: boolean;
  enforceEager: boolean;
  maxModelLen: boolean;
  utilization: number | undefined;
  utilizationSet: boolean;
}

/** How each knob is written, in Python or on the command line. */
interface Spelling {
  tensorParallel: (size: number) => string;
  enforceEager: string;
  maxModelLen: string;
  utilization: string;
  quantization: string;
}

const PYTHON: Spelling = {
  tensorParallel: (size) => `tensor_parallel_size=${size}`,
  enforceEager: "enforce_eager=True",
  maxModelLen: `max_model_len=${SUGGESTED_MODEL_LEN}`,
  utilization: `gpu_memory_utilization=${SUGGESTED_UTILIZATION}`,
  quantization: 'quantization="awq"',
};

const SHELL: Spelling = {
  tensorParallel: (size) => `--tensor-parallel-size ${size}`,
  enforceEager: "--enforce-eager",
  maxModelLen: `--max-model-len ${SUGGESTED_MODEL_LEN}`,
  utilization: `--gpu-memory-utilization ${SUGGESTED_UTILIZATION}`,
  quantization: "--quantization awq",
};

export const vllmMemory = defineRule({
  id: "vllm-memory",
  title: "vLLM model whose 16-bit weights fill most of the GPU, without the memory settings",
  category: "memory",
  severity: "warning",
  fixable: "never",
  appliesWhen: `vLLM runs there (compute capability ${requiredCapability("vllm")} or newer) and the model's 16-bit weights take over 60% of one GPU's memory`,
  appliesTo: (target) => meets(target, "vllm"),
  triggers: ["vllm"],
  // Python findings are on vLLM engine calls; files that only name vLLM (settings, an optional backend) have none.
  mayMatch: mayCallVllmEngine,
  checks: {
    python: {
      run(context) {
        const { source } = context;
        for (const call of vllmEngineCalls(source)) {
          if (source.guards.guardOf(call)) continue;
          const settings = pythonSettings(context, call);
          const fn = call.childForFieldName("function")!;
          if (settings) check(context, settings, PYTHON, { start: fn.startIndex, end: fn.endIndex });
        }
      },
    },
    shell: {
      run(context) {
        const { document } = context;
        for (const command of document.commands()) {
          const server = vllmServer(command);
          if (!server || document.guardOf(command.node)) continue;
          const settings = shellSettings(server.args, server.model);
          if (settings) check(context, settings, SHELL, { start: command.name.start, end: command.name.end });
        }
      },
    },
  },
});

/** The settings of `LLM(...)`/`EngineArgs(...)`; undefined with `**kwargs`, which may hold any of them. */
function pythonSettings(context: PythonRuleContext, call: SyntaxNode): EngineSettings | undefined {
  const args = argumentsOf(call);
  if (args.some((argument) => argument.type === "dictionary_splat" || argument.type === "list_splat")) return undefined;
  const value = (name: string) => {
    const keyword = keywordArgument(call, name);
    return keyword ? keywordValue(keyword) : null;
  };
  const modelNode = value("model") ?? args.find((argument) => argument.type !== "keyword_argument") ?? null;
  const model = modelNode ? context.source.semantic.stringConstant(modelNode) : undefined;
  const dtype = stringValue(value("dtype"))?.toLowerCase();
  const quantization = value("quantization");
  const tensorParallel = value("tensor_parallel_size");
  const eager = value("enforce_eager");
  const utilization = value("gpu_memory_utilization");
  const utilizationValue = utilization?.type === "float" ? Number(utilization.text) : undefined;
  return {
    model: typeof model === "string" ? model : undefined,
    bytes: dtype === "float32" || dtype === "float" ? 4 : 2,
    quantized: !!quantization && quantization.type !== "none",
    tensorParallel: tensorParallel ? integerOrConstant(context.source, tensorParallel) : 1,
    tensorParallelSet: !!tensorParallel,
    enforceEager: !!eager && !isFalse(eager),
    maxModelLen: !!value("max_model_len"),
    utilization: utilizationValue,
    utilizationSet: !!utilization,
  };
}

/** The same settings of `vllm serve MODEL ...` or `python -m vllm.entrypoints.openai.api_server ...`. */
function shellSettings(args: ShellWord[], model: string | undefined): EngineSettings | undefined {
  const known = (field: string) => {
    const use = lastUse(args, field);
    return use?.value && !use.value.dynamic ? use.value.value : undefined;
  };
  const tensorParallel = flagUses(args, ["--tensor-parallel-size", "--tensor_parallel_size", "-tp"]).at(-1);
  const tensorParallelValue = tensorParallel?.value && !tensorParallel.value.dynamic && /^\d+$/.test(tensorParallel.value.value) ? Number(tensorParallel.value.value) : null;
  const dtype = known("dtype")?.toLowerCase();
  const utilization = lastUse(args, "gpu_memory_utilization");
  const utilizationValue = known("gpu_memory_utilization");
  return {
    model,
    bytes: dtype === "float32" || dtype === "float" ? 4 : 2,
    quantized: !!lastUse(args, "quantization") || flagUses(args, "-q").length > 0,
    tensorParallel: tensorParallel ? tensorParallelValue : 1,
    tensorParallelSet: !!tensorParallel,
    enforceEager: !!lastUse(args, "enforce_eager"),
    maxModelLen: !!lastUse(args, "max_model_len"),
    utilization: utilizationValue && /^\d*\.\d+$/.test(utilizationValue) ? Number(utilizationValue) : undefined,
    utilizationSet: !!utilization,
  };
}

/**
 * One finding for an engine whose model's weights take more than WEIGHT_SHARE of a GPU: the knobs it does not set,
 * or, where even the most memory vLLM may use cannot hold the weights, that it does not fit.
 */
function check(context: RuleContextBase, settings: EngineSettings, spell: Spelling, range: { start: number; end: number }): void {
  const { target } = context;
  const { model } = settings;
  if (!model || settings.quantized || QUANTIZED_ID.test(model) || settings.tensorParallel === null) return;
  const size = sizeOf(context, model);
  if (!size) return;
  const memory = target.gpu.memoryGiB;
  const weights = (size.parameters * bytesPerParameter(settings.bytes === 4 ? "float32" : "float16")) / GiB;
  const perGpu = weights / settings.tensorParallel;
  if (perGpu <= WEIGHT_SHARE * memory) return;
  const dtype = settings.bytes === 4 ? "float32" : "float16";
  const what = `${modelLabel(model, size)} takes ~${formatGiBValue(weights)} GiB in ${dtype}`;
  const split = settings.tensorParallel > 1 ? ` (~${formatGiBValue(perGpu)} GiB per GPU over ${settings.tensorParallel})` : "";
  const gpu = `the ${formatGiBValue(memory)} GiB of the ${gpuLabel(target)}`;
  const utilization = settings.utilization ?? DEFAULT_UTILIZATION;
  // Two GPUs left unused: tensor parallelism halves the weights on each.
  const parallel = !settings.tensorParallelSet && target.count > 1 ? target.count : undefined;
  const after = weights / (parallel ?? settings.tensorParallel);
  const most = Math.max(utilization, SUGGESTED_UTILIZATION) * memory;
  if (after > most) {
    const spread = parallel ? ` even split with \`${spell.tensorParallel(parallel)}\` (~${formatGiBValue(after)} GiB per GPU)` : "";
    context.report({
      ...range,
      severity: "error",
      message: `${what}${split}, more than vLLM can use of ${gpu}${spread}: loading stops with CUDA out of memory or "No available memory for the cache blocks".`,
      hint: `Use a 4-bit checkpoint of this model (AWQ or GPTQ, \`${spell.quantization}\`) or a smaller model${parallel ? `, with \`${spell.tensorParallel(parallel)}\`` : ""}.`,
    });
    return;
  }
  const knobs: string[] = [];
  if (parallel) knobs.push(spell.tensorParallel(parallel));
  if (after > WEIGHT_SHARE * memory) {
    if (!settings.enforceEager) knobs.push(spell.enforceEager);
    if (!settings.maxModelLen) knobs.push(spell.maxModelLen);
    if (!settings.utilizationSet) knobs.push(spell.utilization);
  }
  if (knobs.length === 0) return;
  const budget = utilization * memory;
  const over = `${what}${split}, more than the ~${formatGiBValue(budget)} GiB vLLM takes of ${gpu} at \`gpu_memory_utilization\` ${utilization}: loading stops with CUDA out of memory or "No available memory for the cache blocks"`;
  const why =
    perGpu > budget
      ? over
      : `${what}${split}, ${Math.round((perGpu / memory) * 100)}% of ${gpu}; at \`gpu_memory_utilization\` ${utilization} that leaves ~${formatGiBValue(budget - perGpu)} GiB ` +
        `for activations, CUDA graphs (1-3 GiB) and the KV cache, too little for the model's default context: the engine stops with ${KV_ERROR} or runs out of memory`;
  const because: string[] = [];
  if (parallel) because.push(`tensor parallelism splits the weights over the ${target.count} GPUs (~${formatGiBValue(after)} GiB each)`);
  if (knobs.includes(spell.enforceEager)) because.push("eager mode skips the CUDA graphs");
  if (knobs.includes(spell.maxModelLen)) because.push("a shorter context needs a smaller KV cache");
  if (knobs.includes(spell.utilization)) because.push("vLLM may take more of a GPU that runs nothing else");
  context.report({
    ...range,
    message: `${why}.`,
    hint: `Pass ${knobs.map((knob) => `\`${knob}\``).join(", ")}: ${because.join("; ")}.`,
  });
}
