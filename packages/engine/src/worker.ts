// A worker of the pool: loads the parser and the rules once, then processes the files it is sent.
import { parentPort, workerData } from "node:worker_threads";
import type { Backend } from "@gpu-compat/python";
import { findRule, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { adapterFor, loadParsers, type DiskKind } from "./kinds.js";
import { Breather } from "./breather.js";
import { processDocument, type FileOutcome } from "./process.js";
import { createProjectFacts } from "./project-facts.js";

export interface WorkerSetup {
  root: string;
  target: Target;
  ruleIds: string[];
  mode: "fix" | "check";
  precision: PrecisionChoice;
  backend?: Backend;
}

/** `ignore`: rule ids not to run on this file (per-file ignores); `hintOnly`: why its findings are not fixed. */
export type WorkerRequest = { id: number; path: string; kind: DiskKind; text: string; ignore?: string[]; hintOnly?: string };
export type WorkerReply = { id: number; outcome: FileOutcome } | { id: number; error: string };

const setup = workerData as WorkerSetup;
const rules = setup.ruleIds.map((id) => findRule(id)).filter((rule): rule is Rule => rule !== undefined);
const parsers = await loadParsers(setup.backend);
const project = createProjectFacts(setup.root, () => parsers.python);

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
    parentPort!.postMessage(answer(request));
    await breather.processed(request.text.length);
  }
  draining = false;
}

function answer(request: WorkerRequest): WorkerReply {
  try {
    const fileRules = request.ignore ? rules.filter((rule) => !request.ignore!.includes(rule.id)) : rules;
    const options = { target: setup.target, rules: fileRules, mode: setup.mode, precision: setup.precision, project, ...(request.hintOnly ? { hintOnly: request.hintOnly } : {}) };
    return { id: request.id, outcome: processDocument(adapterFor(request.kind, parsers), request.path, request.text, options) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
