import type { ConfigSource } from "@gpu-compat/config";
import { stringValue, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { flagUses, pythonLaunch, rangeOf, removeFlagEdit, type FlagValue, type PythonLaunch, type ShellCommand, type ShellSource, type ShellWord } from "@gpu-compat/shell";
import type { Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { allEdits, entryRange, entryText } from "../shared/config-entries.js";
import { flagNames, lastUse, pythonLaunches, useRange, useText } from "../shared/shell-flags.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase, RuleFinding } from "../types.js";
import { factorText, firstIds, globalBatchKept, globalBatchShrinks, gpusLabel, processes, scaledSteps, shrinkFor, visibleDevices, visibleDevicesWhy, type Shrink } from "./gpu-count.js";

/** Each launcher's option for processes per machine, and for machines. */
const COUNT_OPTIONS: Record<PythonLaunch["launcher"], { processes: string; machines: string } | undefined> = {
  torchrun: { processes: "nproc_per_node", machines: "nnodes" },
  "accelerate launch": { processes: "num_processes", machines: "num_machines" },
  deepspeed: { processes: "num_gpus", machines: "num_nodes" },
  // torchtune's `tune run` passes torchrun's own options to torchrun.
  "tune run": { processes: "nproc_per_node", machines: "nnodes" },
  python: undefined,
};

/** Words that start a launch in a job spec's command (Kubernetes, Beaker). */
const LAUNCHER_WORDS = ["torchrun", "nproc_per_node", "nproc-per-node", "num_processes", "num_gpus"];

/** GPU-count flags of training frameworks, read where a script or CLI passes them on (hints only). */
const FRAMEWORK_TRIGGERS = ["gpus", "devices"];

const ACCUMULATION = "gradient_accumulation_steps";
const VISIBLE = "CUDA_VISIBLE_DEVICES";

export const launcherGpuCount = defineRule({
  id: "launcher-gpu-count",
  title: "Launchers and device lists written for more GPUs than the target has",
  category: "parallel",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "every target: it compares the processes a launch starts, and the GPU ids it names, with the target's GPU count",
  appliesTo: () => true,
  triggers: ["nproc_per_node", "nproc-per-node", "num_processes", "num-processes", "num_gpus", "num-gpus", VISIBLE, "train_batch_size", "--include", ...FRAMEWORK_TRIGGERS],
  checks: {
    shell: {
      run(context) {
        const wrapped = wrappedLaunches(context.document);
        const checkWrapped = (inner: typeof context) =>
          wrapped.forEach(({ launch, words }) => (launch ? checkLaunch(inner, launch, new Set()) : frameworkFlags(inner, words)));
        if (isBatchScript(context)) {
          // Everything in a Slurm batch script runs on the node the scheduler gives it.
          const findings = collected(context, (inner) => (checkScript(inner), checkWrapped(inner)));
          clusterNote(context, spotsOf(context.document, findings.sort((a, b) => a.start - b.start)), "This is a Slurm batch script (`#SBATCH` headers)");
          return;
        }
        checkScript(context);
        if (wrapped.length > 0) clusterNote(context, spotsOf(context.document, collected(context, checkWrapped)), submitters(wrapped));
      },
    },
    config: {
      triggers: ["num_processes", "gpu_ids", "train_batch_size", ...LAUNCHER_WORDS],
      run(context) {
        if (context.document.kind === "accelerate") checkAccelerateConfig(context);
        if (context.document.kind === "deepspeed") checkDeepSpeedBatch(context);
        checkJobSpec(context);
      },
    },
    python: {
      triggers: [VISIBLE],
      run(context) {
        for (const node of context.source.occurrences(VISIBLE)) {
          if (node.type === "string_content") checkEnvironAssignment(context, node);
        }
      },
    },
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

/**
 * How many processes a launch starts on the target: its written count (at most the target's GPU count, which
 * this rule's fix sets), one GPU's worth for `gpu`/`auto`, one for `python` and torchrun's default, every GPU for
 * DeepSpeed's and (without a config file) accelerate's defaults. Undefined when the script does not fix it.
 */
export function launchProcesses(document: ShellSource, launch: PythonLaunch, target: Target): number | undefined {
  const options = COUNT_OPTIONS[launch.launcher];
  if (!options) return 1;
  if (launch.launcher === "deepspeed") {
    const include = lastUse(launch.options, "include")?.value;
    const ids = include && !include.dynamic ? /^localhost:(\d+(?:,\d+)*)$/.exec(include.value) : null;
    if (ids) return Math.min(ids[1]!.split(",").length, target.count);
  }
  const use = lastUse(launch.options, options.processes);
  if (!use) {
    if (launch.launcher === "deepspeed") return target.count;
    if (launch.launcher === "accelerate launch") return lastUse(launch.options, "config_file") ? undefined : target.count;
    return 1;
  }
  if (use.value && followsMachine(use.value)) return target.count;
  const count = countOf(document, use.value);
  return count && Math.min(count.value, target.count);
}

function replaceWord(word: ShellWord, text: string): TextEdit | undefined {
  const range = rangeOf(word, 0, word.value.length);
  return range && { ...range, text };
}

const replaceCount = (count: Count, value: number): TextEdit => ({ start: count.start, end: count.end, text: String(value) });

/** The launches, device lists and GPU-count flags of a script that runs on the target. */
function checkScript(context: DocumentRuleContext<ShellSource>): void {
  const { document } = context;
  // Device lists that a launch's finding rewrites (or holds back) with its process count, by their start.
  const paired = new Set<number>();
  for (const launch of pythonLaunches(document)) checkLaunch(context, launch, paired);
  for (const assignment of document.assignments()) {
    if (assignment.name !== VISIBLE || paired.has(assignment.value.start) || document.guardOf(assignment.node)) continue;
    checkVisibleDevices(context, assignment.value);
  }
  checkFrameworkFlags(context);
}

/**
 * The `CUDA_VISIBLE_DEVICES` a launch runs with: set before it on its own line (`CUDA_VISIBLE_DEVICES=0,1 torchrun`),
 * or set once at the script's top level before it (`export CUDA_VISIBLE_DEVICES=0,1,2,3`).
 */
function visibleFor(document: ShellSource, launch: PythonLaunch): ShellWord | undefined {
  const own = launch.command.env.find((entry) => entry.name === VISIBLE)?.value;
  if (own) return own;
  const constant = document.constant(VISIBLE);
  return constant && constant.end <= launch.command.node.startIndex ? constant : undefined;
}

/** A count the launch takes from the machine: `gpu`/`auto` (torchrun), `$(nvidia-smi -L | wc -l)`. */
function followsMachine(value: FlagValue): boolean {
  return /^(gpu|auto)$/.test(value.value) || /nvidia-smi|device_count/.test(value.value);
}

function checkLaunch(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, paired: Set<number>): void {
  const { document, target } = context;
  const options = COUNT_OPTIONS[launch.launcher];
  if (!options) return;
  if (launch.launcher === "deepspeed" && checkDeepSpeedInclude(context, launch)) return;
  const use = lastUse(launch.options, options.processes);
  const count = countOf(document, use?.value);
  const shrink = count && shrinkFor(count.value, target);
  const visible = visibleFor(document, launch);
  const devices = visible && !visible.dynamic ? visibleDevices(visible.value, target) : undefined;
  const visibleText = visible && `\`${VISIBLE}=${visible.value}\``;
  const shared = visible !== undefined && paired.has(visible.start);
  if (!use || !count || !shrink) {
    // The list alone would be half the change when the process count is one the rule cannot read.
    if (!use?.value || count || followsMachine(use.value) || !visible || !devices || shared) return;
    paired.add(visible.start);
    context.report({
      start: visible.start,
      end: visible.end,
      message: `${visibleText} ${visibleDevicesWhy(devices.ids, devices.visible, target)}; the launch's \`${useText(document, use)}\` is not a number the script fixes, and the two must change together.`,
      hint: `Set ${VISIBLE} to ${devices.replacement} and ${flagNames(options.processes)[0]} to at most ${target.count}, together.`,
    });
    return;
  }
  if (visible && !shared) paired.add(visible.start);

  const range = { start: use.word.start, end: use.value!.word.end };
  const written = `\`${useText(document, use)}\`${count.variable ? ` (${count.variable}=${count.value})` : ""}`;
  const why = `${written} starts ${processes(count.value)}, one per GPU, but the target is ${gpusLabel(target)}: the ranks without a GPU stop with "CUDA error: invalid device ordinal"`;
  const flag = flagNames(options.processes)[0];
  const machines = lastUse(launch.options, options.machines)?.value;
  if (machines && machines.value !== "1" && machines.value !== "1:1") {
    const alsoVisible = visible && !shared ? ` and ${VISIBLE} to ${devices?.replacement ?? firstIds(target.count)}` : "";
    context.report({ ...range, message: `${why}, on ${machines.value} machines.`, hint: `This is a multi-machine launch; on one machine set ${flag} to ${target.count}${alsoVisible} and the machine count to 1.` });
    return;
  }
  if (visible?.dynamic && !shared) {
    context.report({
      ...range,
      message: `${why}. It runs with ${visibleText}, a list the script does not fix, and the two must change together.`,
      hint: `Set ${flag} to ${shrink.to} and ${VISIBLE} to ${firstIds(shrink.to)}, together, and multiply ${ACCUMULATION} by ${factorText(shrink)}.`,
    });
    return;
  }

  const edits: (TextEdit | undefined)[] = [replaceCount(count, shrink.to)];
  const notes: string[] = [];
  if (devices && !shared) {
    edits.push(replaceWord(visible!, devices.replacement));
    notes.push(`${visibleText} -> ${devices.replacement} with it`);
  }
  if (launch.launcher === "accelerate launch") edits.push(...accelerateOptionEdits(context, launch, shrink, notes));
  const batch = accumulationEdits(context, launch, shrink, count);
  edits.push(...batch.edits);
  const fix = allEdits(edits);
  const set = `set to ${shrink.to}${count.variable ? ` (in \`${count.variable}=\`)` : ""}`;
  const message = `${why}. ${capitalize(set)}${notes.map((note) => `; ${note}`).join("")}: ${batch.note}.`;
  const alsoVisible = devices && !shared ? ` and ${VISIBLE} to ${devices.replacement}` : "";
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set it to ${shrink.to}${alsoVisible}, and multiply ${ACCUMULATION} by ${factorText(shrink)}.` });
}

/**
 * `deepspeed --include localhost:0,1,2,3`: the GPUs of one machine, which DeepSpeed uses instead of
 * CUDA_VISIBLE_DEVICES (it says it ignores that variable when --include, --exclude, --num_gpus or --num_nodes is
 * given). True when the launch names such a list, so that nothing else reads its count.
 */
function checkDeepSpeedInclude(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch): boolean {
  const { document, target } = context;
  const use = lastUse(launch.options, "include");
  const parts = use?.value && !use.value.dynamic ? /^(localhost:)(\d+(?:,\d+)*)$/.exec(use.value.value) : null;
  if (!use || !parts) return false;
  const devices = visibleDevices(parts[2]!, target);
  if (!devices) return true;
  const shrink = shrinkFor(devices.ids.length, target);
  const start = use.value!.valueStart + parts[1]!.length;
  const edits: (TextEdit | undefined)[] = [{ start, end: use.value!.valueEnd, text: devices.replacement }];
  const count: Count = { value: devices.ids.length, start, end: use.value!.valueEnd };
  const batch = shrink ? accumulationEdits(context, launch, shrink, count) : undefined;
  edits.push(...(batch?.edits ?? []));
  const fix = allEdits(edits);
  const range = useRange(use);
  const message = `\`${useText(document, use)}\` ${visibleDevicesWhy(devices.ids, devices.visible, target)}, and DeepSpeed starts one process per listed GPU. Set to localhost:${devices.replacement}${batch ? `: ${batch.note}` : ""}.`;
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set it to localhost:${devices.replacement}.` });
  return true;
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
  if (launch.launcher === "tune run") return recipeAccumulation(launch, shrink);
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

/** torchtune recipes take config overrides as `key=value` words: `gradient_accumulation_steps=4` scales like a flag. */
function recipeAccumulation(launch: PythonLaunch, shrink: Shrink): { edits: (TextEdit | undefined)[]; note: string } {
  const word = launch.args.filter((arg) => !arg.dynamic && new RegExp(`^${ACCUMULATION}=\\d+$`).test(arg.value)).at(-1);
  if (!word) return { edits: [], note: `${globalBatchShrinks(shrink)} unless the recipe config's ${ACCUMULATION} grows ${factorText(shrink)}-fold (\`${ACCUMULATION}=N\` after the config)` };
  const steps = Number(word.value.slice(ACCUMULATION.length + 1));
  const batch = launch.args.filter((arg) => !arg.dynamic && /^batch_size=\d+$/.test(arg.value)).at(-1);
  const perDevice = batch ? Number(batch.value.slice("batch_size=".length)) : undefined;
  const scaled = scaledSteps(steps, shrink);
  const range = rangeOf(word, ACCUMULATION.length + 1, word.value.length);
  if (scaled === undefined || !range) return { edits: [], note: `${globalBatchShrinks(shrink)}; ${ACCUMULATION} ${steps} cannot grow ${factorText(shrink)}-fold to a whole number` };
  return { edits: [{ ...range, text: String(scaled) }], note: `\`${ACCUMULATION}=${steps}\` -> ${scaled}, so ${globalBatchKept(shrink, steps, scaled, perDevice)}` };
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
    // Not rewritten: a Hugging Face Trainer script (TRL's, the handbook's) checks that this value equals its own
    // TrainingArguments.gradient_accumulation_steps and stops when they differ; which one the run reads is the
    // launched script's business, so the numbers go into the note.
    const scaled = scaledSteps(steps.value, shrink);
    if (scaled !== undefined) {
      note =
        `${globalBatchShrinks(shrink)} unless gradient accumulation grows ${factorText(shrink)}-fold (${steps.value} -> ${scaled}). ` +
        `\`deepspeed_config.${ACCUMULATION}: ${steps.value}\` is left as written: a Hugging Face Trainer script stops with ` +
        `"Please correct the following DeepSpeed config values that mismatch TrainingArguments values" unless it equals the script's own ${ACCUMULATION}, so raise both together`;
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

/** A Slurm batch script: a `.slurm`/`.sbatch` file, or one with `#SBATCH` headers. */
function isBatchScript(context: DocumentRuleContext<ShellSource>): boolean {
  return /\.(slurm|sbatch)$/.test(context.path ?? "") || /^#SBATCH\s/m.test(context.document.text);
}

/** What `check` would report, collected instead of reported. */
function collected<C extends { report(finding: RuleFinding): void }>(context: C, check: (inner: C) => void): RuleFinding[] {
  const findings: RuleFinding[] = [];
  check(Object.create(context, { report: { value: (finding: RuleFinding) => findings.push(finding) } }) as C);
  return findings;
}

/** A command handed to a cluster: its words, and the launch among them if one counts processes. */
interface Wrapped {
  wrapper: string;
  command: ShellCommand;
  words: ShellWord[];
  launch?: PythonLaunch;
}

/** Programs that submit a command to a cluster's scheduler, which picks the GPUs it runs on. */
const SUBMITTERS = new Set(["srun", "sbatch"]);

const LAUNCHER_PROGRAMS = new Set(["torchrun", "deepspeed", "accelerate", "tune"]);

/**
 * Launches handed to a cluster submitter: `srun torchrun ...`, and a command after `--` given to another program
 * (`python mason.py --cluster ... -- torchrun ...`, `gantry run ... -- deepspeed ...`), which builds a job of it.
 */
function wrappedLaunches(document: ShellSource): Wrapped[] {
  const found: Wrapped[] = [];
  for (const command of document.commands()) {
    if (document.guardOf(command.node)) continue;
    const words = command.args;
    const submitter = SUBMITTERS.has(command.name.value);
    const from = submitter ? 0 : words.findIndex((word) => word.value === "--") + 1;
    // `uv run python mason.py ... --`: a Python script before the separator builds a job of what follows.
    const builder = words.slice(0, from).find((word) => word.value.endsWith(".py"));
    if (!submitter && (from === 0 || !builder)) continue;
    const wrapper = submitter ? command.name.value : builder!.value.replace(/^.*\//, "");
    // The job's command may start with other steps (`pip install ... \&\& accelerate launch ...`).
    let launch: PythonLaunch | undefined;
    for (let i = from; i < words.length && !launch; i++) {
      const candidate = pythonLaunch({ ...command, env: [], name: words[i]!, args: words.slice(i + 1) });
      if (candidate && COUNT_OPTIONS[candidate.launcher]) launch = candidate;
    }
    if (launch || !submitter) found.push({ wrapper, command, words: words.slice(from), launch });
  }
  return found;
}

/** "`srun` submits its command to a cluster", "`srun` and `mason.py` submit their commands to a cluster". */
function submitters(wrapped: { wrapper: string }[]): string {
  const names = [...new Set(wrapped.map(({ wrapper }) => `\`${wrapper}\``))];
  return names.length === 1 ? `${names[0]} submits its command to a cluster` : `${names.join(" and ")} submit their commands to a cluster`;
}

/** A setting written for more GPUs than the target has, as the note quotes it. */
interface Spot {
  start: number;
  end: number;
  text: string;
}

function spotsOf(document: ShellSource, findings: RuleFinding[]): Spot[] {
  return findings.map(({ start, end }) => ({ start, end, text: document.text.slice(start, end).replace(/\\\r?\n\s*/g, "") }));
}

/** One info note for a file whose launches run on a cluster: what they ask for is the cluster's business. */
function clusterNote(context: RuleContextBase, spots: Spot[], where: string): void {
  const first = spots[0];
  if (!first) return;
  const more = spots.length > 1 ? ` and ${spots.length - 1} more setting${spots.length > 2 ? "s" : ""}` : "";
  context.report({
    start: first.start,
    end: first.end,
    severity: "info",
    message: `${where}: the command runs on the GPUs the cluster gives the job, not on the target (${gpusLabel(context.target)}), so \`${first.text}\`${more} written for more GPUs ${spots.length > 1 ? "are" : "is"} left as written.`,
    hint: `To run it on the target, run the launch command itself (without the submitter); there this rule sets its GPU count.`,
  });
}

/** A flag's process count in a job spec's command text: `--nproc_per_node=8`, `"--nproc_per_node", "8"`, `- "8"`. */
const SPEC_COUNT = /--(nproc[-_]per[-_]node|num[-_]processes|num[-_]gpus)(?:=|[\s"',[\]-]+)(\d+)/g;

/**
 * Kubernetes Jobs (`apiVersion: batch/v1`, `kind: Job`, Kubeflow's PyTorchJob) and Beaker experiment specs
 * (`tasks:` with a `command`): their commands run in the cluster's containers. One note when a launch there asks
 * for more GPUs than the target has.
 */
function checkJobSpec(context: DocumentRuleContext<ConfigSource>): void {
  const { document, target } = context;
  const top = new Set(document.keysOf([]));
  const api = String(document.get(["apiVersion"])?.value ?? "");
  const kind = String(document.get(["kind"])?.value ?? "");
  const kubernetes = top.has("apiVersion") && top.has("kind") && (/^(batch\/|kubeflow\.org\/|jobset\.)/.test(api) || /Job$/.test(kind));
  const beaker = !kubernetes && top.has("tasks") && /\b(command|arguments)\s*:/.test(document.text);
  if ((!kubernetes && !beaker) || !/\b(torchrun|accelerate|deepspeed|tune)\b/.test(document.text)) return;
  const spots: Spot[] = [];
  for (const match of document.text.matchAll(SPEC_COUNT)) {
    if (Number(match[2]) > target.count) spots.push({ start: match.index!, end: match.index! + match[0].length, text: `--${match[1]} ${match[2]}` });
  }
  clusterNote(context, spots, kubernetes ? `This is a Kubernetes ${kind || "job"} spec` : "This is a Beaker experiment spec");
}

/** `trainer.devices=8` (Hydra/Lightning), `trainer.n_gpus_per_node=8` (verl): dotted GPU-count overrides. */
const OVERRIDE_COUNT = /^\+{0,2}((?:\w[\w-]*\.)+(?:devices|gpus|n_gpus_per_node|num_gpus|num_gpus_per_node|gpus_per_node))=(\d+)$/;

/**
 * `--num_gpus N` (a script's own), `--gpus N`, `--devices N` (Lightning), `--trainer.devices N` (LightningCLI),
 * `--actor_num_gpus_per_node N` (OpenRLHF) and `*_gpus_per_node` overrides: GPU counts a training framework reads,
 * whose meaning and the settings that depend on them (parallel sizes, batch sizes) depend on the script: hints.
 */
const FRAMEWORK_FLAG = /^--((?:trainer\.)?(?:num[-_]gpus|gpus|devices|n[-_]gpus[-_]per[-_]node|num[-_]gpus[-_]per[-_]node|(?:actor|critic|ref|reward|vllm)[-_]num[-_]gpus[-_]per[-_]node))$/;

function checkFrameworkFlags(context: DocumentRuleContext<ShellSource>): void {
  const { document } = context;
  const wrapped = new Set(wrappedLaunches(document).map(({ command }) => command.node.startIndex));
  for (const command of document.commands()) {
    if (wrapped.has(command.node.startIndex) || SUBMITTERS.has(command.name.value) || ["echo", "printf"].includes(command.name.value) || document.guardOf(command.node)) continue;
    const launch = pythonLaunch(command);
    // A launcher's own options are its process count, read by checkLaunch.
    if (!launch && LAUNCHER_PROGRAMS.has(command.name.value)) continue;
    const all = launch ? launch.args : command.args;
    // Before a `--` separator come the options of a program that runs the rest (`ray job submit ... -- python ...`).
    frameworkFlags(context, all.slice(all.findIndex((word) => word.value === "--") + 1));
  }
}

function frameworkFlags(context: DocumentRuleContext<ShellSource>, words: readonly ShellWord[]): void {
  const { document, target } = context;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.dynamic) continue;
    const override = OVERRIDE_COUNT.exec(word.value);
    const [name, value, end] = override ? [override[1]!, override[2]!, word.end] : flagCount(word, words[i + 1]);
    if (!name || value === undefined || Number(value) <= target.count) continue;
    context.report({
      start: word.start,
      end: end!,
      severity: "warning",
      message: `\`${document.text.slice(word.start, end).replace(/\\\r?\n\s*/g, "")}\` asks for ${value} GPUs, but the target is ${gpusLabel(target)}; what \`${name}\` counts, and which settings divide by it (parallel sizes, batch sizes), is the program's own, so it is not rewritten.`,
      hint: `Set ${name} to ${target.count} if it is the number of GPUs per machine, and scale the gradient accumulation so that the global batch stays the same.`,
    });
  }
}

/** `--gpus 8` or `--gpus=8` when the flag is a GPU count: its name, value and end. */
function flagCount(word: ShellWord, next: ShellWord | undefined): [string?, string?, number?] {
  const [flag, joined] = word.value.split(/=(.*)/s, 2);
  const match = FRAMEWORK_FLAG.exec(flag!);
  if (!match) return [];
  if (joined !== undefined) return /^\d+$/.test(joined) ? [flag, joined, word.end] : [];
  return next && !next.dynamic && /^\d+$/.test(next.value) ? [flag, next.value, next.end] : [];
}
