import { Worker } from "node:worker_threads";
import type { FileJob, JobFailure } from "./job.js";
import type { FileOutcome } from "./process.js";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./worker.js";

/** What a job comes to: the file's outcome, or the failure of the thread that processed it. */
export type JobResult = FileOutcome | JobFailure;

/** A job not yet given to a thread. */
export interface QueuedJob {
  job: FileJob;
  settle: (result: JobResult) => void;
  fail: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Characters of source sent and not yet answered. */
  queued: number;
  /** It has answered once: it has loaded its parsers and rules. */
  ready: boolean;
  pending: Map<number, QueuedJob>;
}

/**
 * Characters of source a worker is sent ahead of its answers (~50 ms of parsing): enough that it does not wait
 * between two files while the main thread is busy with one of its own, few enough that the last jobs are
 * shared out instead of left waiting on one worker.
 */
const AHEAD_CHARS = 192 * 1024;

/**
 * The worker's module, next to this one: dist/worker.js of the bundle or of this package. Run from the
 * TypeScript sources (vitest), Node cannot start a .ts worker; the bundle's dist/worker.js, built from the same
 * sources by the build `pnpm test` runs first, stands in.
 */
const WORKER_URL = import.meta.url.endsWith(".ts") ? new URL("../../../dist/worker.js", import.meta.url) : new URL("./worker.js", import.meta.url);

/**
 * A queue of files to process, shared by worker threads (each with its own parser and rules) and the thread that
 * submits them: each worker is kept AHEAD_CHARS of source ahead, and the submitting thread `take`s the rest as it
 * gets free. A worker is topped up when it answers, so the submitting thread must turn its event loop (between
 * files) for the workers to keep busy. Until workers are started it is a plain queue.
 *
 * Only the jobs `shareable` accepts go to workers; the others wait for the submitting thread. Each thread warms up
 * its own copy of the code it runs (the YAML library ran cold in every thread: on axolotl's 261 configs it cost
 * 0.86 s of CPU over two threads against 0.50 s on one), and configs are cheap next to Python: they stay on one thread.
 */
export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  /** Jobs a worker may take, oldest first. */
  private readonly waiting: QueuedJob[] = [];
  /** Jobs for the submitting thread only. */
  private readonly local: QueuedJob[] = [];
  /** Characters of source in the jobs no thread has taken yet. */
  private waitingChars = 0;
  private nextId = 0;

  constructor(private readonly shareable: (job: FileJob) => boolean = () => true) {}

  /** Starts `size` worker threads, which share the waiting jobs and those submitted from now on. */
  start(size: number, setup: WorkerSetup): void {
    for (let i = 0; i < size; i++) this.workers.push(this.startWorker(setup));
    this.topUp();
  }

  /** False with none started, or once all died: then nothing waits on the event loop to be sent. */
  get hasWorkers(): boolean {
    return this.workers.length > 0;
  }

  /** Resolves with the file's outcome or failure; rejects if the worker processing it dies. */
  submit(job: FileJob): Promise<JobResult> {
    return new Promise((settle, fail) => {
      this.waitingChars += job.text.length;
      if (!this.shareable(job)) return void this.local.push({ job, settle, fail });
      this.waiting.push({ job, settle, fail });
      this.topUp();
    });
  }

  /** Characters of source waiting for a thread: what the submitting thread holds on their behalf. */
  get queuedChars(): number {
    return this.waitingChars;
  }

  /**
   * A job for the calling thread to process and settle: its own first (no worker can take them), then the oldest
   * no worker was given; undefined when none waits.
   */
  take(): QueuedJob | undefined {
    const job = this.local.shift() ?? this.waiting.shift();
    if (job) this.waitingChars -= job.job.text.length;
    return job;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((entry) => entry.worker.terminate()));
  }

  private startWorker(setup: WorkerSetup): PoolWorker {
    const entry: PoolWorker = { worker: new Worker(WORKER_URL, { workerData: setup }), queued: 0, ready: false, pending: new Map() };
    entry.worker.on("message", (reply: WorkerReply) => {
      const job = entry.pending.get(reply.id);
      if (!job) return;
      entry.pending.delete(reply.id);
      entry.ready = true;
      entry.queued -= job.job.text.length;
      job.settle("failed" in reply ? { failed: reply.failed } : reply.outcome);
      this.topUp();
    });
    const failAll = (error: Error) => {
      // A dead worker is given nothing more: the other threads take what waits.
      const at = this.workers.indexOf(entry);
      if (at >= 0) this.workers.splice(at, 1);
      for (const job of entry.pending.values()) job.fail(error);
      entry.pending.clear();
    };
    entry.worker.once("error", failAll);
    entry.worker.once("exit", (code) => failAll(new Error(`worker exited with code ${code}`)));
    return entry;
  }

  /**
   * Sends waiting jobs to the workers with less than AHEAD_CHARS of source in hand, the least loaded first. A
   * worker still starting up (its first answer not come) holds one job only: the other threads take the rest
   * meanwhile, so that a run with little to parse is not left waiting on a start-up.
   */
  private topUp(): void {
    while (this.waiting.length > 0) {
      const target = this.workers.filter(hasRoom).reduce<PoolWorker | undefined>((least, entry) => (least && least.queued <= entry.queued ? least : entry), undefined);
      if (!target) return;
      const job = this.waiting.shift()!;
      this.waitingChars -= job.job.text.length;
      this.send(target, job);
    }
  }

  private send(target: PoolWorker, queued: QueuedJob): void {
    const id = this.nextId++;
    target.pending.set(id, queued);
    target.queued += queued.job.text.length;
    const request: WorkerRequest = { id, ...queued.job };
    target.worker.postMessage(request);
  }
}

function hasRoom(entry: PoolWorker): boolean {
  return entry.ready ? entry.queued < AHEAD_CHARS : entry.pending.size === 0;
}
