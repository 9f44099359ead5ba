import type { RunResult } from "@gpu-compat/engine";
import { allFindings, compareStrings, sortedDiagnostics } from "./order.js";
import { positionText, repoPath } from "./repo-path.js";
import { escapeXml } from "./xml.js";

export interface JunitOptions {
  /** Prefixed to every path (see `repoPath`). */
  pathPrefix?: string;
}

interface Case {
  name: string;
  classname: string;
  /** `failure` for a finding, `error` for a file that could not be handled. */
  kind: "failure" | "error";
  type: string;
  message: string;
  text: string;
}

function testcase(c: Case): string {
  const attributes = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"`;
  return `    <testcase ${attributes}>\n      <${c.kind} message="${escapeXml(c.message)}" type="${escapeXml(c.type)}">${escapeXml(c.text)}</${c.kind}>\n    </testcase>`;
}

/**
 * JUnit XML as CI test reports read it (GitLab's `artifacts:reports:junit`, Jenkins, Azure): one test suite per
 * file, one failing test case per finding (named `rule at line:column`, class = the file), an `error` case per
 * file that could not be handled. A run without findings is one suite with one passing case.
 */
export function renderJunit(result: RunResult, options: JunitOptions = {}): string {
  const bySuite = new Map<string, Case[]>();
  const add = (path: string, c: Omit<Case, "classname">) => {
    const classname = repoPath(path, options.pathPrefix);
    bySuite.set(classname, [...(bySuite.get(classname) ?? []), { ...c, classname }]);
  };
  for (const finding of allFindings(result)) {
    const where = positionText(finding.start);
    const hint = finding.hint ? `\nHint: ${finding.hint}` : "";
    add(finding.path, { name: `${finding.rule} at ${where}`, kind: "failure", type: finding.severity, message: finding.message, text: `${repoPath(finding.path, options.pathPrefix)}:${where}: ${finding.message}${hint}` });
  }
  for (const d of sortedDiagnostics(result)) add(d.path, { name: d.kind, kind: "error", type: d.kind, message: d.message, text: d.message });

  const suites = [...bySuite].sort(([a], [b]) => compareStrings(a, b)).map(([name, cases]) => {
    const failures = cases.filter((c) => c.kind === "failure").length;
    return `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="${cases.length - failures}">\n${cases.map(testcase).join("\n")}\n  </testsuite>`;
  });
  if (suites.length === 0) suites.push(`  <testsuite name="gpu-compat" tests="1" failures="0" errors="0">\n    <testcase name="no findings" classname="gpu-compat"/>\n  </testsuite>`);
  const total = Math.max(1, allFindings(result).length + result.diagnostics.length);
  const failures = result.summary.findings;
  const header = `<testsuites name="gpu-compat" tests="${total}" failures="${failures}" errors="${result.diagnostics.length}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${suites.join("\n")}\n</testsuites>\n`;
}
