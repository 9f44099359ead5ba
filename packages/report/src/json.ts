import type { Finding, FindingEdit, RunResult } from "@gpu-compat/engine";
import { docsUrl } from "@gpu-compat/rules";
import { allFindings, compareStrings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { repoPath } from "./repo-path.js";
import { computeCapability } from "./target.js";

export interface JsonOptions {
  /** The tool's version; "0.1.0" when not given. */
  version?: string;
  /** Prefixed to every path, so that they open from the working directory (see `repoPath`). */
  pathPrefix?: string;
}

/**
 * The version of the document's shape: raised when a field is removed or changes meaning (not when one is
 * added). 2: paths relative to the working directory, `url` and `edits` per finding, `timing` out of `summary`.
 */
export const JSON_SCHEMA_VERSION = 2;

export interface JsonFinding {
  rule: string;
  path: string;
  /** Notebooks: the 1-based cell; line and column count within it. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** YAML/JSON configs: the key path the finding is on. */
  keyPath?: string;
  severity: Finding["severity"];
  message: string;
  hint?: string;
  fixable: boolean;
  /** Fix mode only. */
  applied?: boolean;
  /** A fix made only with `--unsafe-fixes`: what it costs. */
  unsafeFix?: string;
  /** The memory estimate behind the finding, in GiB: central, low and high bound, and what the target gives it. */
  memory?: Finding["memory"];
  /** The rule's documentation. */
  url: string;
  /** Check mode, fixable findings: what `fix` would change (positions as `line`/`column`). */
  edits?: FindingEdit[];
}

function jsonFinding(finding: Finding, mode: RunResult["mode"], pathPrefix: string | undefined): JsonFinding {
  return {
    rule: finding.rule,
    path: repoPath(finding.path, pathPrefix),
    ...(finding.start.cell !== undefined ? { cell: finding.start.cell } : {}),
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    ...(finding.keyPath !== undefined ? { keyPath: finding.keyPath } : {}),
    severity: finding.severity,
    message: finding.message,
    ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
    fixable: finding.fixable,
    ...(mode === "fix" ? { applied: finding.applied === true } : {}),
    ...(finding.unsafeFix !== undefined ? { unsafeFix: finding.unsafeFix } : {}),
    ...(finding.memory ? { memory: finding.memory } : {}),
    url: docsUrl(finding.rule),
    ...(finding.edits ? { edits: finding.edits } : {}),
  };
}

/**
 * The run's summary with `byRule` in rule-id order, so the output does not depend on discovery order, and
 * without the duration, which differs on every run (it is under `timing`).
 */
function stableSummary(result: RunResult): Omit<RunResult["summary"], "durationMs"> {
  const { durationMs: _duration, ...summary } = result.summary;
  const byRule = Object.fromEntries(Object.entries(summary.byRule).sort(([a], [b]) => compareStrings(a, b)));
  return { ...summary, byRule };
}

/**
 * Machine-readable output: pretty JSON (2 spaces), positions 1-based, findings sorted by path then position.
 * Everything but `timing` is the same for the same input, so two runs' outputs diff cleanly.
 */
export function renderJson(result: RunResult, options: JsonOptions = {}): string {
  const { target } = result;
  const at = (path: string) => repoPath(path, options.pathPrefix);
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: "gpu-compat",
    version: options.version ?? "0.1.0",
    root: result.root,
    mode: result.mode,
    dryRun: result.dryRun,
    target: {
      name: target.name,
      gpu: target.gpu.id,
      count: target.count,
      computeCapability: computeCapability(target),
      ...(target.platform ? { platform: target.platform.id } : {}),
    },
    summary: stableSummary(result),
    findings: allFindings(result).map((finding) => jsonFinding(finding, result.mode, options.pathPrefix)),
    diagnostics: sortedDiagnostics(result).map(({ path, kind, message, start }) => ({ path: at(path), kind, message, ...(start ? { start } : {}) })),
    skipped: sortedSkipped(result).map(({ path, reason, message }) => ({ path: at(path), reason, message })),
    timing: { durationMs: result.summary.durationMs },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
