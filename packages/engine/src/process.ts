import { applyEdits, LineIndex, PythonSource, selectEditGroups, type PythonParser, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import type { PrecisionChoice, ProjectFacts, Rule, RuleFinding } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import type { Diagnostic, Finding } from "./model.js";
import { NO_PROJECT_FACTS } from "./project-facts.js";
import { isSuppressed } from "./suppressions.js";

export interface ProcessOptions {
  target: Target;
  rules: readonly Rule[];
  mode: "fix" | "check";
  /** `--precision`; "auto" when absent. */
  precision?: PrecisionChoice;
  /** What the rules may learn about the rest of the repository (none when absent). */
  project?: ProjectFacts;
  /** Fix passes before giving up on a file whose fixes keep producing new fixes. */
  maxPasses?: number;
}

export interface FileOutcome {
  path: string;
  findings: Finding[];
  /** The rewritten text, when fixes changed it. */
  fixed?: string;
  diagnostics: Diagnostic[];
}

const DEFAULT_MAX_PASSES = 8;

interface RawFinding extends RuleFinding {
  rule: Rule;
}

/** One finding followed across passes: its offsets move as earlier edits change the text. */
interface Tracked {
  raw: RawFinding;
  /** Where it sits in the current pass's text. */
  start: number;
  applied: boolean;
  /** Its fix broke the syntax and was dropped; later passes report it without fixing it. */
  blocked: boolean;
  /** Found in the original text (positions are original), or only after earlier fixes. */
  original: boolean;
  lines: LineIndex;
}

/** Runs the rules over one Python text and, in fix mode, applies their fixes pass after pass until settled. */
export function processPython(parser: PythonParser, path: string, text: string, options: ProcessOptions): FileOutcome {
  const diagnostics: Diagnostic[] = [];
  const firstTree = parser.parse(text);
  try {
    if (firstTree.root.hasError) {
      diagnostics.push({ path, kind: "syntax-error", message: `${syntaxErrorWhere(firstTree.root, text)}; the file was not checked or changed.` });
      return { path, findings: [], diagnostics };
    }
    const originalLines = new LineIndex(text);
    const tracked: Tracked[] = runRules(text, firstTree.root, options).map((raw) => ({
      raw,
      start: raw.start,
      applied: false,
      blocked: false,
      original: true,
      lines: originalLines,
    }));
    if (options.mode === "check") return { path, findings: tracked.map((t) => toFinding(t, path, false)), diagnostics };

    const fixed = fixPasses(parser, path, text, tracked, options, diagnostics);
    return {
      path,
      findings: tracked.map((t) => toFinding(t, path, true)),
      ...(fixed !== undefined && fixed !== text ? { fixed } : {}),
      diagnostics,
    };
  } finally {
    firstTree.dispose();
  }
}

/** Returns the settled text, or undefined when the fixes did not settle (then nothing is written). */
function fixPasses(parser: PythonParser, path: string, text: string, tracked: Tracked[], options: ProcessOptions, diagnostics: Diagnostic[]): string | undefined {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  let current = text;
  let pending = tracked.filter((t) => t.raw.fix);
  for (let pass = 1; pending.length > 0; pass++) {
    if (pass > maxPasses) {
      diagnostics.push({ path, kind: "unsettled", message: `fixes did not settle after ${maxPasses} passes; the file was left unchanged.` });
      for (const t of tracked) t.applied = false;
      return undefined;
    }
    const groups = pending.map((t) => ({ tracked: t, edits: t.raw.fix! })).sort((a, b) => a.tracked.start - b.tracked.start);
    let { taken } = selectEditGroups(groups);
    let next = applyEdits(current, taken.flatMap((g) => g.edits));
    let tree = parser.parse(next);
    if (tree.root.hasError) {
      // Some fix broke the syntax: keep the groups that parse, one at a time, and drop the rest.
      tree.dispose();
      const kept: typeof taken = [];
      for (const group of taken) {
        const attempt = parser.parse(applyEdits(current, [...kept, group].flatMap((g) => g.edits)));
        if (attempt.root.hasError) {
          group.tracked.blocked = true;
          diagnostics.push({ path, kind: "invalid-fix", message: `the ${group.tracked.raw.rule.id} fix at line ${group.tracked.lines.position(group.tracked.start).line} would break the syntax; it was not applied.` });
        } else kept.push(group);
        attempt.dispose();
      }
      taken = kept;
      next = applyEdits(current, taken.flatMap((g) => g.edits));
      tree = parser.parse(next);
    }
    const edits = taken.flatMap((g) => g.edits).sort((a, b) => a.start - b.start);
    for (const group of taken) group.tracked.applied = true;
    for (const t of tracked) if (!t.applied) t.start = mapOffset(t.start, edits);
    current = next;
    try {
      pending = rematch(runRules(current, tree.root, options), tracked, current);
    } finally {
      tree.dispose();
    }
  }
  return current;
}

/**
 * Pairs the findings of a new pass with the ones already tracked (same rule, same place); findings no earlier
 * pass saw are tracked from now on. Returns those whose fix still waits.
 */
function rematch(found: RawFinding[], tracked: Tracked[], text: string): Tracked[] {
  const pending: Tracked[] = [];
  let lines: LineIndex | undefined;
  for (const raw of found) {
    if (!raw.fix) continue;
    let entry = tracked.find((t) => !t.applied && t.raw.rule.id === raw.rule.id && t.start === raw.start);
    if (!entry) {
      entry = { raw, start: raw.start, applied: false, blocked: false, original: false, lines: (lines ??= new LineIndex(text)) };
      tracked.push(entry);
    }
    entry.raw = entry.original ? { ...entry.raw, fix: raw.fix } : raw;
    if (!entry.blocked) pending.push(entry);
  }
  return pending;
}

function runRules(text: string, root: SyntaxNode, options: ProcessOptions): RawFinding[] {
  const source = new PythonSource(text, root);
  const found: RawFinding[] = [];
  for (const rule of options.rules) {
    if (!rule.triggers.some((literal) => text.includes(literal))) continue;
    rule.check({
      target: options.target,
      precision: options.precision ?? "auto",
      project: options.project ?? NO_PROJECT_FACTS,
      source,
      report: (finding) => {
        if (!isSuppressed(source.lines, finding.start, rule.id)) found.push({ ...finding, rule });
      },
    });
  }
  return found.sort((a, b) => a.start - b.start || a.end - b.end);
}

function toFinding(t: Tracked, path: string, fixMode: boolean): Finding {
  const { raw, lines } = t;
  // Findings from the original text keep their original positions; later ones point into the fixed text.
  const start = lines.position(t.original ? raw.start : t.start);
  const end = lines.position(t.original ? raw.end : t.start + (raw.end - raw.start));
  return {
    rule: raw.rule.id,
    path,
    start,
    end,
    severity: raw.severity ?? raw.rule.severity,
    message: raw.message,
    ...(raw.hint ? { hint: raw.hint } : {}),
    fixable: !!raw.fix,
    ...(fixMode ? { applied: t.applied } : {}),
    sourceLine: lines.lineText(start.line),
  };
}

/** Where an offset of the old text lands after the edits (an offset inside an edit lands at its start). */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const edit of edits) {
    if (edit.end <= offset) delta += edit.text.length - (edit.end - edit.start);
    else if (edit.start < offset) return edit.start + delta;
  }
  return offset + delta;
}

function syntaxErrorWhere(root: SyntaxNode, text: string): string {
  const bad = firstError(root);
  if (!bad) return "syntax error";
  const { line, column } = new LineIndex(text).position(bad.startIndex);
  return `syntax error at line ${line}, column ${column}`;
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return null;
}
