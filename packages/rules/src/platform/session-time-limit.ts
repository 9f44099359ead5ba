import type { ConfigSource } from "@gpu-compat/config";
import { hasSplat, keywordArgument, keywordValue, stringValue, type SyntaxNode } from "@gpu-compat/python";
import type { PlatformProfile } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { entryRange, entryText, TRAINER_CONFIG_MARKERS, TRAINER_CONFIGS } from "../shared/config-entries.js";
import { integerLiteral } from "../shared/integer-values.js";
import { trainingArgumentsCallsWith } from "../shared/training-args.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase, Severity } from "../types.js";

/**
 * Runs this long are read as long ones. No literal tells a run's time (it depends on the data, the sequence lengths
 * and the hardware), so the hint gives the time each step may take to finish within the session, and speaks only
 * when that budget is a few seconds: 5000 steps in 12 h leave 8.6 s a step. A chosen threshold (docs: session-time-limit).
 */
const LONG_STEPS = 5000;
/** Epochs read as long ones when nothing is saved: the data set's size is unknown, so this stays high. */
const LONG_EPOCHS = 10;

export const sessionTimeLimit = defineRule({
  id: "session-time-limit",
  title: "Long Trainer runs that save nothing, or never resume, on a platform whose sessions end after 12 h",
  category: "platform",
  severity: "warning",
  fixable: "never",
  appliesWhen: "the target's platform ends GPU sessions after a fixed time (kaggle-t4x2, kaggle-p100, colab-t4: 12 h)",
  appliesTo: (target) => target.platform?.sessionHours !== undefined,
  triggers: ["max_steps", "num_train_epochs"],
  checks: {
    config: { needsOneOf: TRAINER_CONFIG_MARKERS, triggers: ["max_steps", "num_train_epochs", "num_epochs"], run: checkConfig },
    python: {
      run(context) {
        for (const call of trainingArgumentsCallsWith(context.source, ["max_steps", "num_train_epochs"])) checkCall(context, call);
      },
    },
  },
});

/** How long the run is, from a literal: the setting, and its words for the message. */
interface Length {
  range: { start: number; end: number };
  /** `max_steps=20000`, as written. */
  text: string;
  steps?: number;
  epochs?: number;
}

function checkCall(context: PythonRuleContext, call: SyntaxNode): void {
  const { source } = context;
  if (source.guards.guardOf(call) || hasSplat(call)) return;
  const length = callLength(call);
  if (!length) return;
  const strategy = keywordArgument(call, "save_strategy");
  const strategyValue = strategy ? keywordValue(strategy) : null;
  const savesNothing = !!strategyValue && (stringValue(strategyValue)?.toLowerCase() === "no" || /\.NO$/.test(strategyValue.text));
  if (savesNothing) {
    report(context, length, "nothing", `\`${strategy!.text.replace(/\s+/g, "")}\``);
    return;
  }
  // Saves checkpoints, but the file never hands one back: `trainer.train()` without `resume_from_checkpoint`.
  const trains = source.text.includes(".train(");
  if (!trains || !source.occurrences("resume_from_checkpoint").next().done || length.steps === undefined) return;
  report(context, length, "no-resume");
}

/** `max_steps` (which wins over epochs in the Trainer when positive), else `num_train_epochs`, when long. */
function callLength(call: SyntaxNode): Length | undefined {
  const maxSteps = keywordArgument(call, "max_steps");
  const steps = integerLiteral(maxSteps && keywordValue(maxSteps));
  if (maxSteps && steps !== null && steps > 0) {
    return steps >= LONG_STEPS ? { range: { start: maxSteps.startIndex, end: maxSteps.endIndex }, text: maxSteps.text.replace(/\s+/g, ""), steps } : undefined;
  }
  const epochsArgument = keywordArgument(call, "num_train_epochs");
  const epochs = numberLiteral(epochsArgument && keywordValue(epochsArgument));
  if (!epochsArgument || epochs === null || epochs < LONG_EPOCHS) return undefined;
  return { range: { start: epochsArgument.startIndex, end: epochsArgument.endIndex }, text: epochsArgument.text.replace(/\s+/g, ""), epochs };
}

function numberLiteral(node: SyntaxNode | null | undefined): number | null {
  if (!node || (node.type !== "integer" && node.type !== "float")) return null;
  const value = Number(node.text.replace(/_/g, ""));
  return Number.isFinite(value) ? value : null;
}

/**
 * Axolotl, LLaMA-Factory and TrainingArguments configs that save nothing (`save_strategy: "no"`) over a long run.
 * Whether the launch resumes is the command's business (`--resume_from_checkpoint`), so only "saves nothing" is read.
 */
function checkConfig(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  if (!TRAINER_CONFIGS.has(document.kind)) return;
  const strategy = document.get(["save_strategy"]);
  if (!strategy || String(strategy.value).toLowerCase() !== "no") return;
  const stepsEntry = document.get(["max_steps"]);
  const steps = typeof stepsEntry?.value === "number" && Number.isInteger(stepsEntry.value) && stepsEntry.value > 0 ? stepsEntry.value : null;
  let length: Length | undefined;
  if (stepsEntry && steps !== null) {
    if (steps >= LONG_STEPS) length = { range: entryRange(stepsEntry), text: entryText(document, stepsEntry), steps };
  } else {
    const epochsEntry = document.get(["num_train_epochs"]) ?? document.get(["num_epochs"]);
    const epochs = typeof epochsEntry?.value === "number" ? epochsEntry.value : null;
    if (epochsEntry && epochs !== null && epochs >= LONG_EPOCHS) length = { range: entryRange(epochsEntry), text: entryText(document, epochsEntry), epochs };
  }
  const saveSteps = document.format === "json" ? '`"save_strategy": "steps"` with `"save_steps"`' : "`save_strategy: steps` with `save_steps`";
  if (length) report(context, length, "nothing", `\`${entryText(document, strategy)}\``, saveSteps);
}

function report(context: RuleContextBase, length: Length, saves: "nothing" | "no-resume", strategy = "", saveSteps = '`save_strategy="steps"` with `save_steps`'): void {
  const platform = context.target.platform!;
  const hours = platform.sessionHours!;
  const budget = length.steps === undefined ? "" : ` To finish within one session, each of the ${length.steps} steps must take under ${secondsPerStep(hours, length.steps)} s.`;
  const end = `${platform.name} ends a GPU session after ${hours} h`;
  const resume = resumeAdvice(platform);
  if (saves === "nothing") {
    context.report({
      ...length.range,
      message: `\`${length.text}\` with ${strategy} saves no checkpoint: ${end}, and a run cut off there loses all its training.${budget}`,
      hint: `If the run may take longer, save checkpoints (${saveSteps}, and \`save_total_limit\` to bound the disk) ${resume}; or shorten the run.`,
    });
    return;
  }
  const severity: Severity = "info";
  context.report({
    ...length.range,
    severity,
    message: `\`${length.text}\`: ${end}, and this file never resumes a run (\`trainer.train()\` without \`resume_from_checkpoint\`), so a run cut off there starts again from the first step.${budget}`,
    hint: `If the run may take longer, keep its checkpoints ${resume}.`,
  });
}

function secondsPerStep(hours: number, steps: number): string {
  const seconds = (hours * 3600) / steps;
  return seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1);
}

/** Where checkpoints outlive the session on the platform, and how the next session resumes from them. */
function resumeAdvice(platform: PlatformProfile): string {
  if (platform.savedOutput) {
    const { path, gb } = platform.savedOutput;
    return (
      `in ${path} (relative \`output_dir\`s land there; Kaggle saves up to ${gb} GB of it as the notebook's output), ` +
      `then in the next session add that output as an input and resume from it: \`trainer.train(resume_from_checkpoint="/kaggle/input/<output>/checkpoint-<step>")\``
    );
  }
  return (
    "on storage that outlives the session (an `output_dir` on Google Drive, mounted with `drive.mount`; the VM's own disk is erased when the session ends), " +
    "and resume in the next session with `trainer.train(resume_from_checkpoint=True)`, which picks the last checkpoint in `output_dir`"
  );
}
