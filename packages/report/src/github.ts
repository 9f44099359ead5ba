import type { Finding, RunResult, Severity } from "@gpu-compat/engine";
import { allFindings, sortedDiagnostics, sortedSkipped } from "./order.js";
import { cellPrefix, repoPath } from "./repo-path.js";
import { summaryLine } from "./summary.js";

export interface GithubOptions {
  /** The run's root relative to the repository root (`"src"` for `gpu-compat check src`); paths are prefixed with it. */
  pathPrefix?: string;
}

type Command = "error" | "warning" | "notice";

const COMMAND: Record<Severity, Command> = { error: "error", warning: "warning", info: "notice" };

// The escaping of the Actions toolkit (actions/toolkit, packages/core/src/command.ts): `%`, CR and LF in the
// message; in property values also `:` and `,`, which end a property.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(name: Command, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${name} ${props}::${escapeData(message)}`;
}

/** Positions for an annotation: columns only on a one-line range, the only kind GitHub annotations support. */
function position(finding: Finding): Array<[string, number | undefined]> {
  const { start, end } = finding;
  if (start.cell !== undefined) return []; // lines within a notebook cell are not lines of the file
  const oneLine = start.line === end.line;
  return [
    ["line", start.line],
    ["endLine", end.line],
    ["col", oneLine ? start.column : undefined],
    ["endColumn", oneLine ? end.column : undefined],
  ];
}

function annotation(finding: Finding, options: GithubOptions): string {
  const hint = finding.hint ? `\nHint: ${finding.hint}` : "";
  return command(
    COMMAND[finding.severity],
    [["file", repoPath(finding.path, options.pathPrefix)], ...position(finding), ["title", `gpu-compat ${finding.rule}`]],
    `${cellPrefix(finding)}${finding.message}${hint}`,
  );
}

/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding (severity error,
 * warning, info), `::error` for files that could not be handled and `::notice` for skipped ones, then the summary
 * line as plain log output.
 */
export function renderGithub(result: RunResult, options: GithubOptions = {}): string {
  const lines = allFindings(result).map((finding) => annotation(finding, options));
  for (const d of sortedDiagnostics(result)) {
    const at: Array<[string, number | undefined]> = d.start && d.start.cell === undefined ? [["line", d.start.line], ["col", d.start.column]] : [];
    lines.push(command("error", [["file", repoPath(d.path, options.pathPrefix)], ...at, ["title", "gpu-compat"]], d.message));
  }
  for (const s of sortedSkipped(result)) {
    lines.push(command("notice", [["file", repoPath(s.path, options.pathPrefix)], ["title", "gpu-compat"]], s.message));
  }
  lines.push(summaryLine(result));
  return `${lines.join("\n")}\n`;
}
