import type { TextEdit } from "@gpu-compat/python";
import type { RawFinding } from "./adapters.js";
import type { DiskKind } from "./kinds.js";

/**
 * Files whose findings are reported but never fixed. Tests pin the dtypes they check, benchmarks measure the
 * configuration they name, and checkpoint conversion, merge and export utilities choose the dtype a model is saved
 * in, not the one it trains in: rewriting them changes what the code is for, not whether it runs on the GPU. The
 * `hint-only` setting replaces these.
 */
export const DEFAULT_HINT_ONLY: readonly HintOnlyPattern[] = [
  ...["**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py"].map((pattern) => ({ pattern, why: "it is a test, written to check the code as it is" })),
  ...["**/benchmarks/**", "**/benchmark_*.py", "**/benchmarking_*.py"].map((pattern) => ({ pattern, why: "it is a benchmark, which measures the configuration it was written for" })),
  ...["**/convert*.py", "**/*_convert*.py", "**/conversion/**", "**/merge_*.py", "**/*_merge*.py", "**/export_*.py", "**/*_export.py"].map((pattern) => ({
    pattern,
    why: "it is a checkpoint conversion, merge or export utility, which decides how a model is saved, not how it runs here",
  })),
];

/**
 * A shell script or Makefile with CRLF line ends: bash reads each `\r` as part of the line's last word (`set -e`
 * fails, a `\` before `\r\n` no longer continues the line), while the grammar reads `\r\n` as a line end, so
 * what the rules read is not what bash runs.
 */
export const CRLF_SCRIPT =
  "it has CRLF line ends, which bash does not run as written (`$'\\r': command not found`); convert it to LF (dos2unix) and run gpu-compat again";

/** Markdown is read for the commands it shows (see markdownAdapter), never rewritten. */
export const DOCUMENTATION =
  "it is documentation, shown to readers rather than run, so gpu-compat does not edit it; change the command where you run it";

/** Why a file of this kind is never fixed, whatever the hint-only setting says: Markdown, CRLF shell scripts. */
export function hintOnlyByKind(kind: DiskKind, text: string): string | undefined {
  if (kind === "markdown") return DOCUMENTATION;
  return (kind === "shell" || kind === "makefile" || kind === "dockerfile") && text.includes("\r\n") ? CRLF_SCRIPT : undefined;
}

export interface HintOnlyPattern {
  /** Matched against the path relative to `base` (an absolute folder), or to the checked root without one. */
  pattern: string;
  base?: string;
  /** Why such files are not fixed, as a clause: "it is a test, which ...". */
  why: string;
}

/**
 * A finding of a hint-only file comes as info (README: a test pins what it checks, a conversion script the dtype it
 * saves): its fix becomes a hint that says why and what the fix would have done, and its message drops the "using
 * X instead" clause (the finding's `rewrite`); a hint keeps its words.
 */
export function demoteToHint(finding: RawFinding, why: string, text: string): RawFinding {
  if (!finding.fix) return { ...finding, severity: "info" };
  const { fix, rewrite, ...rest } = finding;
  const hint = `Not rewritten: ${why}. The fix would ${describeEdits(fix, text)}.${finding.hint ? ` ${finding.hint}` : ""}`;
  return { ...rest, message: rewrite?.message ?? finding.message, hint, severity: "info" };
}

/** "change `torch.bfloat16` to `torch.float32`", from the edits themselves. */
function describeEdits(edits: readonly TextEdit[], text: string): string {
  const parts = edits.slice(0, 2).map((edit) => {
    const before = quote(text.slice(edit.start, edit.end));
    if (edit.text === "") return `remove ${before}`;
    if (edit.start === edit.end) return `insert ${quote(edit.text)}`;
    return `change ${before} to ${quote(edit.text)}`;
  });
  const more = edits.length > 2 ? ` (and ${edits.length - 2} more edits)` : "";
  return parts.join(" and ") + more;
}

function quote(code: string): string {
  const line = code.trim().replace(/\s+/g, " ");
  return `\`${line.length > 60 ? `${line.slice(0, 57)}...` : line}\``;
}
