// The engine on one in-memory text, with no Node module: what `gpu-compat fix` does to one file of a repository
// that holds nothing else, computed without writing. The playground runs it in a browser (browser.ts).
import { rulesFor, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { globMatcher } from "./globs.js";
import { DEFAULT_HINT_ONLY, hintOnlyByKind } from "./hint-only.js";
import { processJob } from "./job.js";
import { kindOfPath, type Parsers } from "./kinds.js";
import { NO_PROJECT_FACTS, type FileOutcome } from "./process.js";

export interface TextRun {
  /** The file's name, relative to the repository root (`/` separators): it decides the kind of file. */
  path: string;
  text: string;
  target: Target;
  parsers: Parsers;
  /** "auto" when absent. */
  precision?: PrecisionChoice;
  /** Every rule that applies to the target when absent. */
  rules?: readonly Rule[];
}

/** What running the rules on a text gave; `unsupported` says why there was nothing to run them on. */
export type TextOutcome = FileOutcome | { unsupported: string } | { failed: string };

/**
 * Runs the rules on one text in fix mode: the findings say which fixes were made, `fixed` is the rewritten text.
 * Files that `gpu-compat fix` only reports on (tests, conversion scripts, Markdown) are reported on here too.
 */
export function runOnText(run: TextRun): TextOutcome {
  const kind = kindOfPath(run.path);
  if (!kind) return { unsupported: `${run.path}: not a kind of file gpu-compat reads (.py, .ipynb, .sh, YAML or JSON config, requirements*.txt, pyproject.toml, README.md); the name sets the kind` };
  const hintOnly = hintOnlyByKind(kind, run.text) ?? DEFAULT_HINT_ONLY.find(({ pattern }) => globMatcher(pattern)(run.path))?.why;
  const job = { path: run.path, kind, text: run.text, ...(hintOnly ? { hintOnly } : {}) };
  return processJob(job, {
    target: run.target,
    rules: rulesFor(run.target, run.rules),
    mode: "fix",
    precision: run.precision ?? "auto",
    project: NO_PROJECT_FACTS,
    parsers: run.parsers,
  });
}
