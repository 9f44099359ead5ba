import { applyEdits, LineIndex, selectEditGroups, type PythonParser, type TextEdit } from "@gpu-compat/python";
import type { PrecisionChoice, ProjectFacts, Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { describeOpenError, pythonAdapter, type DocumentAdapter, type KnownContent, type OpenDocument, type RawFinding } from "./adapters.js";
import { demoteToHint } from "./hint-only.js";
import type { Diagnostic, Finding } from "./model.js";

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
  /** Why this file's findings are hints only (a test, a conversion utility: see hint-only.ts); fixed as usual when absent. */
  hintOnly?: string;
  /** Which fixes are made, and whether check mode computes them too (see FixPolicy). */
  fixes?: FixPolicy;
  /** What the reading thread learnt of the text (see KnownContent). */
  known?: KnownContent;
}

/**
 * `unsafe`: also apply fixes marked `unsafeFix` (`--unsafe-fixes`); `inCheck`: check mode computes the fixed text as
 * fix would (`check --diff`), without the findings saying they were applied.
 */
export interface FixPolicy {
  unsafe?: boolean;
  inCheck?: boolean;
}

export interface FileOutcome {
  path: string;
  findings: Finding[];
  /** The rewritten text, when fixes changed it. */
  fixed?: string;
  diagnostics: Diagnostic[];
}

/** For runs on a single text (tests, the jscodeshift entry, the playground): nothing is known outside it. */
export const NO_PROJECT_FACTS: ProjectFacts = { modelConfig: () => undefined, importersOf: () => [] };

const DEFAULT_MAX_PASSES = 8;

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
  /** The text its positions refer to, and its line index. */
  text: string;
  lines: LineIndex;
}

/** Runs the rules over one Python text and, in fix mode, applies their fixes pass after pass until settled. */
export function processPython(parser: PythonParser, path: string, text: string, options: ProcessOptions): FileOutcome {
  return processDocument(pythonAdapter(parser), path, text, options);
}

/**
 * Runs the rules over one file's text through its kind's adapter and, in fix mode, applies their fixes pass
 * after pass until settled. A text the adapter cannot open is a diagnostic, and the file stays as it is.
 */
export function processDocument(adapter: DocumentAdapter, path: string, text: string, options: ProcessOptions): FileOutcome {
  const diagnostics: Diagnostic[] = [];
  const opened = adapter.open(text, options.known);
  if ("error" in opened) {
    diagnostics.push({ path, kind: "syntax-error", message: `${opened.error}; the file was not checked or changed.`, ...(opened.at ? { start: opened.at } : {}) });
    return { path, findings: [], diagnostics };
  }
  try {
    const found = runRules(opened.document, path, text, options);
    // Most files have no finding: their line index is never built.
    const originalLines = found.length > 0 ? new LineIndex(text) : undefined;
    const tracked: Tracked[] = found.map((raw) => ({
      raw,
      start: raw.start,
      applied: false,
      blocked: false,
      original: true,
      text,
      lines: originalLines!,
    }));
    const fixMode = options.mode === "fix";
    if (!fixMode && !options.fixes?.inCheck) return { path, findings: tracked.map((t) => toFinding(adapter, t, path, false)), diagnostics };

    const fixed = fixPasses(adapter, path, text, tracked, options, diagnostics);
    return {
      path,
      findings: tracked.map((t) => toFinding(adapter, t, path, fixMode)),
      ...(fixed !== undefined && fixed !== text ? { fixed } : {}),
      diagnostics,
    };
  } finally {
    opened.document.dispose();
  }
}

function runRules(document: OpenDocument, path: string, text: string, options: ProcessOptions): RawFinding[] {
  const found = document.run(options.rules, { path, target: options.target, precision: options.precision ?? "auto", project: options.project ?? NO_PROJECT_FACTS });
  const { hintOnly } = options;
  return hintOnly === undefined ? found : found.map((finding) => demoteToHint(finding, hintOnly, text));
}

/** Returns the settled text, or undefined when the fixes did not settle (then nothing is written). */
function fixPasses(adapter: DocumentAdapter, path: string, text: string, tracked: Tracked[], options: ProcessOptions, diagnostics: Diagnostic[]): string | undefined {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  let current = text;
  const allowed = (raw: RawFinding) => !!raw.fix && (options.fixes?.unsafe === true || raw.unsafeFix === undefined);
  let pending = tracked.filter((t) => allowed(t.raw));
  for (let pass = 1; pending.length > 0; pass++) {
    if (pass > maxPasses) {
      diagnostics.push({ path, kind: "unsettled", message: `fixes did not settle after ${maxPasses} passes; the file was left unchanged.` });
      for (const t of tracked) t.applied = false;
      return undefined;
    }
    const groups = pending.map((t) => ({ tracked: t, edits: t.raw.fix! })).sort((a, b) => a.tracked.start - b.tracked.start);
    let { taken } = selectEditGroups(groups);
    let next = applyEdits(current, taken.flatMap((g) => g.edits));
    let opened = adapter.open(next);
    if ("error" in opened) {
      // Some fix broke the file: keep the groups that still open, one at a time, and drop the rest.
      const kept: typeof taken = [];
      for (const group of taken) {
        const attempt = adapter.open(applyEdits(current, [...kept, group].flatMap((g) => g.edits)));
        if ("error" in attempt) {
          group.tracked.blocked = true;
          const at = adapter.locate(group.tracked.text, group.tracked.lines, group.tracked.start);
          const where = at.cell !== undefined ? `cell ${at.cell}, line ${at.line}` : `line ${at.line}`;
          diagnostics.push({ path, kind: "invalid-fix", message: `the ${group.tracked.raw.rule.id} fix at ${where} would break the file (${describeOpenError(attempt)}); it was not applied.` });
        } else {
          kept.push(group);
          attempt.document.dispose();
        }
      }
      taken = kept;
      next = applyEdits(current, taken.flatMap((g) => g.edits));
      opened = adapter.open(next);
      if ("error" in opened) throw new Error(`edits that each keep ${path} valid broke it together: ${opened.error}`);
    }
    const edits = taken.flatMap((g) => g.edits).sort((a, b) => a.start - b.start);
    for (const group of taken) group.tracked.applied = true;
    for (const t of tracked) if (!t.applied) t.start = mapOffset(t.start, edits);
    current = next;
    try {
      pending = rematch(runRules(opened.document, path, current, options).filter(allowed), tracked, current);
    } finally {
      opened.document.dispose();
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
      entry = { raw, start: raw.start, applied: false, blocked: false, original: false, text, lines: (lines ??= new LineIndex(text)) };
      tracked.push(entry);
    }
    entry.raw = entry.original ? { ...entry.raw, fix: raw.fix } : raw;
    if (!entry.blocked) pending.push(entry);
  }
  return pending;
}

function toFinding(adapter: DocumentAdapter, t: Tracked, path: string, fixMode: boolean): Finding {
  const { raw, lines, text } = t;
  // Findings from the original text keep their original positions; later ones point into the fixed text.
  const startOffset = t.original ? raw.start : t.start;
  const start = adapter.locate(text, lines, startOffset);
  const end = adapter.locate(text, lines, startOffset + (raw.end - raw.start));
  const keyPath = adapter.keyPath?.(text, startOffset);
  return {
    rule: raw.rule.id,
    path,
    start,
    end,
    severity: raw.severity ?? raw.rule.severity,
    message: raw.message,
    ...(raw.hint ? { hint: raw.hint } : {}),
    fixable: !!raw.fix,
    ...(raw.fix && raw.unsafeFix ? { unsafeFix: raw.unsafeFix } : {}),
    ...(fixMode ? { applied: t.applied } : {}),
    ...(raw.memory ? { memory: raw.memory } : {}),
    sourceLine: adapter.lineText?.(text, startOffset) ?? lines.lineText(lines.position(startOffset).line),
    ...(keyPath ? { keyPath } : {}),
    ...(!fixMode && raw.fix ? { edits: raw.fix.map((edit) => ({ start: adapter.locate(text, lines, edit.start), end: adapter.locate(text, lines, edit.end), content: edit.text })) } : {}),
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
