import { createHash } from "node:crypto";
import type { Finding, RunResult, Severity } from "@gpu-compat/engine";
import { allFindings, sortedDiagnostics } from "./order.js";
import { cellPrefix, repoPath } from "./repo-path.js";

export interface GitlabOptions {
  /** The run's root relative to the repository root (`"src"` for `gpu-compat check src`); paths are prefixed with it. */
  pathPrefix?: string;
}

/** GitLab's scale is info, minor, major, critical, blocker. */
const GITLAB_SEVERITY: Record<Severity, string> = { error: "major", warning: "minor", info: "info" };

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

/**
 * A stable id for the merge request widget, which matches issues across pipelines by it: the rule, the file and
 * the source line's text, not its number, so that an edit above it does not make it a new issue; a repeat of the
 * same line counts up.
 */
function fingerprinter(): (parts: string[]) => string {
  const seen = new Map<string, number>();
  return (parts) => {
    const key = parts.join("\0");
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    return createHash("sha256").update(`${key}\0${repeat}`).digest("hex").slice(0, 32);
  };
}

function lines(finding: Finding): Issue["location"]["lines"] {
  // Lines within a notebook cell are not lines of the file: the cell and line go into the description.
  if (finding.start.cell !== undefined) return { begin: 1 };
  return finding.end.line > finding.start.line ? { begin: finding.start.line, end: finding.end.line } : { begin: finding.start.line };
}

/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues with description, check_name,
 * fingerprint, severity and location (path relative to the repository root, lines), as GitLab documents it.
 * Files that could not be handled are `major` issues named `gpu-compat/<kind>`.
 */
export function renderGitlab(result: RunResult, options: GitlabOptions = {}): string {
  const fingerprint = fingerprinter();
  const issues: Issue[] = allFindings(result).map((finding) => {
    const path = repoPath(finding.path, options.pathPrefix);
    return {
      description: `${cellPrefix(finding)}${finding.message}`,
      check_name: finding.rule,
      fingerprint: fingerprint([finding.rule, path, finding.sourceLine?.trim() ?? `${finding.start.line}`]),
      severity: GITLAB_SEVERITY[finding.severity],
      location: { path, lines: lines(finding) },
    };
  });
  for (const d of sortedDiagnostics(result)) {
    const path = repoPath(d.path, options.pathPrefix);
    const begin = d.start && d.start.cell === undefined ? d.start.line : 1;
    issues.push({ description: `${cellPrefix(d)}${d.message}`, check_name: `gpu-compat/${d.kind}`, fingerprint: fingerprint([d.kind, path, d.message]), severity: "major", location: { path, lines: { begin } } });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
