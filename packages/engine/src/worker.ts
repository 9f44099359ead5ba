// A worker of the pool: loads the parser and the rules once, then processes the files it is sent.
import { parentPort, workerData } from "node:worker_threads";
import type { Backend } from "@gpu-compat/python";
import { findRule, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { loadParsers } from "./parsers.js";
import { Breather } from "./breather.js";
import { processJob, type FileJob, type JobContext, type JobFailure } from "./job.js";
import type { FileOutcome, FixPolicy } from "./process.js";
import { createProjectFacts, type ProjectFile } from "./project-facts.js";

export interface WorkerSetup {
  root: string;
  target: Target;
  ruleIds: string[];
  mode: "fix" | "check";
  precision: PrecisionChoice;
  fixes?: FixPolicy;
  backend?: Backend;
  /** The project's files, when the main thread listed the whole root (see createProjectFacts). */
  projectFiles?: ProjectFile[];
}

export type WorkerRequest = FileJob & { id: number };
export type WorkerReply = { id: number; outcome: FileOutcome } | ({ id: number } & JobFailure);

const setup = workerData as WorkerSetup;
const parsers = await loadParsers(setup.backend);
const context: JobContext = {
  target: setup.target,
  rules: setup.ruleIds.map((id) => findRule(id)).filter((rule): rule is Rule => rule !== undefined),
  mode: setup.mode,
  precision: setup.precision,
  ...(setup.fixes ? { fixes: setup.fixes } : {}),
  project: createProjectFacts(setup.root, () => parsers.python, setup.projectFiles),
  parsers,
};

// Requests are queued and answered in turns of the event loop (see Breather): a burst of messages handled in one
// turn would keep every tree parsed during it.
const queue: WorkerRequest[] = [];
const breather = new Breather();
let draining = false;

parentPort!.on("message", (request: WorkerRequest) => {
  queue.push(request);
  if (!draining) void drain();
});

async function drain(): Promise<void> {
  draining = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    const result = processJob(request, context);
    parentPort!.postMessage("failed" in result ? { id: request.id, failed: result.failed } : { id: request.id, outcome: result });
    await breather.processed(request.text.length);
  }
  draining = false;
}
