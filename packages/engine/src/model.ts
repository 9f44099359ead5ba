import type { FindingMemory, Severity } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import type { UnsuppressedFinding } from "./add-noqa.js";
import type { RefusedFile } from "./git.js";

export type { FindingMemory, Severity, RefusedFile, UnsuppressedFinding };

/** A 1-based line and column (column in UTF-16 code units, as editors and SARIF count by default). */
export interface Position {
  line: number;
  column: number;
  /** Notebooks: the 1-based cell (markdown cells counted); line and column are then within the cell. */
  cell?: number;
}

/** One thing a rule found in one file. */
export interface Finding {
  rule: string;
  /** Path relative to the run's root, forward slashes. */
  path: string;
  start: Position;
  end: Position;
  severity: Severity;
  /** Why this matters on the target, in one sentence. */
  message: string;
  /** A concrete suggestion when the tool cannot rewrite the code itself. */
  hint?: string;
  /** True when the rule carries an edit for this finding. */
  fixable: boolean;
  /** A fix the user must accept (what it costs), made only with `--unsafe-fixes` (RuleFinding.unsafeFix). */
  unsafeFix?: string;
  /** Fix mode only: whether the edit is in the written file. */
  applied?: boolean;
  /** The memory estimate behind the finding, in GiB (RuleFinding.memory). */
  memory?: FindingMemory;
  /** The source line the finding starts on, for text output. */
  sourceLine?: string;
  /** YAML/JSON configs: the key path the finding is on (`deepspeed_config.gradient_accumulation_steps`). */
  keyPath?: string;
  /**
   * Check mode: what the fix would change, in positions of the checked text. Not in fix mode, where later passes
   * edit text the original positions no longer describe (the written file and the diff show the change).
   */
  edits?: FindingEdit[];
}

/** One replacement of a fix: the text from `start` up to `end` becomes `content`. */
export interface FindingEdit {
  start: Position;
  end: Position;
  content: string;
}

/** A problem with a file itself (unreadable, not UTF-8, syntax error, a fix that did not settle). */
export interface Diagnostic {
  path: string;
  kind: "read-error" | "decode-error" | "syntax-error" | "invalid-fix" | "unsettled" | "write-error" | "internal-error";
  message: string;
  /** Syntax and decode errors: where the reader first failed. */
  start?: Position;
}

/** A file of a kind gpu-compat reads that it did not read, and why: not a problem, a note. */
export interface SkippedFile {
  path: string;
  reason: "binary" | "too-large" | "not-a-file" | "parser-limit" | "other-device";
  message: string;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  /** Present when the file's text changed (fix mode, or check mode computing what fix would do). */
  original?: string;
  fixed?: string;
  written?: boolean;
  /**
   * Notebooks whose text changed: each changed code cell's source before and after, so that the report shows the
   * change as code, per cell, instead of as a diff of the JSON. Absent for other files.
   */
  cells?: CellChange[];
}

/** One changed code cell of a notebook: its 1-based number (markdown cells counted, as `Position.cell`). */
export interface CellChange {
  cell: number;
  original: string;
  fixed: string;
}

/**
 * What became of one finding:
 * - `fixed`: its edit is in the fixed text (fix mode, `applied: true`);
 * - `not applied`: it carries an edit that was not applied (fix mode, `applied: false`);
 * - `fixable`: it carries an edit that `gpu-compat fix` would apply (check mode);
 * - `hint`: no edit, only a suggestion.
 */
export type FindingStatus = "fixed" | "not applied" | "fixable" | "hint";

export function findingStatus(finding: Finding, mode: "fix" | "check"): FindingStatus {
  if (finding.applied === true) return "fixed";
  if (!finding.fixable) return "hint";
  return mode === "fix" ? "not applied" : "fixable";
}

/** A finding whose fix was held back because it is unsafe: `gpu-compat fix --unsafe-fixes` would make it. */
export function needsUnsafeFixes(finding: Finding): boolean {
  return finding.unsafeFix !== undefined && finding.applied !== true;
}

/** Findings counted by what became of them. */
export interface Tally {
  found: number;
  fixed: number;
  fixable: number;
  notApplied: number;
  hints: number;
}

export interface RunSummary {
  filesDiscovered: number;
  /** Files that contain a trigger literal and so were parsed. */
  filesParsed: number;
  filesChanged: number;
  filesWithFindings: number;
  /** All findings; `fixed + fixable + notApplied + hints === findings`. */
  findings: number;
  fixed: number;
  fixable: number;
  notApplied: number;
  hints: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, Tally>;
  diagnostics: number;
  durationMs: number;
}

export interface RunResult {
  root: string;
  target: Target;
  mode: "fix" | "check";
  /** `fix` on a report-only target ran as `check`: why the target is report-only (Target.reportOnly). */
  reportOnly?: string;
  dryRun: boolean;
  files: FileResult[];
  diagnostics: Diagnostic[];
  /** Binary and very large files, skipped without reading them as source. */
  skipped: SkippedFile[];
  /**
   * Fix mode without `allowDirty`: the files the fixes would change that git could not give back (uncommitted
   * changes), or could not say (dubious ownership, a broken repository, no git). When present, nothing was written.
   */
  refused?: RefusedFile[];
  /** Fix mode without `allowDirty`: files written that are in no git work tree, so nothing guarded the write. */
  unguarded?: string[];
  /** `addNoqa`: the comments written (to how many files), and the findings that could not take one. */
  suppressions?: { added: number; files: number; skipped: UnsuppressedFinding[] };
  /** Fix mode: the run was aborted while writing; the files with `written: false` were not written. */
  interrupted?: boolean;
  summary: RunSummary;
}

const TALLY_KEY = { fixed: "fixed", fixable: "fixable", "not applied": "notApplied", hint: "hints" } as const;

function emptyTally(): Tally {
  return { found: 0, fixed: 0, fixable: 0, notApplied: 0, hints: 0 };
}

/** Counts findings by what became of them, overall, per rule and per severity. */
export function countFindings(
  findings: readonly Finding[],
  mode: "fix" | "check",
): { total: Tally; byRule: Record<string, Tally>; bySeverity: Record<Severity, number> } {
  const total = emptyTally();
  const byRule: Record<string, Tally> = {};
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) {
    const key = TALLY_KEY[findingStatus(finding, mode)];
    const perRule = (byRule[finding.rule] ??= emptyTally());
    total.found++;
    total[key]++;
    perRule.found++;
    perRule[key]++;
    bySeverity[finding.severity]++;
  }
  return { total, byRule, bySeverity };
}
