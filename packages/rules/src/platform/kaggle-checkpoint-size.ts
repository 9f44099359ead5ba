import { callNamedAt, hasSplat, isTrue, keywordArgument, keywordValue, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { ADAM_32BIT } from "../memory/batch-size-estimate.js";
import { bytesPerParameter, loadWeightsOf, type WeightDtype } from "../model-size/index.js";
import { integerLiteral } from "../shared/integer-values.js";
import { modelIdOf, modelLabel, sizeOf } from "../shared/load-dtype.js";
import { trainingArgumentsCallsWith } from "../shared/training-args.js";
import { fullFineTune } from "../shared/training-run.js";
import type { PythonRuleContext } from "../types.js";

/** Without a known number of saves, the hint counts this many: "a few". */
const FEW_SAVES = 3;

/**
 * What a full fine-tune's Trainer checkpoint holds per parameter, in units of a weight's bytes: the weights
 * (model.safetensors) and Adam's two moments (optimizer.pt), which torch keeps in the parameter's dtype.
 * Scheduler, RNG and trainer state are a few KB.
 */
const WEIGHT_COPIES_WITH_ADAM = 3;

export const kaggleCheckpointSize = defineRule({
  id: "kaggle-checkpoint-size",
  title: "Full fine-tune checkpoints without save_total_limit that outgrow the output Kaggle saves",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target's platform saves a bounded output directory (kaggle-t4x2, kaggle-p100: 20 GB of /kaggle/working)",
  runsOnTpu: true,
  appliesTo: (target) => target.platform?.savedOutput !== undefined,
  triggers: ["save_steps", "save_strategy"],
  // The size comes from the model the file loads: without `from_pretrained` there is nothing to count.
  mayMatch: (scan) => scan.inCode("from_pretrained"),
  checks: {
    python: {
      run(context) {
        for (const call of trainingArgumentsCallsWith(context.source, ["save_steps", "save_strategy"])) checkCall(context, call);
      },
    },
  },
});

function checkCall(context: PythonRuleContext, call: SyntaxNode): void {
  const { source, target } = context;
  const saved = target.platform?.savedOutput;
  if (!saved || source.guards.guardOf(call) || hasSplat(call) || keywordArgument(call, "save_total_limit")) return;
  if (["deepspeed", "fsdp"].some((name) => keywordArgument(call, name))) return; // Sharded checkpoints.
  const optimizer = keywordArgument(call, "optim");
  if (optimizer && !ADAM_32BIT.test(stringValue(keywordValue(optimizer)) ?? "")) return; // 8-bit Adam, Adafactor, ...
  if (!fullFineTune(source)) return; // LoRA/PEFT checkpoints hold the adapters only: megabytes.
  const outputDir = keywordArgument(call, "output_dir");
  const dir = outputDir ? stringValue(keywordValue(outputDir)) : null;
  // Relative paths land in the notebook's directory, /kaggle/working; other absolute ones are not saved.
  if (dir?.startsWith("/") && dir !== saved.path && !dir.startsWith(`${saved.path}/`)) return;
  const saves = savesOf(call);
  if (saves === undefined) return;
  const model = trainedModel(context);
  if (!model) return;
  const onlyModel = isTrue(value(call, "save_only_model"));
  const copies = onlyModel ? 1 : WEIGHT_COPIES_WITH_ADAM;
  const checkpointGB = (model.parameters * bytesPerParameter(model.dtype) * copies) / 1e9;
  const count = saves.count ?? FEW_SAVES;
  if (checkpointGB * count <= saved.gb) return;
  // The Trainer writes a new checkpoint before it deletes the oldest: with `save_total_limit=n`, n + 1 are on disk.
  const keep = Math.floor(saved.gb / checkpointGB) - 1;
  const bytes = bytesPerParameter(model.dtype);
  const held = onlyModel ? "the weights (`save_only_model=True`)" : "the weights and Adam's two moments (optimizer.pt, kept in the weights' dtype)";
  const perParameter = onlyModel ? `${bytes} bytes/parameter` : `${copies} x ${bytes} = ${copies * bytes} bytes/parameter`;
  const size = model.exact
    ? `in ${model.dtype}, ${perParameter}, ~${gb(checkpointGB)} GB`
    : `at least ${perParameter} with 16-bit weights, ~${gb(checkpointGB)} GB (twice that in float32, which transformers 4 loads when no dtype is given)`;
  const when = saves.count === undefined ? `after ${FEW_SAVES} saves (${saves.basis})` : `over the run's ${saves.count} saves (${saves.basis})`;
  const weightsOnlyGB = (model.parameters * bytes) / 1e9;
  const keepWeights = Math.floor(saved.gb / weightsOnlyGB) - 1;
  const elsewhere = `save the checkpoints outside ${saved.path} (\`output_dir="/tmp/checkpoints"\`, not kept after the session) and copy the final model to ${saved.path} if it fits`;
  context.report({
    start: saves.node.startIndex,
    end: saves.node.endIndex,
    message:
      `Every checkpoint of this full fine-tune is kept (no \`save_total_limit\`): each checkpoint of ${model.label} holds ${held}: ${size}. ` +
      `${when[0]!.toUpperCase()}${when.slice(1)} they take ~${gb(checkpointGB * count)} GB, more than the ${saved.gb} GB of ${saved.path} that ${target.platform!.name} saves.`,
    hint:
      keep >= 1
        ? `Keep the newest ${keep === 1 ? "checkpoint" : `${keep} checkpoints`}: \`save_total_limit=${keep}\` (the Trainer writes the next one before it deletes the oldest, so ${keep + 1} are on disk at a time; with \`load_best_model_at_end=True\` the best one is kept as well), or save less often.`
        : (keep < 0 ? `Even one checkpoint is more than ${saved.gb} GB: ` : `Two checkpoints do not fit in ${saved.gb} GB, and the Trainer writes the next one before it deletes the oldest: `) +
          elsewhere +
          (onlyModel || keepWeights < 1
            ? "."
            : `, or \`save_only_model=True, save_total_limit=${keepWeights}\` (weights only, ~${gb(weightsOnlyGB)} GB each; the run cannot resume its optimizer from them).`),
  });
}

interface Saves {
  /** How many checkpoints the run writes, when its literals say. */
  count?: number;
  basis: string;
  /** Where the finding goes: the setting that makes the saves. */
  node: SyntaxNode;
}

/**
 * How often the arguments save, from literals: `save_strategy="epoch"` with `num_train_epochs`, or every
 * `save_steps` (the default strategy is "steps") with `max_steps`. Undefined when they do not save, or say it
 * in a way this cannot read.
 */
function savesOf(call: SyntaxNode): Saves | undefined {
  const strategyArgument = keywordArgument(call, "save_strategy");
  const strategy = strategyArgument ? stringValue(keywordValue(strategyArgument)) : "steps";
  const stepsArgument = keywordArgument(call, "save_steps");
  if (strategy === "epoch") {
    const epochs = integerLiteral(value(call, "num_train_epochs"));
    return epochs ? { count: epochs, basis: `\`save_strategy="epoch"\`, ${epochs} epochs`, node: strategyArgument! } : { basis: `\`save_strategy="epoch"\``, node: strategyArgument! };
  }
  if (strategy !== "steps" || !stepsArgument) return undefined; // "no", "best", a name, or the default 500 steps unasked.
  const steps = integerLiteral(keywordValue(stepsArgument));
  if (!steps) return undefined; // A float is a ratio of the total steps; a name is not a literal.
  const maxSteps = integerLiteral(value(call, "max_steps"));
  return maxSteps
    ? { count: Math.floor(maxSteps / steps), basis: `\`max_steps=${maxSteps}\` / \`save_steps=${steps}\``, node: stepsArgument }
    : { basis: `every ${steps} steps`, node: stepsArgument };
}

function value(call: SyntaxNode, name: string): SyntaxNode | null {
  const argument = keywordArgument(call, name);
  return argument ? keywordValue(argument) : null;
}

interface Model {
  label: string;
  parameters: number;
  /** The fewest bytes a weight can take as loaded: the estimate is a lower bound. */
  dtype: WeightDtype;
  /** The load names the dtype, so the estimate is not only a bound. */
  exact: boolean;
}

/** The one model the file loads with `from_pretrained` (its tokenizer names it too), with its size and dtype. */
function trainedModel(context: PythonRuleContext): Model | undefined {
  const { source } = context;
  if (!source.occurrences("from_config").next().done) return undefined; // Trained from scratch.
  const ids = new Set<string>();
  let dtype: WeightDtype | undefined;
  let exact = false;
  for (const node of source.occurrences("from_pretrained")) {
    const found = callNamedAt(node);
    if (!found) continue;
    const id = modelIdOf(context, found.call);
    const weights = loadWeightsOf(source, found.call);
    if (id === undefined || !weights) return undefined;
    ids.add(id);
    // A tokenizer passes no dtype; the model's load is the one that says most.
    if (!dtype || bytesPerParameter(weights.low) > bytesPerParameter(dtype)) dtype = weights.low;
    if (weights.low === weights.high && weights.low === dtype) exact = true;
  }
  if (ids.size !== 1) return undefined;
  const id = [...ids][0]!;
  const size = sizeOf(context, id);
  if (!size || !dtype || bytesPerParameter(dtype) < 2) return undefined;
  return { label: modelLabel(id, size), parameters: size.parameters, dtype, exact };
}

function gb(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
