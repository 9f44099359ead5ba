import { pathToFileURL } from "node:url";
import type { Diagnostic, Finding, RunResult, SkippedFile } from "@gpu-compat/engine";
import { allRules, type Rule } from "@gpu-compat/rules";
import { allFindings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { cellPrefix, repoPath } from "./repo-path.js";
import { bareDescriptor, LEVEL, ruleDescriptor, type Level } from "./sarif-rules.js";
import { computeCapability } from "./target.js";

/** The schema URI GitHub code scanning documents for SARIF 2.1.0 files. */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/gpu-compat/gpu-compat";
/** Locations are relative to the repository root, which SARIF names with a base id. */
const SRCROOT = "%SRCROOT%";

export interface SarifOptions {
  /** The tool's version; "0.1.0" when not given. */
  version?: string;
  /** The run's root relative to the repository root (`"src"` for `gpu-compat check src`); paths are prefixed with it. */
  pathPrefix?: string;
  /** The absolute directory `%SRCROOT%` stands for, written to `originalUriBaseIds` when given. */
  srcRoot?: string;
  /** The rules to describe; every rule of the registry when not given. */
  rules?: readonly Rule[];
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uriOf(path: string, prefix: string | undefined): string {
  return repoPath(path, prefix).split("/").map(encodeURIComponent).join("/");
}

function artifactLocation(path: string, options: SarifOptions): object {
  return { uri: uriOf(path, options.pathPrefix), uriBaseId: SRCROOT };
}

function resultMessage(finding: Finding): string {
  const text = `${cellPrefix(finding)}${finding.message}`;
  return finding.hint ? `${text}\nHint: ${finding.hint}` : text;
}

function resultProperties(finding: Finding, mode: RunResult["mode"]): Record<string, unknown> {
  const properties: Record<string, unknown> = { fixable: finding.fixable };
  if (mode === "fix") properties.applied = finding.applied === true;
  if (finding.keyPath !== undefined) properties.keyPath = finding.keyPath;
  const { start, end } = finding;
  if (start.cell !== undefined) {
    // Positions within the notebook cell: the file-level region is unknown, so there is none.
    Object.assign(properties, { cell: start.cell, cellLine: start.line, cellColumn: start.column, cellEndLine: end.line, cellEndColumn: end.column });
  }
  return properties;
}

function sarifResult(finding: Finding, ruleIndex: number, mode: RunResult["mode"], options: SarifOptions): object {
  const { start, end } = finding;
  const region = start.cell === undefined ? { region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column } } : {};
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: resultMessage(finding) },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.path, options), ...region } }],
    properties: resultProperties(finding, mode),
  };
}

/** Files gpu-compat could not handle (errors) or skipped (notes), as the run's notifications. */
function notifications(result: RunResult, options: SarifOptions): object[] {
  const notification = (file: Diagnostic | SkippedFile, level: Level, id: string) => {
    const start = "start" in file ? file.start : undefined;
    const region = start && start.cell === undefined ? { region: { startLine: start.line, startColumn: start.column } } : {};
    return {
      level,
      message: { text: `${cellPrefix({ start })}${file.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, options), ...region } }],
      descriptor: { id },
    };
  };
  return [
    ...sortedDiagnostics(result).map((d) => notification(d, "error", d.kind)),
    ...sortedSkipped(result).map((s) => notification(s, "note", `skipped-${s.reason}`)),
  ];
}

function targetProperties(result: RunResult): object {
  const { target } = result;
  return {
    name: target.name,
    gpu: target.gpu.id,
    count: target.count,
    computeCapability: computeCapability(target),
    ...(target.platform ? { platform: target.platform.id } : {}),
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule described (docs as help),
 * one result per finding with 1-based positions in UTF-16 code units, and the files that could not be handled as
 * notifications. The output depends only on the run result and the options.
 */
export function renderSarif(result: RunResult, options: SarifOptions = {}): string {
  const rules = [...(options.rules ?? allRules)];
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  const descriptors = rules.map(ruleDescriptor);
  const findings = allFindings(result);
  for (const finding of findings) {
    if (indexOf.has(finding.rule)) continue;
    indexOf.set(finding.rule, descriptors.length);
    descriptors.push(bareDescriptor(finding.rule, finding.severity));
  }

  const toolExecutionNotifications = notifications(result, options);
  const srcRoot = options.srcRoot !== undefined ? pathToFileURL(options.srcRoot).href.replace(/\/?$/, "/") : undefined;
  const run = {
    tool: { driver: { name: "gpu-compat", version: options.version ?? "0.1.0", informationUri: INFORMATION_URI, rules: descriptors } },
    // One category per target, so that a workflow checking several targets keeps each one's alerts.
    automationDetails: { id: `gpu-compat/${result.target.name}/` },
    invocations: [{ executionSuccessful: true, ...(toolExecutionNotifications.length > 0 ? { toolExecutionNotifications } : {}) }],
    ...(srcRoot !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: srcRoot } } } : {}),
    columnKind: "utf16CodeUnits",
    results: findings.map((finding) => sarifResult(finding, indexOf.get(finding.rule)!, result.mode, options)),
    properties: { target: targetProperties(result), mode: result.mode },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] }, null, 2)}\n`;
}
