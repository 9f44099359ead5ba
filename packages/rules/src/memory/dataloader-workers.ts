import type { ConfigEntry, ConfigSource } from "@gpu-compat/config";
import { keywordArgument, keywordValue, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import type { PlatformProfile } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { dataLoaderCalls } from "../shared/dataloader.js";
import { argumentFor, integerLiteral, integerOrConstant } from "../shared/integer-values.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase } from "../types.js";

/**
 * Platforms whose container has a small /dev/shm, where worker processes hand batches over (Kaggle/docker-python#377).
 * A platform profile that states `shmGiB` counts too.
 */
const SMALL_SHM_PLATFORMS = new Set(["kaggle-t4x2", "kaggle-p100"]);

/**
 * Batches above this many samples, with workers, get the /dev/shm hint: at Docker's default 64 MB, two workers
 * prefetching two batches each of 3x224x224 float32 images fill it at 16 samples a batch (docs: dataloader-workers).
 */
const SHM_BATCH_LIMIT = 16;

/** Batches each worker keeps ready: DataLoader's default `prefetch_factor`. */
const PREFETCH = 2;

export const dataloaderWorkers = defineRule({
  id: "dataloader-workers",
  title: "DataLoader workers beyond the platform's CPUs, or with large batches over a small /dev/shm",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen: "the target names a hosted platform (kaggle-t4x2, kaggle-p100, colab-t4), whose CPU count is known",
  runsOnTpu: true,
  appliesTo: (target) => target.platform !== undefined,
  triggers: ["DataLoader", "dataloader_num_workers"],
  checks: {
    config: { triggers: ["num_workers"], run: checkConfig },
    python: {
      run(context) {
        const { source } = context;
        for (const call of dataLoaderCalls(source)) {
          const workers = argumentFor(call, "num_workers", 5);
          const batch = argumentFor(call, "batch_size", 1);
          checkWorkers(context, call, workers, { size: integerOrConstant(source, batch), what: "batch_size" });
        }
        for (const node of source.occurrences("dataloader_num_workers")) {
          if (node.type !== "identifier") continue;
          const found = trainingArgumentsKeyword(node, source.imports);
          if (found) checkWorkers(context, found.call, keywordValue(found.argument), largestTrainerBatch(context, found.call));
        }
      },
    },
  },
});

interface Batch {
  size: number | null;
  /** The argument that sets it, for the message. */
  what: string;
}

function checkWorkers(context: PythonRuleContext, call: SyntaxNode, value: SyntaxNode | null, batch: Batch): void {
  const workers = integerLiteral(value);
  if (!value || workers === null || context.source.guards.guardOf(call)) return;
  const range = { start: value.startIndex, end: value.endIndex };
  reportWorkers(context, range, workers, batch, (cpus) => ({ ...range, text: String(cpus) }));
}

/** The findings on `workers` DataLoader workers at `range`: too many for the CPUs (fixed with `edit`), or /dev/shm. */
function reportWorkers(context: RuleContextBase, range: { start: number; end: number }, workers: number, batch: Batch, edit: (cpus: number) => TextEdit | undefined, setting = "", zero = "`num_workers=0`"): void {
  const platform = context.target.platform;
  if (!platform) return;
  const { cpus } = platform;
  if (workers > cpus) {
    const fix = edit(cpus);
    const message =
      `${setting}${workers} DataLoader workers on ${platform.name}, which has ${cpus} CPUs: the extra worker processes only wait for a CPU, and PyTorch warns ` +
      `"This DataLoader will create ${workers} worker processes in total. Our suggested max number of worker in current system is ${cpus}, ..." ` +
      `because so many can make loading slow or freeze it.`;
    if (fix) context.report({ ...range, message: `${message} Using ${cpus}, one worker per CPU.`, fix: [fix] });
    else context.report({ ...range, message, hint: `Use ${cpus} workers, one per CPU.` });
  }
  const running = Math.min(workers, cpus);
  if (running > 0 && batch.size !== null && batch.size > SHM_BATCH_LIMIT && hasSmallShm(platform)) {
    context.report({
      ...range,
      message:
        `Each DataLoader worker hands its batches to the training process through /dev/shm, which ${platform.name}'s container keeps small (${platform.shmGiB === undefined ? "Kaggle/docker-python#377" : `${platform.shmGiB} GiB`}): ` +
        `${running} workers x ${PREFETCH} prefetched batches x ${batch.size} samples (${batch.what}) can fill it, and loading stops with ` +
        `"RuntimeError: DataLoader worker (pid N) is killed by signal: Bus error. It is possible that dataloader's workers are out of shared memory. Please try to raise your shared memory limit." ` +
        `or "RuntimeError: unable to write to file </torch_...>: No space left on device (28)".`,
      hint:
        `If it does: use fewer workers (${running > 2 ? `${Math.floor(running / 2)} or 1` : "1"}), ${zero} to debug (batches then load in the main process, without /dev/shm), ` +
        `or a smaller batch (${SHM_BATCH_LIMIT} or less, with gradient accumulation to keep the effective batch).`,
    });
  }
}

/** The larger of the Trainer's literal train and eval batch sizes: its workers load both. */
function largestTrainerBatch(context: PythonRuleContext, call: SyntaxNode): Batch {
  let best: Batch = { size: null, what: "per_device_train_batch_size" };
  for (const what of ["per_device_train_batch_size", "per_device_eval_batch_size"]) {
    const argument = keywordArgument(call, what);
    const size = argument && integerOrConstant(context.source, keywordValue(argument));
    if (size && size > (best.size ?? 0)) best = { size, what };
  }
  return best;
}

function hasSmallShm(platform: PlatformProfile): boolean {
  return platform.shmGiB !== undefined || SMALL_SHM_PLATFORMS.has(platform.id);
}

/** Configs whose top-level batch keys are what each worker loads: TrainingArguments and the tools that pass them on. */
const CONFIG_BATCH_KEYS = ["per_device_train_batch_size", "per_device_eval_batch_size", "micro_batch_size"];

/**
 * `dataloader_num_workers` (a TrainingArguments field, in any config) and `num_workers` of a data mapping (Hydra's
 * `data:`/`datamodule:`/`*_dataloader:` nodes, a `_target_` DataModule or DataLoader, or a mapping with a
 * `batch_size` beside it). A `num_workers` elsewhere (Ray's training workers, a server's threads) is not read.
 */
function checkConfig(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (key !== "num_workers" && key !== "dataloader_num_workers") continue;
    const workers = typeof entry.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    const parent = entry.path.slice(0, -1);
    if (workers === null || (key === "num_workers" && !isDataNode(document, parent))) continue;
    const batch = configBatch(document, parent);
    const setting = `\`${document.text.slice(entry.keyStart ?? entry.valueStart, entry.valueEnd)}\`: `;
    reportWorkers(context, { start: entry.keyStart ?? entry.valueStart, end: entry.valueEnd }, workers, batch, (cpus) => document.replaceValue(entry, cpus), setting, `\`${document.format === "json" ? `"${key}": 0` : `${key}: 0`}\``);
  }
}

const DATA_SEGMENT = /data|loader/i;

function isDataNode(document: ConfigSource, path: readonly (string | number)[]): boolean {
  const target = document.get([...path, "_target_"])?.value ?? document.get([...path, "class_path"])?.value;
  if (typeof target === "string") return /DataLoader|DataModule|\.data\b|dataset/i.test(target) && !/\bray\b/.test(target);
  if (path.some((part) => typeof part === "string" && DATA_SEGMENT.test(part))) return true;
  return document.keysOf(path).includes("batch_size");
}

/** The batch each worker loads: a `batch_size` beside the workers, else the Trainer's batch keys at the top. */
function configBatch(document: ConfigSource, path: readonly (string | number)[]): Batch {
  const sizes: [string, ConfigEntry | undefined][] = [["batch_size", document.get([...path, "batch_size"])], ...CONFIG_BATCH_KEYS.map((key): [string, ConfigEntry | undefined] => [key, document.get([key])])];
  let best: Batch = { size: null, what: "batch_size" };
  for (const [what, entry] of sizes) {
    const size = typeof entry?.value === "number" && Number.isInteger(entry.value) ? entry.value : null;
    if (size !== null && size > (best.size ?? 0)) best = { size, what };
  }
  return best;
}
