// Turning an analysis into what the page shows: a summary line, the findings (fixed, left as hints), the file's
// own problems, and the diff. Text goes in through textContent only: the source and messages are never HTML.
import type { Diagnostic, Finding, Position } from "@gpu-compat/engine";
import { findingStatus, plural, ruleTitle, targetLine, type DiffBlock } from "@gpu-compat/report";
import { docsUrl } from "@gpu-compat/rules";
import type { Analysis } from "./analyse.js";

export interface Outputs {
  summary: HTMLElement;
  findings: HTMLOListElement;
  diagnostics: HTMLUListElement;
  /** Where the diffs go: a `pre.diff` each, a notebook cell's under its "cell N" heading. */
  diffs: HTMLElement;
  diffSection: HTMLElement;
}

export function render(analysis: Analysis, out: Outputs): void {
  out.findings.replaceChildren();
  out.diagnostics.replaceChildren();
  out.diffs.replaceChildren();
  if (analysis.kind === "problem") {
    out.summary.textContent = analysis.message;
    out.summary.dataset.state = "problem";
    out.diffSection.hidden = true;
    return;
  }
  const { findings, diagnostics, diffs, target } = analysis;
  out.summary.textContent = summary(findings, target.name, targetLine(target));
  out.summary.dataset.state = findings.length === 0 && diagnostics.length === 0 ? "clean" : "findings";
  out.findings.append(...findings.map(findingItem));
  out.diagnostics.append(...diagnostics.map(diagnosticItem));
  out.diffSection.hidden = diffs.length === 0;
  out.diffs.append(...diffs.flatMap(diffBlock));
}

function summary(findings: readonly Finding[], name: string, line: string): string {
  if (findings.length === 0) return `Nothing to change for ${name}: ${line}.`;
  const fixed = findings.filter((f) => f.applied).length;
  const left = findings.length - fixed;
  const parts = [fixed > 0 ? `${fixed} fixed` : "", left > 0 ? `${plural(left, "step")} left for you` : ""].filter(Boolean);
  return `${plural(findings.length, "finding")} for ${name} (${line}): ${parts.join(", ")}.`;
}

function findingItem(finding: Finding): HTMLLIElement {
  const status = findingStatus(finding, "fix");
  const item = element("li", `finding severity-${finding.severity}`);
  item.dataset.status = status;
  const head = element("p", "finding-head");
  const rule = element("a", "rule", finding.rule);
  rule.href = docsUrl(finding.rule);
  rule.target = "_blank";
  rule.rel = "noopener";
  rule.title = ruleTitle(finding.rule);
  head.append(element("span", `status status-${status.replace(" ", "-")}`, status), " ", rule, " ", element("span", "where", where(finding.start)), " ", element("span", "severity", finding.severity));
  item.append(head, element("p", "message", finding.message));
  if (finding.hint) item.append(element("p", "hint", `To do: ${finding.hint}`));
  if (finding.sourceLine) item.append(element("code", "source-line", finding.sourceLine.trim()));
  return item;
}

function diagnosticItem(diagnostic: Diagnostic): HTMLLIElement {
  const at = diagnostic.start ? ` (${where(diagnostic.start)})` : "";
  return element("li", `diagnostic diagnostic-${diagnostic.kind}`, `${diagnostic.kind}${at}: ${diagnostic.message}`);
}

function where(position: Position): string {
  const line = `line ${position.line}, column ${position.column}`;
  return position.cell === undefined ? line : `cell ${position.cell}, ${line}`;
}

/** One diff as a `pre`, after its title ("cell 5") when it has one. */
function diffBlock(block: DiffBlock): HTMLElement[] {
  const pre = element("pre", "diff");
  pre.tabIndex = 0;
  pre.setAttribute("aria-label", block.title ? `Diff of ${block.title}` : "Unified diff of the fixes");
  pre.append(...diffLines(block.diff));
  return block.title ? [element("h3", "diff-title", block.title), pre] : [pre];
}

/** The diff's lines, each in a span classed by what it is (added, removed, hunk header, file header). */
function diffLines(diff: string): HTMLSpanElement[] {
  return diff.split(/(?<=\n)/).filter(Boolean).map((line) => {
    const kind = line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "context";
    return element("span", `line-${kind}`, line);
  });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
