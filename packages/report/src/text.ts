import { findingStatus, needsUnsafeFixes, type Finding, type RunResult, type Severity } from "@gpu-compat/engine";
import { allFindings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { ruleTitle } from "./rule-info.js";
import { positionText, repoPath } from "./repo-path.js";
import { summaryLine } from "./summary.js";

export interface TextOptions {
  /** Color with ANSI escape codes (the CLI decides, e.g. from the TTY and NO_COLOR). */
  color?: boolean;
  /** Each finding's whole message and hint (`--output-format full`); by default one short line per finding. */
  full?: boolean;
  /** Prefixed to every path, so that they open from the working directory (see `repoPath`). */
  pathPrefix?: string;
  /** Only the findings and diagnostics: no notes, no summary (`--quiet`). */
  quiet?: boolean;
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

/**
 * What became of the finding's fix, in words: a dry run fixes nothing, an unsafe fix waits for `--unsafe-fixes`.
 * The full format says only what was done or held back; the concise one also "fixable" and "not applied".
 */
function statusNote(finding: Finding, result: RunResult, p: Palette, full: boolean): string {
  if (needsUnsafeFixes(finding)) return ` ${p.hint(`(fixable with \`--unsafe-fixes\`: ${finding.unsafeFix})`)}`;
  const status = findingStatus(finding, result.mode);
  if (status === "fixed") return ` ${p.fixed(result.dryRun ? "(would be fixed)" : "(fixed)")}`;
  return status === "hint" || full ? "" : ` (${status})`;
}

function findingLines(finding: Finding, result: RunResult, p: Palette, options: TextOptions): string[] {
  const where = `${p.path(repoPath(finding.path, options.pathPrefix))}${p.position(`:${positionText(finding.start)}:`)}`;
  const kind = `${p.severity[finding.severity](finding.severity)}[${p.rule(finding.rule)}]`;
  const full = options.full === true;
  if (!full) return [`${where} ${kind} ${ruleTitle(finding.rule)}${statusNote(finding, result, p, full)}`];
  const lines = [`${where} ${kind} ${finding.message}${statusNote(finding, result, p, full)}`];
  if (finding.hint) lines.push(`  ${p.hint("hint:")} ${finding.hint.replace(/\r?\n/g, "\n        ")}`);
  return lines;
}

/**
 * Console output in the style of ruff: one line per finding, diagnostics, then the summary line. By default a
 * finding's line names its rule by title (the same for every site); `full` gives the site's own explanation.
 */
export function renderText(result: RunResult, options: TextOptions = {}): string {
  const p = palette(options.color === true);
  const at = (path: string) => p.path(repoPath(path, options.pathPrefix));
  const lines = allFindings(result).flatMap((finding) => findingLines(finding, result, p, options));
  for (const d of sortedDiagnostics(result)) {
    lines.push(`${at(d.path)}${d.start ? p.position(`:${positionText(d.start)}:`) : ":"} ${p.error("error")}: ${d.message}`);
  }
  if (options.quiet) return lines.length > 0 ? `${lines.join("\n")}\n` : "";
  for (const s of sortedSkipped(result)) lines.push(`${at(s.path)}: ${p.hint("note:")} ${s.message}`);
  if (lines.length > 0) lines.push("");
  lines.push(p.summary(summaryLine(result)));
  if (!options.full && result.summary.findings > 0) lines.push("Each finding's explanation: --output-format full; a rule's documentation: gpu-compat explain <rule>.");
  return `${lines.join("\n")}\n`;
}
