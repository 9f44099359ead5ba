import { needsUnsafeFixes, type Finding, type RunResult, type Severity } from "@gpu-compat/engine";
import { allFindings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { positionText } from "./repo-path.js";
import { summaryLine } from "./summary.js";

export interface TextOptions {
  /** Color with ANSI escape codes (the CLI decides, e.g. from the TTY and NO_COLOR). */
  color?: boolean;
}

type Style = (text: string) => string;

function ansi(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const plain: Style = (text) => text;

interface Palette {
  path: Style;
  position: Style;
  severity: Record<Severity, Style>;
  rule: Style;
  hint: Style;
  fixed: Style;
  error: Style;
  summary: Style;
}

function palette(color: boolean): Palette {
  if (!color) {
    return {
      path: plain,
      position: plain,
      severity: { error: plain, warning: plain, info: plain },
      rule: plain,
      hint: plain,
      fixed: plain,
      error: plain,
      summary: plain,
    };
  }
  return {
    path: ansi(1, 22), // bold
    position: ansi(2, 22), // dim
    severity: { error: ansi(31, 39), warning: ansi(33, 39), info: ansi(34, 39) },
    rule: ansi(36, 39), // cyan
    hint: ansi(36, 39),
    fixed: ansi(32, 39), // green
    error: ansi(31, 39),
    summary: ansi(1, 22),
  };
}

/** What became of the finding's fix, when there is something to say: a dry run fixes nothing. */
function fixNote(finding: Finding, result: RunResult, p: Palette): string {
  if (result.mode === "fix" && finding.applied === true) return ` ${p.fixed(result.dryRun ? "(would be fixed)" : "(fixed)")}`;
  if (needsUnsafeFixes(finding)) return ` ${p.hint(`(fixable with \`--unsafe-fixes\`: ${finding.unsafeFix})`)}`;
  return "";
}

function findingLines(finding: Finding, result: RunResult, p: Palette): string[] {
  const where = `${p.path(finding.path)}${p.position(`:${positionText(finding.start)}:`)}`;
  const kind = `${p.severity[finding.severity](finding.severity)}[${p.rule(finding.rule)}]`;
  const lines = [`${where} ${kind} ${finding.message}${fixNote(finding, result, p)}`];
  if (finding.hint) lines.push(`  ${p.hint("hint:")} ${finding.hint.replace(/\r?\n/g, "\n        ")}`);
  return lines;
}

/** Console output in the style of ruff: one line per finding, diagnostics, then the summary line. */
export function renderText(result: RunResult, options: TextOptions = {}): string {
  const p = palette(options.color === true);
  const lines = allFindings(result).flatMap((finding) => findingLines(finding, result, p));
  for (const d of sortedDiagnostics(result)) {
    lines.push(`${p.path(d.path)}${d.start ? p.position(`:${positionText(d.start)}:`) : ":"} ${p.error("error")}: ${d.message}`);
  }
  for (const s of sortedSkipped(result)) lines.push(`${p.path(s.path)}: ${p.hint("note:")} ${s.message}`);
  if (lines.length > 0) lines.push("");
  lines.push(p.summary(summaryLine(result)));
  return `${lines.join("\n")}\n`;
}
