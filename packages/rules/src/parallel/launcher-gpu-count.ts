import type { ConfigSource } from "@gpu-compat/config";
import { stringValue, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { flagUses, rangeOf, removeFlagEdit, type FlagValue, type PythonLaunch, type ShellSource, type ShellWord } from "@gpu-compat/shell";
import type { Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { allEdits, entryRange, entryText } from "../shared/config-entries.js";
import { flagNames, lastUse, pythonLaunches, useText } from "../shared/shell-flags.js";
import type { DocumentRuleContext, PythonRuleContext, RuleFinding } from "../types.js";
import { factorText, globalBatchKept, globalBatchShrinks, gpusLabel, processes, scaledSteps, shrinkFor, visibleDevices, visibleDevicesWhy, type Shrink } from "./gpu-count.js";

/** Each launcher's option for processes per machine, and for machines. */
const COUNT_OPTIONS: Record<PythonLaunch["launcher"], { processes: string; machines: string } | undefined> = {
  torchrun: { processes: "nproc_per_node", machines: "nnodes" },
  "accelerate launch": { processes: "num_processes", machines: "num_machines" },
  deepspeed: { processes: "num_gpus", machines: "num_nodes" },
  python: undefined,
};

const ACCUMULATION = "gradient_accumulation_steps";
const VISIBLE = "CUDA_VISIBLE_DEVICES";

export const launcherGpuCount = defineRule({
  id: "launcher-gpu-count",
  title: "Launchers and device lists written for more GPUs than the target has",
  category: "parallel",
  severity: "error",
  fileKinds: ["python", "shell", "config"],
  fixable: "sometimes",
  appliesWhen: "every target: it compares the processes a launch starts, and the GPU ids it names, with the target's GPU count",
  appliesTo: () => true,
  triggers: ["nproc_per_node", "nproc-per-node", "num_processes", "num-processes", "num_gpus", "num-gpus", VISIBLE, "train_batch_size"],
  kindTriggers: { python: [VISIBLE], config: ["num_processes", "gpu_ids", "train_batch_size"] },
  checkShell(context) {
    for (const launch of pythonLaunches(context.document)) checkLaunch(context, launch);
    for (const assignment of context.document.assignments()) {
      if (assignment.name !== VISIBLE || context.document.guardOf(assignment.node)) continue;
      checkVisibleDevices(context, assignment.value);
    }
  },
  checkConfig(context) {
    if (context.document.kind === "accelerate") checkAccelerateConfig(context);
    if (context.document.kind === "deepspeed") checkDeepSpeedBatch(context);
  },
  check(context) {
    for (const node of context.source.occurrences(VISIBLE)) {
      if (node.type === "string_content") checkEnvironAssignment(context, node);
    }
  },
});

/** A count as written: a literal, or a variable the script sets once to one (`NUM_GPUS=8`). */
interface Count {
  value: number;
  /** Where the digits are: the flag's value, or the variable's value. */
  start: number;
  end: number;
  /** The variable it came from. */
  variable?: string;
}

function countOf(document: ShellSource, value: FlagValue | undefined): Count | undefined {
  if (!value) return undefined;
  const variable = value.dynamic ? /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/.exec(value.value) : null;
  const name = variable ? (variable[1] ?? variable[2])! : undefined;
  if (name !== undefined) {
    const constant = document.constant(name);
    const range = constant && /^\d+$/.test(constant.value) ? rangeOf(constant, 0, constant.value.length) : undefined;
    return range && { value: Number(constant!.value), ...range, variable: name };
  }
  return !value.dynamic && /^\d+$/.test(value.value) ? { value: Number(value.value), start: value.valueStart, end: value.valueEnd } : undefined;
}

function replaceWord(word: ShellWord, text: string): TextEdit | undefined {
  const range = rangeOf(word, 0, word.value.length);
  return range && { ...range, text };
}

const replaceCount = (count: Count, value: number): TextEdit => ({ start: count.start, end: count.end, text: String(value) });

function checkLaunch(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch): void {
  const { document, target } = context;
  const options = COUNT_OPTIONS[launch.launcher];
  const use = options && lastUse(launch.options, options.processes);
  const count = countOf(document, use?.value);
  const shrink = count && shrinkFor(count.value, target);
  if (!use || !count || !shrink) return;

  const range = { start: use.word.start, end: use.value!.word.end };
  const written = `\`${useText(document, use)}\`${count.variable ? ` (${count.variable}=${count.value})` : ""}`;
  const why = `${written} starts ${processes(count.value)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  const machines = lastUse(launch.options, options.machines)?.value;
  if (machines && machines.value !== "1" && machines.value !== "1:1") {
    context.report({ ...range, message: `${why}, on ${machines.value} machines.`, hint: `This is a multi-machine launch; on one machine set ${flagNames(options.processes)[0]} to ${target.count} and the machine count to 1.` });
    return;
  }

  const edits: (TextEdit | undefined)[] = [replaceCount(count, shrink.to)];
  const notes: string[] = [];
  if (launch.launcher === "accelerate launch") edits.push(...accelerateOptionEdits(context, launch, shrink, notes));
  const batch = accumulationEdits(context, launch, shrink, count);
  edits.push(...batch.edits);
  const fix = allEdits(edits);
  const set = `set to ${shrink.to}${count.variable ? ` (in \`${count.variable}=\`)` : ""}`;
  const message = `${why}. ${capitalize(set)}${notes.map((note) => `; ${note}`).join("")}: ${batch.note}.`;
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set it to ${shrink.to}, and multiply ${ACCUMULATION} by ${factorText(shrink)}.` });
}

/** `--multi_gpu` with one process stops accelerate; a `--gpu_ids` list must name the target's GPUs. */
function accelerateOptionEdits(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, shrink: Shrink, notes: string[]): (TextEdit | undefined)[] {
  const { document, target } = context;
  const edits: (TextEdit | undefined)[] = [];
  const multi = lastUse(launch.options, "multi_gpu");
  if (multi && shrink.to === 1 && !multi.value) {
    edits.push(removeFlagEdit(document.text, multi));
    notes.push("`--multi_gpu` removed (one process)");
  }
  const ids = lastUse(launch.options, "gpu_ids")?.value;
  const devices = ids && !ids.dynamic ? visibleDevices(ids.value, target) : undefined;
  if (ids && devices) {
    edits.push({ start: ids.valueStart, end: ids.valueEnd, text: devices.replacement });
    notes.push(`\`--gpu_ids\` ${ids.value} -> ${devices.replacement}`);
  }
  return edits;
}

/**
 * Keeps the global batch (per-device batch x processes x accumulation steps) by scaling the script's
 * `--gradient_accumulation_steps` (or accelerate's own), or by adding one where the script takes
 * TrainingArguments flags and sets none; says what happens to the batch otherwise.
 */
function accumulationEdits(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, shrink: Shrink, count: Count): { edits: (TextEdit | undefined)[]; note: string } {
  const { document } = context;
  const perDeviceUse = lastUse(launch.args, "per_device_train_batch_size");
  const perDevice = countOf(document, perDeviceUse?.value)?.value;
  const use = lastUse(launch.args, ACCUMULATION) ?? (launch.launcher === "accelerate launch" ? lastUse(launch.options, ACCUMULATION) : undefined);
  if (use) {
    const steps = countOf(document, use.value);
    if (!steps) {
      const follows = count.variable !== undefined && use.value?.word.value.includes(count.variable);
      return { edits: [], note: follows ? `\`${useText(document, use)}\` is computed from ${count.variable}, so it follows` : `${globalBatchShrinks(shrink, perDevice)} unless \`${useText(document, use)}\` grows ${factorText(shrink)}-fold` };
    }
    const scaled = scaledSteps(steps.value, shrink);
    if (scaled === undefined) return { edits: [], note: `${globalBatchShrinks(shrink, perDevice)}; ${ACCUMULATION} ${steps.value} cannot grow ${factorText(shrink)}-fold to a whole number` };
    return { edits: [replaceCount(steps, scaled)], note: `${ACCUMULATION} ${steps.value} -> ${scaled}${steps.variable ? ` (in \`${steps.variable}=\`)` : ""}, so ${globalBatchKept(shrink, steps.value, scaled, perDevice)}` };
  }
  const scaled = scaledSteps(1, shrink);
  const deepspeed = flagUses(launch.args, flagNames("deepspeed")).at(-1);
  if (perDeviceUse?.value && scaled !== undefined && !deepspeed) {
    // The script takes TrainingArguments flags (HfArgumentParser), whose accumulation defaults to 1.
    const name = perDeviceUse.name.slice(2).includes("-") ? "--gradient-accumulation-steps" : `--${ACCUMULATION}`;
    const edit = { start: perDeviceUse.value.word.end, end: perDeviceUse.value.word.end, text: ` ${name} ${scaled}` };
    return { edits: [edit], note: `\`${name} ${scaled}\` added after the per-device batch, so ${globalBatchKept(shrink, 1, scaled, perDevice)}` };
  }
  const where = deepspeed?.value ? `the ${ACCUMULATION} of ${deepspeed.value.value} (the DeepSpeed config it passes)` : `the script's ${ACCUMULATION}`;
  return { edits: [], note: `${globalBatchShrinks(shrink, perDevice)} unless ${where} grows ${factorText(shrink)}-fold` };
}

function checkVisibleDevices(context: DocumentRuleContext<ShellSource>, word: ShellWord): void {
  const { target } = context;
  const devices = word.dynamic ? undefined : visibleDevices(word.value, target);
  if (!devices) return;
  const edit = replaceWord(word, devices.replacement);
  const message = `\`${VISIBLE}=${word.value}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}. Set to ${devices.replacement}.`;
  const finding: RuleFinding = { start: word.start, end: word.end, message, ...visibleDevicesSeverity(devices, target) };
  context.report(edit ? { ...finding, fix: [edit] } : { ...finding, hint: `Set it to ${devices.replacement}.` });
}

/** `os.environ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3"` in Python and notebooks. */
function checkEnvironAssignment(context: PythonRuleContext, content: SyntaxNode): void {
  const { source, target } = context;
  const key = content.parent;
  const subscript = key?.parent;
  const assignment = subscript?.parent;
  if (subscript?.type !== "subscript" || assignment?.type !== "assignment" || assignment.childForFieldName("left")?.startIndex !== subscript.startIndex) return;
  if (stringValue(key!) !== VISIBLE || source.imports.qualifiedName(subscript.childForFieldName("value")!) !== "os.environ") return;
  const value = assignment.childForFieldName("right");
  const text = value ? stringValue(value) : null;
  const devices = text === null ? undefined : visibleDevices(text, target);
  if (!value || !devices || source.guards.guardOf(assignment)) return;
  const inner = value.namedChildren.find((child) => child?.type === "string_content");
  const message = `\`${VISIBLE}\` = "${text}" ${visibleDevicesWhy(devices.ids, devices.visible, target)}. Set to "${devices.replacement}".`;
  const finding: RuleFinding = { start: value.startIndex, end: value.endIndex, message, ...visibleDevicesSeverity(devices, target) };
  context.report(inner ? { ...finding, fix: [{ start: inner.startIndex, end: inner.endIndex, text: devices.replacement }] } : { ...finding, hint: `Set it to "${devices.replacement}".` });
}

/** accelerate's config: `num_processes`, `distributed_type: MULTI_GPU` with one process, `gpu_ids`, DeepSpeed accumulation. */
function checkAccelerateConfig(context: DocumentRuleContext<ConfigSource>): void {
  const { document, target } = context;
  const entry = document.get(["num_processes"]);
  const shrink = typeof entry?.value === "number" && Number.isInteger(entry.value) ? shrinkFor(entry.value, target) : undefined;
  if (!entry || !shrink) return;
  const machines = document.get(["num_machines"])?.value;
  const why = `\`${entryText(document, entry)}\` starts ${processes(shrink.from)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  if (typeof machines === "number" && machines > 1) {
    context.report({ ...entryRange(entry), message: `${why}, on ${machines} machines.`, hint: `On one machine set num_processes to ${target.count} and num_machines to 1.` });
    return;
  }
  const parallel = parallelismSizes(document);
  if (parallel.total > 1) {
    // accelerate checks that the sizes multiply to num_processes; which size to give up is a choice about the run.
    const sizes = parallel.sizes.map(([key, size]) => `${key} ${size}`).join(" x ");
    context.report({
      ...entryRange(entry),
      message:
        `${why}. Its parallelism_config splits the run ${sizes} = ${parallel.total} ways, and accelerate stops with ` +
        `"ParallelismConfig total_size (${parallel.total}) does not match num_processes (${shrink.to})" when the sizes do not multiply to num_processes.`,
      hint: `Set num_processes to ${shrink.to} and the parallelism_config sizes so that they multiply to ${shrink.to}${shrink.to === 1 ? " (all 1)" : ""}.`,
    });
    return;
  }
  const edits: (TextEdit | undefined)[] = [document.replaceValue(entry, shrink.to)];
  const notes: string[] = [];
  const distributed = document.get(["distributed_type"]);
  if (shrink.to === 1 && distributed?.value === "MULTI_GPU") {
    edits.push(document.replaceValue(distributed, "NO"));
    notes.push("`distributed_type: MULTI_GPU` -> NO (one process)");
  }
  const ids = document.get(["gpu_ids"]);
  const devices = typeof ids?.value === "string" || typeof ids?.value === "number" ? visibleDevices(String(ids.value), target) : undefined;
  if (ids && devices) {
    edits.push(document.replaceValue(ids, shrink.to === 1 ? "0" : devices.replacement));
    notes.push(`\`gpu_ids\` ${String(ids.value)} -> ${devices.replacement}`);
  }
  const steps = document.get(["deepspeed_config", ACCUMULATION]);
  let note = `${globalBatchShrinks(shrink)} unless the training script's ${ACCUMULATION} grows ${factorText(shrink)}-fold`;
  if (typeof steps?.value === "number" && Number.isInteger(steps.value)) {
    const scaled = scaledSteps(steps.value, shrink);
    if (scaled !== undefined) {
      edits.push(document.replaceValue(steps, scaled));
      note = `deepspeed_config.${ACCUMULATION} ${steps.value} -> ${scaled}, so ${globalBatchKept(shrink, steps.value, scaled)}`;
    }
  }
  const fix = allEdits(edits);
  const message = `${why}. Set to ${shrink.to}${notes.map((n) => `; ${n}`).join("")}: ${note}.`;
  context.report(fix ? { ...entryRange(entry), message, fix } : { ...entryRange(entry), message, hint: `Set num_processes to ${shrink.to}.` });
}

/** accelerate's `parallelism_config`: its `*_size` entries above 1 (`parallelism_config_cp_size: 2`) and their product. */
function parallelismSizes(document: ConfigSource): { sizes: [string, number][]; total: number } {
  const sizes: [string, number][] = [];
  for (const key of document.keysOf(["parallelism_config"])) {
    const value = document.get(["parallelism_config", key])?.value;
    if (key.endsWith("_size") && typeof value === "number" && Number.isInteger(value) && value > 1) sizes.push([key.replace(/^parallelism_config_/, ""), value]);
  }
  return { sizes, total: sizes.reduce((product, [, size]) => product * size, 1) };
}

/**
 * A DeepSpeed config that fixes all three of train_batch_size, train_micro_batch_size_per_gpu and
 * gradient_accumulation_steps fixes the world size too: DeepSpeed asserts batch = micro x steps x world size.
 */
function checkDeepSpeedBatch(context: DocumentRuleContext<ConfigSource>): void {
  const { document, target } = context;
  const [batch, micro, steps] = ["train_batch_size", "train_micro_batch_size_per_gpu", ACCUMULATION].map((key) => document.get([key]));
  const numbers = [batch, micro, steps].map((entry) => (typeof entry?.value === "number" && Number.isInteger(entry.value) && entry.value > 0 ? entry.value : undefined));
  const [total, perGpu, accumulation] = numbers;
  if (!batch || !micro || !steps || total === undefined || perGpu === undefined || accumulation === undefined) return;
  const world = total / (perGpu * accumulation);
  const shrink = Number.isInteger(world) ? shrinkFor(world, target) : undefined;
  if (!shrink) return;
  const why = `\`train_batch_size: ${total}\` = ${perGpu} per GPU x ${accumulation} steps x ${world} GPUs, but the target is ${gpusLabel(target)}: DeepSpeed stops with "Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size"`;
  const scaled = scaledSteps(accumulation, shrink);
  const edit = scaled === undefined ? undefined : document.replaceValue(steps, scaled);
  const range = entryRange(steps);
  if (!edit || scaled === undefined) {
    context.report({ ...range, message: `${why}.`, hint: `Make train_batch_size = ${perGpu} x ${ACCUMULATION} x ${target.count}.` });
    return;
  }
  context.report({ ...range, message: `${why}. ${ACCUMULATION} ${accumulation} -> ${scaled}, so ${globalBatchKept(shrink, accumulation, scaled, perGpu)}.`, fix: [edit] });
}

/** A list whose existing ids already give the target's GPUs (`0,1,2,3` on two GPUs) runs the same: info. */
function visibleDevicesSeverity(devices: { ids: number[]; visible: number }, target: Target): Pick<RuleFinding, "severity"> {
  return devices.visible === Math.min(devices.ids.length, target.count) ? { severity: "info" } : {};
}

function capitalize(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
