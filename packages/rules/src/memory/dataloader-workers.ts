import { keywordArgument, keywordValue, type SyntaxNode } from "@gpu-compat/python";
import type { PlatformProfile } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { dataLoaderCalls } from "../shared/dataloader.js";
import { argumentFor, integerLiteral, integerOrConstant } from "../shared/integer-values.js";
import { trainingArgumentsKeyword } from "../shared/training-args.js";
import type { PythonRuleContext } from "../types.js";

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
  appliesTo: (target) => target.platform !== undefined,
  triggers: ["DataLoader", "dataloader_num_workers"],
  checks: {
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
  const platform = context.target.platform;
  const workers = integerLiteral(value);
  if (!platform || !value || workers === null || context.source.guards.guardOf(call)) return;
  const range = { start: value.startIndex, end: value.endIndex };
  const { cpus } = platform;
  if (workers > cpus) {
    context.report({
      ...range,
      message:
        `${workers} DataLoader workers on ${platform.name}, which has ${cpus} CPUs: the extra worker processes only wait for a CPU, and PyTorch warns ` +
        `"This DataLoader will create ${workers} worker processes in total. Our suggested max number of worker in current system is ${cpus}, ..." ` +
        `because so many can make loading slow or freeze it. Using ${cpus}, one worker per CPU.`,
      fix: [{ ...range, text: String(cpus) }],
    });
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
        `If it does: use fewer workers (${running > 2 ? `${Math.floor(running / 2)} or 1` : "1"}), \`num_workers=0\` to debug (batches then load in the main process, without /dev/shm), ` +
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
