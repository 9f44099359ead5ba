import type { Diagnostic, Finding, FindingMemory, RunResult, Severity } from "@gpu-compat/engine";
import { docsUrl } from "@gpu-compat/rules";
import { diffBlocks, isChanged, type DiffBlock } from "./diff.js";
import { compareFindings, sortedDiagnostics, sortedFiles, sortedFindings, sortedSkipped } from "./order.js";
import { ruleTitle } from "./rule-info.js";
import { formatNumber, targetLine, targetRows } from "./target.js";
import { findingStatus, plural, tallyFindings, type FindingStatus } from "./tally.js";

/*
 * The report for people, as data: what `renderMarkdown` and `renderHtml` both draw, so that the two show the same
 * content in the same order. Text fields are "inline text": plain sentences where a `backtick span` is code, as
 * the rules write their messages; each renderer turns spans into its own code markup and escapes the rest.
 */

export interface ReportOptions {
  /** Rule id -> one-line title, from the rule registry (default: the registry's titles). */
  ruleTitles?: Record<string, string>;
  /** A timestamp to print under the title; the only part of the report that varies between identical runs. */
  generatedAt?: string;
  /** The run's root as the reader names it: relative to the working directory (`.`, `../repo`). Default `.`. */
  root?: string;
  /**
   * The run's root relative to the report file's folder, forward slashes (`..`, `repo`): links to a finding's file
   * are made relative to the report, so that they open from where it lies. Default: the report is in the root.
   */
  linkBase?: string;
}

/** A place in the repository: `train.py:14`, `notebook.ipynb, cell 5, line 10`; `href` relative to the report. */
export interface ReportLocation {
  label: string;
  href: string;
}

export interface ReportRule {
  id: string;
  title: string;
  url: string;
}

export interface Verdict {
  /** Nothing is left for the user: no finding unfixed that needs them, and every file was read. */
  done: boolean;
  steps: number;
  /** "Runs after fix", "3 steps left for you". */
  headline: string;
  /** Inline text after the headline. */
  detail: string;
}

/** One line of "Still to do": a finding the run did not fix, or a file it could not check. */
export interface TodoItem {
  location: ReportLocation;
  rule?: ReportRule;
  /** "error", "warning", "info", or the diagnostic's kind. */
  severity: Severity | Diagnostic["kind"];
  /** What to do, one line of inline text. */
  text: string;
}

export interface MemoryRow {
  location: ReportLocation;
  memory: FindingMemory;
  /** Estimate (or its upper bound) against what the target has. */
  fits: "fits" | "may not fit" | "does not fit";
}

export interface RuleSite {
  location: ReportLocation;
  status: FindingStatus;
  severity: Severity;
  /** What this site adds to the rule's explanation (inline text), empty when nothing. */
  note: string;
  /** Hints: listed in "Still to do". */
  todo: boolean;
}

export interface RuleSection {
  rule: ReportRule;
  /** "5 found: 4 fixed, 1 hint". */
  counts: string;
  /** Why the rule matters on the target, once: the message its sites share (inline text). */
  explanation: string;
  sites: RuleSite[];
}

export interface FileChange {
  path: string;
  diffs: DiffBlock[];
}

export interface ReportModel {
  title: string;
  generatedAt?: string;
  /** `2 x Tesla T4 (Turing, ...) on Kaggle GPU T4 x2`. */
  target: string;
  targetName: string;
  targetRows: Array<[label: string, value: string]>;
  root: string;
  /** Inline text: "`fix` (changed files were written)". */
  mode: string;
  verdict: Verdict;
  todo: TodoItem[];
  memory: MemoryRow[];
  rules: RuleSection[];
  changes: FileChange[];
  summary: Array<[label: string, value: number]>;
  diagnostics: Array<{ location: string; kind: Diagnostic["kind"]; message: string }>;
  skipped: Array<{ path: string; message: string }>;
}

export function buildReport(result: RunResult, options: ReportOptions = {}): ReportModel {
  const link = linker(options.linkBase);
  const findings = sortedFiles(result).flatMap((file) => sortedFindings(file.findings));
  const todo = todoItems(result, findings, link);
  return {
    title: "gpu-compat report",
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
    target: targetLine(result.target),
    targetName: result.target.name,
    targetRows: targetRows(result.target),
    root: options.root ?? ".",
    mode: modeText(result),
    verdict: verdict(result, todo),
    todo,
    memory: memoryRows(findings, link),
    rules: ruleSections(result, findings, link, options.ruleTitles),
    changes: fileChanges(result),
    summary: summaryRows(result),
    diagnostics: sortedDiagnostics(result).map((d) => ({ location: diagnosticLabel(d), kind: d.kind, message: d.message })),
    skipped: sortedSkipped(result).map((s) => ({ path: s.path, message: s.message })),
  };
}

// ------------------------------------------------------------------------------------------------ places

type Linker = (path: string, line?: number) => string;

function linker(base = ""): Linker {
  const prefix = base === "" || base === "." ? "" : `${base.replace(/\/+$/, "")}/`;
  const encode = (path: string) => path.split("/").map(encodeURIComponent).join("/");
  return (path, line) => `${prefix}${encode(path)}${line === undefined ? "" : `#L${line}`}`;
}

function findingLocation(finding: Finding, link: Linker): ReportLocation {
  const { path, start } = finding;
  const key = finding.keyPath ? ` (${finding.keyPath})` : "";
  if (start.cell !== undefined) return { label: `${path}, cell ${start.cell}, line ${start.line}${key}`, href: link(path) };
  return { label: `${path}:${start.line}${key}`, href: link(path, start.line) };
}

function diagnosticLabel(d: Diagnostic): string {
  if (!d.start) return d.path;
  return d.start.cell !== undefined ? `${d.path}, cell ${d.start.cell}, line ${d.start.line}` : `${d.path}:${d.start.line}`;
}

function ruleRef(id: string, titles: Record<string, string> | undefined): ReportRule {
  return { id, title: titles ? (titles[id] ?? "") : ruleTitle(id) === id ? "" : ruleTitle(id), url: docsUrl(id) };
}

// ------------------------------------------------------------------------------------------------ verdict

function modeText(result: RunResult): string {
  if (result.reportOnly) return `\`fix\` run as \`check\`: ${result.reportOnly}; no files are written`;
  if (result.mode === "check") return "`check` (read only: no files are written)";
  return result.dryRun ? "`fix`, dry run (no files were written)" : "`fix` (changed files were written)";
}

/** What is left for the user: hints, fixes not made, files not checked. Fixable findings in check mode are not. */
function isLeft(finding: Finding, mode: RunResult["mode"]): boolean {
  const status = findingStatus(finding, mode);
  return status === "hint" || status === "not applied";
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}

function todoText(finding: Finding, status: FindingStatus): string {
  if (status === "hint") return oneLine(finding.hint ?? finding.message);
  if (finding.unsafeFix !== undefined) return oneLine(`Run \`gpu-compat fix --unsafe-fixes\` to make this fix (${finding.unsafeFix}), or change it by hand: ${finding.message}`);
  return oneLine(`The fix could not be applied; change it by hand: ${finding.message}`);
}

function todoItems(result: RunResult, findings: readonly Finding[], link: Linker): TodoItem[] {
  const items = findings
    .filter((finding) => isLeft(finding, result.mode))
    .map((finding) => ({
      location: findingLocation(finding, link),
      rule: ruleRef(finding.rule, {}),
      severity: finding.severity,
      text: todoText(finding, findingStatus(finding, result.mode)),
    }));
  const unread = sortedDiagnostics(result).map((d) => ({
    location: { label: diagnosticLabel(d), href: link(d.path, d.start && d.start.cell === undefined ? d.start.line : undefined) },
    severity: d.kind,
    text: oneLine(`gpu-compat could not check this file (${d.kind}): ${d.message}`),
  }));
  // Files not checked first, then by severity: what stops the run comes before what only slows it.
  const rank: Record<string, number> = { error: 1, warning: 2, info: 3 };
  return [...unread, ...items.map((item, i) => ({ item, i })).sort((a, b) => rank[a.item.severity]! - rank[b.item.severity]! || a.i - b.i).map(({ item }) => item)];
}

function verdict(result: RunResult, todo: readonly TodoItem[]): Verdict {
  const tally = tallyFindings(result);
  const steps = todo.length;
  const fixed = tally.fixed + tally.fixable;
  const check = result.mode === "check";
  if (steps === 0) {
    if (tally.found === 0) {
      return { done: true, steps, headline: "Runs as it is", detail: `nothing in this repository needs changing to run on ${result.target.name}.` };
    }
    const all = tally.found === 1 ? "the 1 finding" : `all ${tally.found} findings`;
    if (check) return { done: true, steps, headline: "Runs after `gpu-compat fix`", detail: `it fixes ${all}; nothing is left for you.` };
    const dry = result.dryRun ? " (dry run: nothing was written yet)" : "";
    return { done: true, steps, headline: "Runs after fix", detail: `${all} ${result.dryRun ? "would be" : tally.found === 1 ? "was" : "were"} fixed${dry}; nothing is left for you.` };
  }
  const severities: Record<string, number> = {};
  for (const item of todo) severities[item.severity] = (severities[item.severity] ?? 0) + 1;
  const order = ["error", "warning", "info"] as const;
  const parts = order.filter((s) => severities[s]).map((s) => plural(severities[s]!, s, s === "info" ? "info" : `${s}s`));
  const files = steps - order.reduce((sum, s) => sum + (severities[s] ?? 0), 0);
  if (files > 0) parts.push(plural(files, "file problem"));
  const done = tally.found === 0 ? "" : check ? `\`gpu-compat fix\` fixes ${fixed} of ${plural(tally.found, "finding")}; ` : `${fixed} of ${plural(tally.found, "finding")} ${result.dryRun ? "would be" : fixed === 1 ? "was" : "were"} fixed; `;
  return {
    done: false,
    steps,
    headline: `${plural(steps, "step")} left for you`,
    detail: `${done}what is left (${parts.join(", ")}) is under "Still to do".`,
  };
}

// ------------------------------------------------------------------------------------------------ memory

function memoryRows(findings: readonly Finding[], link: Linker): MemoryRow[] {
  const seen = new Set<string>();
  const rows: MemoryRow[] = [];
  for (const finding of findings) {
    const memory = finding.memory;
    if (!memory) continue;
    const key = `${finding.path}\0${finding.start.cell ?? ""}\0${finding.start.line}\0${memory.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const high = memory.highGiB ?? memory.estimateGiB;
    const fits = memory.estimateGiB > memory.availableGiB ? "does not fit" : high > memory.availableGiB ? "may not fit" : "fits";
    rows.push({ location: findingLocation(finding, link), memory, fits });
  }
  return rows;
}

/** `~8.9 GiB (8-10 GiB)`: the estimate, and its range when it is one (a point estimate has low = high). */
export function memoryEstimateText(memory: FindingMemory): string {
  const [low, high] = [formatNumber(memory.lowGiB), formatNumber(memory.highGiB)];
  return `~${formatNumber(memory.estimateGiB)} GiB${low === high ? "" : ` (${low}–${high} GiB)`}`;
}

// ------------------------------------------------------------------------------------------------ rules

const STATUS_ORDER: readonly FindingStatus[] = ["fixed", "fixable", "not applied", "hint"];

function countsText(findings: readonly Finding[], mode: RunResult["mode"]): string {
  const by = new Map<FindingStatus, number>();
  for (const finding of findings) by.set(findingStatus(finding, mode), (by.get(findingStatus(finding, mode)) ?? 0) + 1);
  const parts = STATUS_ORDER.filter((s) => by.has(s)).map((s) => (s === "hint" ? plural(by.get(s)!, "hint") : `${by.get(s)} ${s}`));
  return `${findings.length} found: ${parts.join(", ")}`;
}

/** The message the rule's sites share: the most frequent, then the shortest (the least site-specific), then the first. */
function explanationOf(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.message, (counts.get(finding.message) ?? 0) + 1);
  let best = findings[0]!.message;
  for (const [message, count] of counts) {
    const bestCount = counts.get(best)!;
    if (count > bestCount || (count === bestCount && message.length < best.length)) best = message;
  }
  return best;
}

/** Words, a `code span` with its spaces counting as one, so that leaving words out never breaks a span. */
const words = (text: string) => text.match(/(?:`[^`]*`|[^\s`])+|`/g) ?? [];
const bare = (word: string) => word.replace(/[.,;:]+$/, "");

/**
 * What a site's message says beyond the rule's explanation: the message with the longest run of words it shares with
 * the explanation (at least 8, trailing punctuation aside) left out as "…"; empty when nothing else remains.
 */
export function siteNote(message: string, explanation: string): string {
  if (message === explanation) return "";
  const a = words(message);
  const b = words(explanation);
  let best = { length: 0, end: 0 };
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (bare(a[i - 1]!) !== bare(b[j - 1]!)) continue;
      current[j] = previous[j - 1]! + 1;
      if (current[j]! > best.length) best = { length: current[j]!, end: i };
    }
    previous = current;
  }
  if (best.length < 8) return message;
  const before = a.slice(0, best.end - best.length).join(" ");
  const after = a.slice(best.end).join(" ");
  if (!/[\p{L}\p{N}]/u.test(before + after)) return "";
  return [before, "…", after].filter((part) => part !== "").join(" ");
}

function ruleSections(result: RunResult, findings: readonly Finding[], link: Linker, titles: Record<string, string> | undefined): RuleSection[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  return [...byRule.keys()].sort().map((id) => {
    const sites = byRule.get(id)!.sort(compareFindings);
    const explanation = explanationOf(sites);
    return {
      rule: ruleRef(id, titles),
      counts: countsText(sites, result.mode),
      explanation,
      sites: sites.map((finding) => ({
        location: findingLocation(finding, link),
        status: findingStatus(finding, result.mode),
        severity: finding.severity,
        note: siteNote(finding.message, explanation),
        todo: isLeft(finding, result.mode),
      })),
    };
  });
}

// ------------------------------------------------------------------------------------------------ changes

function fileChanges(result: RunResult): FileChange[] {
  return sortedFiles(result)
    .filter(isChanged)
    .map((file) => ({ path: file.path, diffs: diffBlocks(file) }));
}

// ------------------------------------------------------------------------------------------------ summary

function summaryRows(result: RunResult): Array<[string, number]> {
  const tally = tallyFindings(result);
  const { summary, mode } = result;
  const rows: Array<[string, number]> = [
    ["Files scanned", summary.filesDiscovered],
    ["Files parsed", summary.filesParsed],
    [mode === "fix" ? "Files changed" : "Files that would change", summary.filesChanged],
    ["Findings", tally.found],
    [mode === "fix" ? "Fixed" : "Fixable", tally.fixed + tally.fixable],
  ];
  if (tally.notApplied > 0) rows.push(["Not applied", tally.notApplied]);
  rows.push(["Hints", tally.hints], ["Diagnostics", result.diagnostics.length]);
  return rows;
}
