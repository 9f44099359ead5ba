import { Worker } from "node:worker_threads";
import type { DiskKind } from "./kinds.js";
import type { FileOutcome } from "./process.js";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./worker.js";

export interface PoolJob {
  path: string;
  kind: DiskKind;
  text: string;
  ignore?: string[];
}

/**
 * Processes jobs on `size` worker threads, each parsing with its own parser. Jobs are handed out one at a time
 * as workers free up, so one large file does not hold back a whole share of the queue.
 */
export async function runInPool(jobs: readonly PoolJob[], size: number, setup: WorkerSetup, onDone?: () => void): Promise<(FileOutcome | Error)[]> {
  const results: (FileOutcome | Error)[] = new Array(jobs.length);
  let nextJob = 0;
  const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(new URL("./worker.js", import.meta.url), { workerData: setup }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const sendNext = () => {
              if (nextJob >= jobs.length) return resolve();
              const id = nextJob++;
              const { path, kind, text, ignore } = jobs[id]!;
              const request: WorkerRequest = { id, path, kind, text, ...(ignore ? { ignore } : {}) };
              worker.postMessage(request);
            };
            worker.on("message", (reply: WorkerReply) => {
              results[reply.id] = "error" in reply ? new Error(reply.error) : reply.outcome;
              onDone?.();
              sendNext();
            });
            worker.once("error", reject);
            worker.once("exit", (code) => (nextJob >= jobs.length ? resolve() : reject(new Error(`worker exited with code ${code}`))));
            sendNext();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
