import type { Finding, RunResult } from "@gpu-compat/engine";
import { allFindings, compareStrings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { computeCapability } from "./target.js";

export interface JsonOptions {
  /** The tool's version; "0.1.0" when not given. */
  version?: string;
}

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
}

function jsonFinding(finding: Finding, mode: RunResult["mode"]): JsonFinding {
  return {
    rule: finding.rule,
    path: finding.path,
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
  };
}

/** The run's summary with `byRule` in rule-id order, so the output does not depend on discovery order. */
function stableSummary(result: RunResult): RunResult["summary"] {
  const byRule = Object.fromEntries(
    Object.entries(result.summary.byRule).sort(([a], [b]) => compareStrings(a, b)),
  );
  return { ...result.summary, byRule };
}

/** Machine-readable output: pretty JSON (2 spaces), positions 1-based, findings sorted by path then position. */
export function renderJson(result: RunResult, options: JsonOptions = {}): string {
  const { target } = result;
  const document = {
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
    findings: allFindings(result).map((finding) => jsonFinding(finding, result.mode)),
    diagnostics: sortedDiagnostics(result).map(({ path, kind, message, start }) => ({ path, kind, message, ...(start ? { start } : {}) })),
    skipped: sortedSkipped(result).map(({ path, reason, message }) => ({ path, reason, message })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
