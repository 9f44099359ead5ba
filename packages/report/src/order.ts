import type { Diagnostic, FileResult, Finding, RunResult, SkippedFile } from "@gpu-compat/engine";

/** Plain code-unit order, so output does not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byPath(a: { path: string }, b: { path: string }): number {
  return compareStrings(a.path, b.path);
}

/** Path, then start position (cell first, in notebooks), then end position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.path, b.path) ||
    (a.start.cell ?? 0) - (b.start.cell ?? 0) ||
    a.start.line - b.start.line ||
    a.start.column - b.start.column ||
    a.end.line - b.end.line ||
    a.end.column - b.end.column ||
    compareStrings(a.rule, b.rule)
  );
}

export function sortedFiles(result: RunResult): FileResult[] {
  return [...result.files].sort(byPath);
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** All findings of the run, sorted by path, then position. */
export function allFindings(result: RunResult): Finding[] {
  return sortedFindings(result.files.flatMap((file) => file.findings));
}

export function sortedDiagnostics(result: RunResult): Diagnostic[] {
  return [...result.diagnostics].sort(
    (a, b) => byPath(a, b) || compareStrings(a.kind, b.kind) || compareStrings(a.message, b.message),
  );
}

export function sortedSkipped(result: RunResult): SkippedFile[] {
  return [...result.skipped].sort(byPath);
}
