import type { Severity } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";

export type { Severity };

/** A 1-based line and column (column in UTF-16 code units, as editors and SARIF count by default). */
export interface Position {
  line: number;
  column: number;
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
  /** Fix mode only: whether the edit is in the written file. */
  applied?: boolean;
  /** The source line the finding starts on, for text output. */
  sourceLine?: string;
}

/** A problem with a file itself (unreadable, not UTF-8, syntax error, a fix that did not settle). */
export interface Diagnostic {
  path: string;
  kind: "read-error" | "decode-error" | "syntax-error" | "invalid-fix" | "unsettled" | "write-error" | "internal-error";
  message: string;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  /** Present when the file's text changed (fix mode, or check mode computing what fix would do). */
  original?: string;
  fixed?: string;
  written?: boolean;
}

export interface RunSummary {
  filesDiscovered: number;
  /** Files that contain a trigger literal and so were parsed. */
  filesParsed: number;
  filesChanged: number;
  findings: number;
  fixed: number;
  hints: number;
  bySeverity: Record<Severity, number>;
  /** Per rule: found, fixed (applied edits), hints (findings without an applied edit). */
  byRule: Record<string, { found: number; fixed: number; hints: number }>;
  diagnostics: number;
  durationMs: number;
}

export interface RunResult {
  root: string;
  target: Target;
  mode: "fix" | "check";
  dryRun: boolean;
  files: FileResult[];
  diagnostics: Diagnostic[];
  summary: RunSummary;
}
