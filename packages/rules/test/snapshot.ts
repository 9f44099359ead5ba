import type { Finding, Position } from "@gpu-compat/engine";
import { unifiedDiff } from "@gpu-compat/report";

/** What one target did to a fixture input: its findings (fix mode) and the fixed text. */
export interface TargetOutcome {
  target: string;
  findings: readonly Finding[];
  output: string;
}

/**
 * The snapshot of one fixture case, a section of its rule's `<rule>.snap`: line-oriented text, so that a changed
 * message or fix is one changed line in `git diff`. The format (packages/rules/README.md has it in full):
 *
 *     # basic.input.py
 *
 *     ## findings on t4, t4x2
 *     bf16-dtype 4:79-4:93 warning fix
 *       message: This requests bfloat16, but Tesla T4 ...
 *       hint: ...
 *
 *     ## findings on p100
 *     ...
 *
 *     ## fix on t4, t4x2, p100
 *     --- a/case.py
 *     +++ b/case.py
 *     @@ -1,3 +1,3 @@
 *     ...
 *
 *     ## nothing on a100
 *
 * Targets with the same findings, or the same fix, share one section; the sections follow the order in which the
 * targets are checked. `nothing on` lists the targets with no finding and no change. Only a heading starts
 * with `#` at the start of a line: finding details are indented and diff lines start with ` `, `+`, `-`, `@` or `\`.
 */
export function renderCaseSnapshot(title: string, virtualPath: string, input: string, outcomes: readonly TargetOutcome[]): string {
  const quiet = outcomes.filter((o) => o.findings.length === 0 && o.output === input).map((o) => o.target);
  const loud = outcomes.filter((o) => !quiet.includes(o.target));
  const sections: string[] = [];
  for (const [body, targets] of groupBy(loud, (o) => o.findings.map(renderFinding).join("") || "none\n")) {
    sections.push(`## findings on ${targets.join(", ")}\n${body}`);
  }
  for (const [body, targets] of groupBy(loud, (o) => unifiedDiff({ path: virtualPath, findings: [], original: input, fixed: o.output }) || "no change\n")) {
    sections.push(`## fix on ${targets.join(", ")}\n${body}`);
  }
  if (quiet.length > 0) sections.push(`## nothing on ${quiet.join(", ")}\n`);
  return `# ${title}\n\n${sections.join("\n")}`;
}

/** A rule's snapshot file: its cases' sections, in file-name order, a blank line apart. */
export function joinSnapshots(sections: ReadonlyMap<string, string>): string {
  return [...sections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, text]) => text).join("\n");
}

/** The sections of a rule's snapshot file by case title (the input's file name). */
export function splitSnapshots(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of text.split(/^(?=# )/m)) {
    if (!part.startsWith("# ")) continue;
    const title = part.slice(2, part.indexOf("\n"));
    // The blank line before the next case belongs to the file, not to this case.
    sections.set(title, part.endsWith("\n\n") ? part.slice(0, -1) : part);
  }
  return sections;
}

function groupBy(outcomes: readonly TargetOutcome[], render: (o: TargetOutcome) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const outcome of outcomes) {
    const body = render(outcome);
    groups.set(body, [...(groups.get(body) ?? []), outcome.target]);
  }
  return groups;
}

function renderFinding(finding: Finding): string {
  const kind = finding.fixable ? (finding.applied === false ? "fix (not applied)" : "fix") : "hint";
  const at = finding.keyPath === undefined ? "" : ` at ${finding.keyPath}`;
  const head = `${finding.rule} ${range(finding.start, finding.end)} ${finding.severity} ${kind}${at}\n`;
  const message = `  message: ${indent(finding.message)}\n`;
  const hint = finding.hint === undefined ? "" : `  hint: ${indent(finding.hint)}\n`;
  return head + message + hint;
}

function position(p: Position): string {
  return `${p.cell === undefined ? "" : `cell ${p.cell} `}${p.line}:${p.column}`;
}

function range(start: Position, end: Position): string {
  if (start.cell !== undefined && start.cell === end.cell) return `cell ${start.cell} ${start.line}:${start.column}-${end.line}:${end.column}`;
  return `${position(start)}-${position(end)}`;
}

/** Multi-line text stays line-oriented: continuation lines are indented under their field. */
function indent(text: string): string {
  return text.replace(/\r?\n/g, "\n    ");
}
