// Turning an analysis into what the page shows: a summary line, the findings (fixed, left as hints), the file's
// own problems, and the diff. Text goes in through textContent only: the source and messages are never HTML.
import type { Diagnostic, Finding, Position } from "@gpu-compat/engine";
import { findingStatus, plural, ruleTitle, targetLine } from "@gpu-compat/report";
import { docsUrl } from "@gpu-compat/rules";
import type { Analysis } from "./analyse.js";

export interface Outputs {
  summary: HTMLElement;
  findings: HTMLOListElement;
  diagnostics: HTMLUListElement;
  diff: HTMLPreElement;
  diffSection: HTMLElement;
}

export function render(analysis: Analysis, out: Outputs): void {
  out.findings.replaceChildren();
  out.diagnostics.replaceChildren();
  out.diff.replaceChildren();
  if (analysis.kind === "problem") {
    out.summary.textContent = analysis.message;
    out.summary.dataset.state = "problem";
    out.diffSection.hidden = true;
    return;
  }
  const { findings, diagnostics, diff, target } = analysis;
  out.summary.textContent = summary(findings, target.name, targetLine(target));
  out.summary.dataset.state = findings.length === 0 && diagnostics.length === 0 ? "clean" : "findings";
  out.findings.append(...findings.map(findingItem));
  out.diagnostics.append(...diagnostics.map(diagnosticItem));
  out.diffSection.hidden = diff === "";
  out.diff.append(...diffLines(diff));
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
