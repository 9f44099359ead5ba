import { parseConfig } from "@gpu-compat/config";
import { LineIndex, type SyntaxNode } from "@gpu-compat/python";
import type { DiskKind, Parsers } from "./kinds.js";
import type { Finding } from "./model.js";
import { UNUSED_SUPPRESSION } from "./suppressions.js";

/** A finding `--add-noqa` could not suppress, and why. */
export interface UnsuppressedFinding {
  path: string;
  rule: string;
  line: number;
  /** Notebooks: the 1-based cell the line is in. */
  cell?: number;
  reason: string;
}

export interface AddedSuppressions {
  /** The text with the comments, or undefined when none was added. */
  text?: string;
  /** Comments written or extended (one per line). */
  added: number;
  skipped: UnsuppressedFinding[];
}

const NOT_WRITTEN: Partial<Record<DiskKind, string>> = {
  notebook: "a notebook's lines live in JSON strings; add the comment in the cell (Jupyter)",
  json: "JSON has no comments",
  markdown: "a README's commands are read for hints only; add the comment in the shell block by hand",
  cuda: "CUDA sources take `//` comments, not written by --add-noqa; add it by hand",
  shell: "not written to shell scripts: a heredoc's or multi-line string's line is not told apart reliably yet; add it by hand",
  dockerfile: "not written to Dockerfiles (a `#` inside a continued RUN is dropped by Docker); add it by hand",
  makefile: "not written to Makefiles (a `#` in a recipe goes to the shell); add it by hand",
  "requirements.txt": "not written to requirements files; add it by hand",
  "pyproject.toml": "not written to pyproject.toml; add it by hand",
};

/** An existing line suppression naming rules, whose list is extended rather than a second comment added. */
const EXISTING = /#[ \t]*gpu-compat:[ \t]*ignore\[([^\]\r\n]*)\]/;

/**
 * Adds `# gpu-compat: ignore[rule, ...]` at the end of each line with findings (`ruff --add-noqa`), only where the
 * `#` is certain to start a comment: Python (told from the parsed tree) and YAML (checked by re-reading the file).
 */
export function addSuppressions(kind: DiskKind, path: string, text: string, findings: readonly Finding[], parsers: Parsers): AddedSuppressions {
  const skipped: UnsuppressedFinding[] = [];
  const skip = (finding: Finding, reason: string) =>
    skipped.push({ path, rule: finding.rule, line: finding.start.line, ...(finding.start.cell !== undefined ? { cell: finding.start.cell } : {}), reason });
  const byLine = new Map<number, Finding[]>();
  for (const finding of findings) {
    const notWritten = NOT_WRITTEN[kind];
    if (notWritten) skip(finding, notWritten);
    else if (finding.rule === UNUSED_SUPPRESSION) skip(finding, "a suppression that suppresses nothing is not itself suppressed: remove or correct it");
    else byLine.set(finding.start.line, [...(byLine.get(finding.start.line) ?? []), finding]);
  }
  if (byLine.size === 0) return { added: 0, skipped };
  const lines = new LineIndex(text);
  const tree = kind === "python" ? parsers.python.parse(text) : undefined;
  let edited = text;
  let added = 0;
  try {
    const writer = tree ? pythonLines(text, tree.root) : yamlLines(text);
    // From the last line up, so that each edit leaves the offsets of the lines above it as they were.
    for (const line of [...byLine.keys()].sort((a, b) => b - a)) {
      const start = lines.lineStart(line);
      const result = writer(edited, start, lineEnd(text, start), byLine.get(line)!.map((finding) => finding.rule));
      if (typeof result === "string") {
        edited = result;
        added++;
      } else for (const finding of byLine.get(line)!) skip(finding, result.reason);
    }
  } finally {
    tree?.dispose();
  }
  if (tree && added > 0 && !tree.root.hasError && parsesWithError(parsers, edited)) {
    // Not expected (the tree said each `#` starts a comment); the file is then left as it was.
    for (const finding of findings) if (!skipped.some((s) => s.rule === finding.rule && s.line === finding.start.line)) skip(finding, "the comments would break the file's syntax; not written");
    return { added: 0, skipped: skipped.sort((a, b) => a.line - b.line) };
  }
  return { ...(added > 0 ? { text: edited } : {}), added, skipped: skipped.sort((a, b) => a.line - b.line) };
}

function lineEnd(text: string, start: number): number {
  const match = /\r|\n/.exec(text.slice(start));
  return match ? start + match.index : text.length;
}

/** The text with the line's comment written, or why it cannot be. */
type LineWriter = (text: string, start: number, end: number, ids: string[]) => string | { reason: string };

/** Writes the comment into `text` (an existing one naming rules is extended), trusting `isComment` to tell where `#` is one. */
function withComment(text: string, start: number, end: number, ids: string[], isComment: (offset: number) => boolean): string {
  const match = EXISTING.exec(text.slice(start, end));
  if (match && isComment(start + match.index)) {
    const listStart = start + match.index + match[0].indexOf("[") + 1;
    const listEnd = listStart + match[1]!.length;
    const merged = [...new Set([...match[1]!.split(",").map((id) => id.trim()).filter(Boolean), ...ids])].sort();
    return text.slice(0, listStart) + merged.join(", ") + text.slice(listEnd);
  }
  return `${text.slice(0, end)}  # gpu-compat: ignore[${[...new Set(ids)].sort().join(", ")}]${text.slice(end)}`;
}

function parsesWithError(parsers: Parsers, text: string): boolean {
  const tree = parsers.python.parse(text);
  try {
    return tree.root.hasError;
  } finally {
    tree.dispose();
  }
}

function pythonLines(original: string, root: SyntaxNode): LineWriter {
  const nodeAt = (offset: number): SyntaxNode | null => root.descendantForIndex(offset);
  const isComment = (offset: number) => nodeAt(offset)?.type === "comment";
  const inString = (offset: number) => {
    for (let node = nodeAt(offset); node; node = node.parent) if ((node.type === "string" || node.type === "string_content") && node.startIndex < offset && node.endIndex > offset) return true;
    return false;
  };
  // Offsets are those of the original text: lines are edited from the bottom up, so those above are unchanged.
  return (text, start, end, ids) => {
    if (end < original.length && inString(end)) return { reason: "the line ends inside a multi-line string, where `#` is no comment" };
    if (original.slice(start, end).endsWith("\\") && !isComment(end - 1)) return { reason: "the line ends in a `\\` continuation, which a comment would break" };
    return withComment(text, start, end, ids, isComment);
  };
}

/** YAML: the comment is kept only when the file reads the same with it (else it landed inside a scalar). */
function yamlLines(original: string): LineWriter {
  const before = yamlShape(original);
  return (text, start, end, ids) => {
    const written = withComment(text, start, end, ids, () => true);
    return before !== undefined && yamlShape(written) === before ? written : { reason: "the line ends inside a multi-line YAML value, where `#` would change the value" };
  };
}

function yamlShape(text: string): string | undefined {
  const config = parseConfig(text, "yaml");
  if ("error" in config) return undefined;
  return JSON.stringify([config.entries().map((entry) => [entry.path, entry.value]), config.keys().map((key) => [key.path, key.holds])]);
}
