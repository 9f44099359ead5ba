import type { FileResult, Finding, RunResult } from "@gpu-compat/engine";
import { docsUrl } from "@gpu-compat/rules";
import { isChanged, unifiedDiff } from "./diff.js";
import { code, fence, indentContinuation, table } from "./markdown-util.js";
import { sortedDiagnostics, sortedFiles, sortedFindings, sortedSkipped } from "./order.js";
import { positionText } from "./repo-path.js";
import { targetLine, targetRows } from "./target.js";
import { findingStatus, plural, tallyFindings, type RunTally } from "./tally.js";

export interface MarkdownOptions {
  /** Rule id -> one-line title, from the rule registry. */
  ruleTitles?: Record<string, string>;
  /** A timestamp to print under the title; the only part of the report that varies between identical runs. */
  generatedAt?: string;
}

function ruleLink(rule: string): string {
  return `[${code(rule)}](${docsUrl(rule)})`;
}

function modeLine(result: RunResult): string {
  if (result.mode === "check") return `Mode: ${code("check")} (read only: no files are written)`;
  return result.dryRun
    ? `Mode: ${code("fix")}, dry run (no files were written)`
    : `Mode: ${code("fix")} (changed files were written)`;
}

function headerSection(result: RunResult, options: MarkdownOptions): string[] {
  const lines = ["# gpu-compat report", ""];
  if (options.generatedAt) lines.push(`_Generated ${options.generatedAt}_`, "");
  lines.push(`Target: **${targetLine(result.target)}**`, "");
  lines.push(`- Root: ${code(result.root)}`, `- ${modeLine(result)}`, "");
  return lines;
}

function targetSection(result: RunResult): string[] {
  return ["## Target profile", "", ...table(["Property", "Value"], targetRows(result.target)), ""];
}

function summarySection(result: RunResult, tally: RunTally): string[] {
  const { summary, mode } = result;
  const changed = mode === "fix" ? "Files changed" : "Files that would change";
  const rows: Array<[string, number]> = [
    ["Files scanned", summary.filesDiscovered],
    ["Files parsed", summary.filesParsed],
    [changed, summary.filesChanged],
    ["Findings", tally.found],
    [mode === "fix" ? "Fixed" : "Fixable", tally.fixed + tally.fixable],
  ];
  if (tally.notApplied > 0) rows.push(["Not applied", tally.notApplied]);
  rows.push(["Hints", tally.hints], ["Diagnostics", result.diagnostics.length]);
  return ["## Summary", "", ...rows.map(([label, value]) => `- ${label}: ${value}`), ""];
}

function rulesSection(result: RunResult, tally: RunTally, titles: Record<string, string>): string[] {
  const fixedLabel = result.mode === "fix" ? "Fixed" : "Fixable";
  const showNotApplied = tally.notApplied > 0;
  const rows = tally.byRule.map((r) => [
    ruleLink(r.rule),
    titles[r.rule] ?? "",
    String(r.found),
    String(r.fixed + r.fixable), // One of the two is zero: fix mode fixes, check mode only finds fixable.
    ...(showNotApplied ? [String(r.notApplied)] : []),
    String(r.hints),
  ]);
  const header = ["Rule", "Title", "Found", fixedLabel, ...(showNotApplied ? ["Not applied"] : []), "Hints"];
  const align = ["left", "left", ...header.slice(2).map(() => "right" as const)] as const;
  return ["## Rules", "", ...table(header, rows, [...align]), ""];
}

/** "~9.3 GiB estimated (7.9-11.2) for X vs 15 GiB available". */
function memoryLine(memory: NonNullable<Finding["memory"]>): string {
  return `~${memory.estimateGiB} GiB estimated (${memory.lowGiB}-${memory.highGiB}) for ${memory.label}, ${memory.availableGiB} GiB available`;
}

function findingItem(finding: Finding, result: RunResult): string[] {
  const cell = finding.start.cell !== undefined ? `cell ${finding.start.cell}:` : "";
  const position = code(`${cell}L${finding.start.line}:${finding.start.column}`) + (finding.keyPath ? ` ${code(finding.keyPath)}` : "");
  const status = findingStatus(finding, result.mode);
  const message = indentContinuation(finding.message, "  ");
  const lines = [`- ${position} · ${ruleLink(finding.rule)} · ${finding.severity} · ${status} · ${message}`];
  if (finding.hint) lines.push(`  - Hint: ${indentContinuation(finding.hint, "    ")}`);
  if (finding.memory) lines.push(`  - Memory: ${memoryLine(finding.memory)}`);
  return lines;
}

function fileSection(file: FileResult, result: RunResult): string[] {
  const findings = sortedFindings(file.findings);
  const lines = [`### ${code(file.path)}`, ""];
  if (isChanged(file)) lines.push(...fence("diff", unifiedDiff(file)), "");
  if (findings.length > 0) {
    lines.push(...findings.flatMap((finding) => findingItem(finding, result)), "");
  }
  return lines;
}

function filesSection(result: RunResult): string[] {
  const files = sortedFiles(result).filter((file) => file.findings.length > 0 || isChanged(file));
  return ["## Files", "", ...files.flatMap((file) => fileSection(file, result))];
}

function diagnosticsSection(result: RunResult): string[] {
  const diagnostics = sortedDiagnostics(result);
  if (diagnostics.length === 0) return [];
  const items = diagnostics.map(
    (d) => `- ${code(d.start ? `${d.path}:${positionText(d.start)}` : d.path)} (${d.kind}): ${indentContinuation(d.message, "  ")}`,
  );
  return [
    "## Diagnostics",
    "",
    `${plural(diagnostics.length, "problem")} with the files themselves (not readable, not parseable, or a fix that could not be kept):`,
    "",
    ...items,
    "",
  ];
}

function skippedSection(result: RunResult): string[] {
  const skipped = sortedSkipped(result);
  if (skipped.length === 0) return [];
  return ["## Skipped files", "", ...skipped.map((s) => `- ${code(s.path)}: ${s.message}`), ""];
}

/** The markdown diff report that `gpu-compat fix` writes: what was changed for the target, and why. */
export function renderMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  const tally = tallyFindings(result);
  const lines = [...headerSection(result, options), ...targetSection(result), ...summarySection(result, tally)];
  if (tally.found === 0) {
    lines.push(`No findings: nothing in this repository needs changing to run on ${result.target.name}.`, "");
  } else {
    lines.push(...rulesSection(result, tally, options.ruleTitles ?? {}), ...filesSection(result));
  }
  lines.push(...diagnosticsSection(result), ...skippedSection(result));
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
