import { Worker } from "node:worker_threads";
import type { FileOutcome } from "./process.js";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./worker.js";

/** A file to process: a worker request without its id. */
export type PoolJob = Omit<WorkerRequest, "id">;

interface PoolWorker {
  worker: Worker;
  /** Characters of source sent and not yet answered: the next job goes to the worker with the fewest. */
  queued: number;
  pending: Map<number, { size: number; settle: (result: FileOutcome | Error) => void; fail: (error: Error) => void }>;
}

/**
 * Worker threads, each with its own parser and rules, that process files as they are submitted. The engine
 * submits while it is still reading and prefiltering the rest of the repo, so the workers start up and parse
 * during that pass instead of after it. A job goes to the worker with the least source waiting, which balances
 * the work without waiting for answers (the submitting thread is busy until the pass ends).
 */
/**
 * The worker's module, next to this one: dist/worker.js of the bundle or of this package. Run from the TypeScript
 * sources (vitest), Node cannot start a .ts worker; the bundle's dist/worker.js, built from the same sources by the
 * build `pnpm test` runs first, stands in.
 */
const WORKER_URL = import.meta.url.endsWith(".ts") ? new URL("../../../dist/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);

export class WorkerPool {
  private readonly workers: PoolWorker[];
  private nextId = 0;

  constructor(size: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: size }, () => {
      const entry: PoolWorker = { worker: new Worker(WORKER_URL, { workerData: setup }), queued: 0, pending: new Map() };
      entry.worker.on("message", (reply: WorkerReply) => {
        const job = entry.pending.get(reply.id);
        if (!job) return;
        entry.pending.delete(reply.id);
        entry.queued -= job.size;
        job.settle("error" in reply ? new Error(reply.error) : reply.outcome);
      });
      const failAll = (error: Error) => {
        for (const job of entry.pending.values()) job.fail(error);
        entry.pending.clear();
      };
      entry.worker.once("error", failAll);
      entry.worker.once("exit", (code) => failAll(new Error(`worker exited with code ${code}`)));
      return entry;
    });
  }

  /** Resolves with the file's outcome, or an Error for a file the worker failed on; rejects if the worker dies. */
  submit(job: PoolJob): Promise<FileOutcome | Error> {
    const target = this.workers.reduce((least, entry) => (entry.queued < least.queued ? entry : least));
    const id = this.nextId++;
    return new Promise((settle, fail) => {
      target.pending.set(id, { size: job.text.length, settle, fail });
      target.queued += job.text.length;
      const request: WorkerRequest = { id, ...job };
      target.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }
}
