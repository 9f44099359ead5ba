import { argumentsOf, keywordArgument, keywordValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import type { PythonLaunch, ShellSource } from "@gpu-compat/shell";
import { formatGiB } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { availableGiB, formatGiBValue, formatParameters, fullFineTuneGiB, inferenceGiB, loadWeightsOf } from "../model-size/index.js";
import { launchedScript } from "../shared/launched-script.js";
import { modelIdOf, sizeOf } from "../shared/load-dtype.js";
import { lastUse, pythonLaunches } from "../shared/shell-flags.js";
import { spreadingLoads, type SpreadingLoad } from "../shared/spreading-device-maps.js";
import { fullFineTuneWithTrainer } from "../shared/training-run.js";
import type { DocumentRuleContext, PythonRuleContext } from "../types.js";
import { launchProcesses } from "./launcher-gpu-count.js";

/**
 * A script that reads its rank or the world size (`if world_size > 1: device_map = {"": Accelerator().process_index}`,
 * `int(os.environ["LOCAL_RANK"])`) chooses its device map per launch itself, wherever the choice is written (peft's
 * olora example does it in the function its `device_map=args.device_map` is passed to): it is left to it.
 */
const DISTRIBUTED_AWARE = /\b(?:LOCAL_RANK|local_rank|process_index|local_process_index|WORLD_SIZE|world_size)\b/;

/** Transformers' words (trainer.py), as a user sees them when the Trainer starts. */
const TRAINER_ERROR = "You can't train a model that has been loaded with `device_map='auto'` in any distributed mode.";

export const deviceMapDdp = defineRule({
  id: "device-map-ddp",
  title: 'A script that loads a model with device_map="auto", launched with one process per GPU',
  category: "parallel",
  severity: "error",
  fixable: "never",
  appliesWhen: "targets with more than one GPU: there a launch starts several processes, each of which spreads its own copy of the model over all the GPUs",
  appliesTo: (target) => target.count > 1,
  triggers: ["torchrun", "torch.distributed", "accelerate", "deepspeed"],
  checks: {
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          if (launch.launcher === "python" || launch.launcher === "tune run") continue;
          const count = launchProcesses(context.document, launch, context.target);
          if (count === undefined || count < 2) continue;
          const script = launchedScript(context, launch);
          if (!script) continue;
          if (DISTRIBUTED_AWARE.test(script.source.text)) continue;
          const load = spreadingLoads(script.source)[0];
          if (load) report(context, launch, count, script, load);
        }
      },
    },
  },
});

/** Trainers that refuse a model spread with device_map under a distributed launch (transformers' and TRL's). */
const TRAINERS = ["Trainer", "Seq2SeqTrainer", "SFTTrainer", "DPOTrainer", "ORPOTrainer", "KTOTrainer", "GRPOTrainer", "RewardTrainer"];

function trains(source: PythonSource): boolean {
  return TRAINERS.some((name) => [...source.occurrences(name)].some((node) => node.type === "identifier"));
}

/** What the script's load needs, when its model and dtype are known: one GPU holds it, or it does not. */
interface Fit {
  label: string;
  gib: string;
  fits: boolean;
}

function fitOf(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, script: { path: string; source: PythonSource }, call: SyntaxNode): Fit | undefined {
  const python = { ...context, path: script.path, source: script.source } as unknown as PythonRuleContext;
  const modelId = launchedModelId(launch, call) ?? modelIdOf(python, call);
  const size = modelId ? sizeOf(context, modelId) : undefined;
  const weights = loadWeightsOf(script.source, call);
  if (!modelId || !size || !weights) return undefined;
  const label = `${modelId} (${formatParameters(size.parameters)} parameters)`;
  const one = availableGiB(context.target, false);
  if (fullFineTuneWithTrainer(script.source)) {
    // Every weight trains: its gradients and Adam's state come on top of the weights (16 bytes a parameter).
    const gib = fullFineTuneGiB(size.parameters);
    return { label, gib: `~${formatGiBValue(gib)} GiB or more to fine-tune fully (weights, gradients and Adam's state)`, fits: gib <= one };
  }
  const [low, high] = [inferenceGiB(size.parameters, weights.low), inferenceGiB(size.parameters, weights.high)];
  if (low <= one && high > one) return undefined; // Its default dtype decides: no one answer.
  const gib = formatGiBValue(low) === formatGiBValue(high) ? formatGiBValue(high) : `${formatGiBValue(low)}-${formatGiBValue(high)}`;
  return { label, gib: `~${gib} GiB in ${weights.label}`, fits: high <= one };
}

/**
 * `from_pretrained(args.model_name_or_path, ...)` launched with `--model_name_or_path org/model`: the model the
 * launch passes, when it passes a plain word to the flag the load's first argument is named after (the attribute,
 * or the name itself: `from_pretrained(base_model)` with `--base_model org/model`).
 */
function launchedModelId(launch: PythonLaunch, call: SyntaxNode): string | undefined {
  const first = argumentsOf(call).find((node) => node.type !== "keyword_argument");
  const named = first ?? (keywordArgument(call, "pretrained_model_name_or_path") && keywordValue(keywordArgument(call, "pretrained_model_name_or_path")!));
  // `args.model_name_or_path` (argparse, dataclasses) or a bare `base_model` (a `fire` entry point's parameter).
  const field = named?.type === "attribute" ? named.childForFieldName("attribute")?.text : named?.type === "identifier" ? named.text : undefined;
  const value = field ? lastUse(launch.args, field)?.value : undefined;
  return value && !value.dynamic ? value.value : undefined;
}

function report(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, count: number, script: { path: string; source: PythonSource }, load: SpreadingLoad): void {
  const { target } = context;
  const line = script.source.text.slice(0, load.keyword.startIndex).split("\n").length;
  const written = `device_map=${script.source.text.slice(keywordValue(load.keyword)!.startIndex, keywordValue(load.keyword)!.endIndex)}`;
  const ddp = `keep the ${count} processes (DDP) and load one whole copy per process with \`device_map={"": PartialState().process_index}\` (\`from accelerate import PartialState\`) or \`device_map={"": int(os.environ["LOCAL_RANK"])}\``;
  const single = `run it as one process (\`python ${launch.entry.name}\`), where device_map="${load.value}" splits its layers over the ${target.count} GPUs`;
  const fit = fitOf(context, launch, script, load.call);
  const oneGpu = `one ${target.gpu.name}'s ${formatGiB(target.gpu.memoryGiB)} GiB`;
  const hint = !fit
    ? `Pick one: for a model that fits one GPU, ${ddp}; for one that does not, ${single}.`
    : fit.fits
      ? `${fit.label} needs ${fit.gib}, within ${oneGpu}: ${ddp}.`
      : `${fit.label} needs ${fit.gib}, more than ${oneGpu}: ${single}.`;
  context.report({
    start: launch.entry.word.start,
    end: launch.entry.word.end,
    message:
      `\`${script.path}\` loads its model with \`${written}\` (line ${line}), and this launch starts ${count} processes: ` +
      `each spreads its own copy over ${target.count === 2 ? "both" : `all ${target.count}`} GPUs, ` +
      (trains(script.source) ? `and the Trainer stops: "${TRAINER_ERROR}"` : "so every GPU holds a part of each copy and the processes compete for its memory."),
    hint,
  });
}

