import { callNamedAt, hasSplat, keywordArgument, keywordValue, namedChildrenOf, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { bytesPerParameter, loadWeightsOf } from "../model-size/index.js";
import { modelIdOf, modelLabel, sizeOf } from "../shared/load-dtype.js";
import type { PythonRuleContext } from "../types.js";

/**
 * The share of the host's RAM a load may take: the rest holds Python, the notebook's kernel, torch's CUDA runtime
 * and the data. On Colab's 12.7 GB this is ~10 GB of weights, a 5B-parameter model in 16-bit.
 */
const RAM_SHARE = 0.8;

/** Receivers of `from_pretrained` that load no model weights. */
const NOT_WEIGHTS = /Tokenizer|Processor|Config|FeatureExtractor|ImageProcessor|GenerationConfig/;

export const hostRamLoad = defineRule({
  id: "host-ram-load",
  title: "Model loads that put more weights in the platform's host RAM than it has",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target names a hosted platform, whose RAM is known (colab-t4: 12.7 GB; kaggle-t4x2, kaggle-p100: 29 GB)",
  appliesTo: (target) => target.platform !== undefined,
  triggers: ["from_pretrained"],
  checks: {
    python: {
      run(context) {
        for (const node of context.source.occurrences("from_pretrained")) {
          const found = callNamedAt(node);
          if (found) checkLoad(context, found.call, found.callee);
        }
      },
    },
  },
});

function checkLoad(context: PythonRuleContext, call: SyntaxNode, callee: SyntaxNode): void {
  const { source, target } = context;
  const platform = target.platform!;
  const receiver = callee.type === "attribute" ? callee.childForFieldName("object")?.text ?? "" : "";
  if (!receiver || NOT_WEIGHTS.test(receiver) || hasSplat(call) || source.guards.guardOf(call)) return;
  // Unsloth's FastLanguageModel/FastVisionModel/FastModel load with `device_map="sequential"` unless told otherwise.
  const object = callee.childForFieldName("object");
  const qualified = (object && source.imports.qualifiedName(object)) ?? receiver;
  if (qualified.startsWith("unsloth") || /^Fast[A-Z]\w*Model$/.test(receiver)) return;
  // With a device map the weights go to the GPUs one tensor at a time (transformers turns low_cpu_mem_usage on).
  const deviceMap = keywordArgument(call, "device_map");
  const cpuMap = deviceMap && onCpu(keywordValue(deviceMap));
  if (deviceMap && !cpuMap) return;
  const weights = loadWeightsOf(source, call);
  if (!weights || bytesPerParameter(weights.low) < 2) return; // Quantized loads need a device map; other methods are unknown.
  const id = modelIdOf(context, call);
  const size = id === undefined ? undefined : sizeOf(context, id);
  if (!id || !size) return;
  const gb = (size.parameters * bytesPerParameter(weights.low)) / 1e9;
  const limit = platform.ramGiB * RAM_SHARE;
  if (gb <= limit) return;
  const merges = !source.occurrences("merge_and_unload").next().done;
  const where = deviceMap ? `\`device_map=${keywordValue(deviceMap)!.text}\` keeps every weight in host RAM` : "Without `device_map`, `from_pretrained` loads every weight into host RAM first";
  const takes =
    weights.low === weights.high
      ? `takes ~${gb.toFixed(0)} GB in ${weights.low}`
      : `takes at least ~${gb.toFixed(0)} GB (in 16-bit; with no dtype given, transformers 4 loads float32, twice that)`;
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    message:
      `${where}: ${modelLabel(id, size)} ${takes}, more than the ~${limit.toFixed(0)} GB of ${platform.name}'s ${platform.ramGiB} GB RAM a load can use, ` +
      (platform.id.startsWith("colab") ? `so the session dies ("Your session crashed after using all available RAM").` : "so the kernel or process is killed when memory runs out.") +
      (merges ? " Merging adapters into it (`merge_and_unload()`) works on those weights in RAM too." : ""),
    hint:
      `Load the weights straight to the GPU: \`device_map="auto"\` (one tensor at a time; weights that do not fit the GPU go to CPU RAM, so the model must fit the GPU), ` +
      `or \`load_in_4bit\`/\`BitsAndBytesConfig(load_in_4bit=True)\` with \`device_map\`${merges ? "; merge adapters on a machine with more RAM, or on the GPU with the base loaded there in 16-bit if it fits" : ""}.`,
  });
}

/** `"cpu"`, or a dict that maps every module to `"cpu"` (`{"": "cpu"}`). */
function onCpu(value: SyntaxNode | null): boolean {
  if (!value) return false;
  if (value.type === "dictionary") {
    const members = namedChildrenOf(value).filter((child) => child.type !== "comment");
    return members.length > 0 && members.every((pair) => pair.type === "pair" && stringValue(pair.childForFieldName("value")) === "cpu");
  }
  return stringValue(value) === "cpu";
}
