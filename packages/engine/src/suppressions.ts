import type { LineIndex } from "@gpu-compat/python";
import { findRule, type Rule, type RuleFinding } from "@gpu-compat/rules";

/**
 * Suppression comments, after `#` (Python, notebooks' code cells, YAML, shell; Markdown's shell blocks, where an
 * HTML comment `<!-- gpu-compat: ... -->` outside them reads as one too, see markdownScript) or `//` (CUDA sources,
 * and the CUDA strings Python passes to `load_inline`):
 * - `# gpu-compat: ignore` or `# gpu-compat: ignore[rule-a, rule-b]` on the line of a finding;
 * - `# gpu-compat: ignore-file` or `# gpu-compat: ignore-file[rule-a]` among the comment lines that open the file
 *   (before its first line of code), for the whole file.
 */
const SUPPRESSION = /(?:#|\/\/)[ \t]*gpu-compat:[ \t]*ignore(-file)?(?:\[([^\]\r\n]*)\])?/g;

export const UNUSED_SUPPRESSION = "unused-suppression";

interface Suppression {
  scope: "line" | "file";
  /** 1-based line of the comment. */
  line: number;
  /** The rules it names; null for all of them. */
  ids: string[] | null;
  /** The comment's range in the text. */
  start: number;
  end: number;
  /** A file-level form below the file's first line of code, which counts for nothing. */
  misplaced: boolean;
  /** The rule ids it suppressed a finding of. */
  used: Set<string>;
}

function readSuppressions(text: string, lines: LineIndex): Suppression[] {
  const found: Suppression[] = [];
  const codeStarts = firstCodeLine(text);
  for (const match of text.matchAll(SUPPRESSION)) {
    const line = lines.position(match.index).line;
    const scope = match[1] ? "file" : "line";
    const ids = match[2] === undefined ? null : match[2].split(",").map((id) => id.trim()).filter(Boolean);
    found.push({ scope, line, ids, start: match.index, end: match.index + match[0].length, misplaced: scope === "file" && line >= codeStarts, used: new Set() });
  }
  return found;
}

/** The 1-based number of the first line that is neither blank nor a comment (a shebang is a comment). */
function firstCodeLine(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  const index = lines.findIndex((line) => !/^\s*((#|\/\/).*)?$/.test(line));
  return index === -1 ? lines.length + 1 : index + 1;
}

function covers(suppression: Suppression, ruleId: string): boolean {
  return suppression.ids === null || suppression.ids.includes(ruleId);
}

/**
 * Drops the findings a suppression covers and, when `unused-suppression` is among the rules that ran, reports
 * each suppression that covered nothing: one naming a rule that does not exist, or whose rules all ran on this
 * file and found nothing on its line. A suppression naming only rules that did not run (other targets, other
 * kinds of file, `--ignore`d) is left alone: it may matter elsewhere.
 */
export function applySuppressions<F extends RuleFinding & { rule: Rule }>(text: string, lineIndex: () => LineIndex, findings: F[], rulesRun: readonly Rule[]): F[] {
  if (!text.includes("gpu-compat")) return findings;
  const lines = lineIndex();
  const suppressions = readSuppressions(text, lines);
  if (suppressions.length === 0) return findings;
  const kept = findings.filter((finding) => {
    const line = lines.position(finding.start).line;
    const by = suppressions.find((s) => !s.misplaced && (s.scope === "file" || s.line === line) && covers(s, finding.rule.id));
    by?.used.add(finding.rule.id);
    return !by;
  });
  const reporter = rulesRun.find((rule) => rule.id === UNUSED_SUPPRESSION);
  if (!reporter) return kept;
  const ran = new Set(rulesRun.map((rule) => rule.id));
  const unused = suppressions.flatMap((s) => {
    const message = unusedMessage(s, text.slice(s.start, s.end), ran);
    const hint = s.misplaced ? "Move it above the first line of code." : "Remove the comment, or correct the rule ids in it.";
    return message ? [{ start: s.start, end: s.end, message, hint, rule: reporter } as F] : [];
  });
  return [...kept, ...unused];
}

function unusedMessage(s: Suppression, comment: string, ran: ReadonlySet<string>): string | undefined {
  const written = `\`${comment}\``;
  if (s.misplaced) return `${written} is below the file's first line of code, where a file-level suppression counts for nothing.`;
  if (s.ids === null) {
    return s.used.size === 0 ? `${written} suppresses nothing: no rule found anything ${s.scope === "file" ? "in this file" : "on this line"} for this target.` : undefined;
  }
  const unknown = s.ids.filter((id) => !findRule(id));
  if (unknown.length > 0) return `${written} names ${unknown.map((id) => `\`${id}\``).join(", ")}, which ${unknown.length === 1 ? "is not a gpu-compat rule" : "are not gpu-compat rules"} (\`gpu-compat rules\` lists them).`;
  const idle = s.ids.filter((id) => ran.has(id) && !s.used.has(id));
  // Only when every rule it names ran here: a rule that did not run may find something on another target.
  if (idle.length === 0 || idle.length < s.ids.length) return undefined;
  return `${written} suppresses nothing: ${idle.map((id) => `\`${id}\``).join(", ")} found nothing ${s.scope === "file" ? "in this file" : "on this line"} for this target.`;
}
