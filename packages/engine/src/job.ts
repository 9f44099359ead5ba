// One file to process, as the main thread and the pool's workers alike process it.
import type { PrecisionChoice, ProjectFacts, Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import type { KnownContent } from "./adapters.js";
import { adapterFor, type DiskKind, type Parsers } from "./kinds.js";
import { processDocument, type FileOutcome, type FixPolicy } from "./process.js";

/** `ignore`: rule ids not to run on this file (per-file ignores); `hintOnly`: why its findings are not fixed. */
export interface FileJob {
  path: string;
  kind: DiskKind;
  text: string;
  ignore?: string[];
  hintOnly?: string;
  /** What the reading thread learnt of the text (a notebook's cells): opening it need not read that again. */
  known?: KnownContent;
}

/** What a thread loads once and processes every job with. */
export interface JobContext {
  target: Target;
  rules: readonly Rule[];
  mode: "fix" | "check";
  precision: PrecisionChoice;
  project: ProjectFacts;
  parsers: Parsers;
  fixes?: FixPolicy;
}

/** A job that threw: the error's stack, reported as an internal error of this file only. */
export interface JobFailure {
  failed: string;
}

export function processJob(job: FileJob, context: JobContext): FileOutcome | JobFailure {
  try {
    const { ignore, hintOnly, known } = job;
    const rules = ignore ? context.rules.filter((rule) => !ignore.includes(rule.id)) : context.rules;
    const { target, mode, precision, project, fixes } = context;
    return processDocument(adapterFor(job.kind, context.parsers), job.path, job.text, { target, rules, mode, precision, project, ...(fixes ? { fixes } : {}), ...(hintOnly ? { hintOnly } : {}), ...(known ? { known } : {}) });
  } catch (error) {
    return { failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
