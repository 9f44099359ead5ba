import { readFileSync, realpathSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import type { Backend } from "@gpu-compat/python";
import { rulesFor, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { decodeUtf8, encodeUtf8, looksBinary } from "./codec.js";
import { discoverFiles, type DiscoveredFile } from "./discover.js";
import { countFindings, type Diagnostic, type FileResult, type RunResult, type RunSummary, type SkippedFile } from "./model.js";
import { runInPool } from "./pool.js";
import { adapterFor, loadParsers } from "./kinds.js";
import { processDocument, type FileOutcome } from "./process.js";
import { Prefilter } from "./prefilter.js";
import { createProjectFacts } from "./project-facts.js";
import { uncommittedChanges } from "./git.js";
import { stampOf, writeAtomically, type ReadStamp } from "./write.js";

export interface RunOptions {
  /** A directory or a single file. */
  root: string;
  /**
   * Only these files and directories under a directory root (absolute, or relative to the root), as pre-commit
   * passes them; each is read exactly when the whole run would read it. Paths in the result stay root-relative.
   */
  paths?: readonly string[];
  target: Target;
  mode: "fix" | "check";
  /** Fix mode: compute the fixes but write nothing. */
  dryRun?: boolean;
  /**
   * Fix mode: write into files with uncommitted changes in their git work tree. When false (the CLI's default),
   * a run that would change such a file writes nothing and lists them in `RunResult.refused`.
   */
  allowDirty?: boolean;
  /** Rules to run (default: every rule that applies to the target). */
  rules?: readonly Rule[];
  exclude?: readonly string[];
  /** `--precision` (default "auto"). */
  precision?: PrecisionChoice;
  /**
   * Rules not to run on some files: a glob matched against each file's path relative to `base` (an absolute
   * folder: where the settings that say so live), and the rule ids or categories it turns off.
   */
  perFileIgnores?: readonly PerFileIgnore[];
  /** Called as files are processed: how many are done of how many need parsing (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads; "auto" (default) uses them only when enough files need parsing to repay their start-up. */
  workers?: number | "auto";
  parserBackend?: Backend;
}

export interface PerFileIgnore {
  base: string;
  pattern: string;
  rules: readonly string[];
}

/** The ids of the rules that per-file ignores turn off for one file; undefined when none do. */
export function ignoredFor(file: { absolute: string }, rules: readonly Rule[], ignores: readonly PerFileIgnore[]): string[] | undefined {
  const named = ignores.filter((ignore) => picomatch.isMatch(relative(ignore.base, file.absolute).split(sep).join("/"), ignore.pattern, { dot: true })).flatMap((ignore) => ignore.rules);
  if (named.length === 0) return undefined;
  return rules.filter((rule) => named.includes(rule.id) || named.includes(rule.category)).map((rule) => rule.id);
}

interface Candidate {
  file: DiscoveredFile;
  text: string;
  bom: boolean;
  stamp: ReadStamp;
}

/** Below this many files to parse, starting workers costs more than it saves. */
const POOL_THRESHOLD = 24;

/**
 * Files above this size are skipped with a note: in model repos they are datasets saved as `.json`/`.yaml` or
 * notebooks full of image outputs, not code written for a GPU, and reading them would cost more than the repo.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export async function runProject(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const rules = (options.rules ?? rulesFor(options.target)).filter((rule) => rule.appliesTo(options.target));
  const diagnostics: Diagnostic[] = [];

  const discovered = discoverFiles(root, { exclude: options.exclude ?? [], ...(options.paths ? { only: options.paths.map((path) => resolve(root, path)) } : {}) });
  for (const problem of discovered.problems) diagnostics.push({ path: problem.path, kind: "read-error", message: problem.message });

  const skipped: SkippedFile[] = [];
  const prefilter = new Prefilter(rules, createProjectFacts(projectDir(root)));
  const candidates = readCandidates(discovered.files, prefilter, diagnostics, skipped);
  const outcomes = await processAll(root, candidates, rules, options, diagnostics);

  const writing = options.mode === "fix" && !options.dryRun;
  const refused = writing && options.allowDirty === false ? dirtyTargets(root, candidates, outcomes) : [];
  const files: FileResult[] = [];
  candidates.forEach((candidate, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    diagnostics.push(...outcome.diagnostics);
    const result: FileResult = { path: candidate.file.path, findings: outcome.findings };
    if (outcome.fixed !== undefined) {
      result.original = candidate.text;
      result.fixed = outcome.fixed;
      result.written = false;
      if (writing && refused.length > 0) {
        for (const finding of result.findings) finding.applied = false;
      } else if (writing) {
        try {
          writeAtomically(candidate.file.absolute, encodeUtf8({ text: outcome.fixed, bom: candidate.bom }), candidate.stamp);
          result.written = true;
        } catch (error) {
          diagnostics.push({ path: candidate.file.path, kind: "write-error", message: (error as Error).message });
          for (const finding of result.findings) finding.applied = false;
          delete result.fixed;
        }
      }
    }
    if (result.findings.length > 0 || result.fixed !== undefined) files.push(result);
  });

  const result: RunResult = {
    root,
    target: options.target,
    mode: options.mode,
    dryRun: !!options.dryRun,
    files,
    diagnostics,
    skipped,
    ...(refused.length > 0 ? { refused } : {}),
    summary: summarize(files, diagnostics, discovered.files.length, candidates.length, options.mode, performance.now() - started),
  };
  return result;
}

/** The files the fixes would change that have uncommitted changes in git (relative paths). */
function dirtyTargets(root: string, candidates: readonly Candidate[], outcomes: readonly (FileOutcome | undefined)[]): string[] {
  const changing = candidates.filter((_, i) => outcomes[i]?.fixed !== undefined);
  const dirty = new Set(uncommittedChanges(changing.map((c) => realpathSync(c.file.absolute))) ?? []);
  return changing.filter((c) => dirty.has(realpathSync(c.file.absolute))).map((c) => c.file.path);
}

/** Reads every file and keeps those some rule wants (see prefilter.ts); only they are parsed. */
function readCandidates(files: readonly DiscoveredFile[], prefilter: Prefilter, diagnostics: Diagnostic[], skipped: SkippedFile[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const file of files) {
    let bytes: Buffer;
    let stamp: ReadStamp;
    try {
      stamp = stampOf(file.absolute);
      if (stamp.size > MAX_FILE_BYTES) {
        const size = `${(stamp.size / 1024 / 1024).toFixed(1)} MiB`;
        skipped.push({ path: file.path, reason: "too-large", message: `skipped: ${size}, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB gpu-compat reads as source` });
        continue;
      }
      bytes = readFileSync(file.absolute);
    } catch (error) {
      diagnostics.push({ path: file.path, kind: "read-error", message: `cannot read the file: ${describeIoError(error)}` });
      continue;
    }
    if (looksBinary(bytes)) {
      skipped.push({ path: file.path, reason: "binary", message: "skipped: a binary file (it has NUL bytes), not source" });
      continue;
    }
    let decoded: { text: string; bom: boolean } | null | undefined;
    const decode = () => {
      if (decoded === undefined) {
        try {
          decoded = decodeUtf8(bytes);
        } catch {
          decoded = null;
        }
      }
      return decoded;
    };
    if (!prefilter.wants(file.kind, bytes, () => decode()?.text)) continue;
    const utf8 = decode();
    if (utf8) candidates.push({ file, text: utf8.text, bom: utf8.bom, stamp });
    else diagnostics.push({ path: file.path, kind: "decode-error", message: "the file is not valid UTF-8; gpu-compat reads UTF-8 source only, so it was skipped." });
  }
  return candidates;
}

async function processAll(root: string, candidates: readonly Candidate[], rules: readonly Rule[], options: RunOptions, diagnostics: Diagnostic[]): Promise<(FileOutcome | undefined)[]> {
  if (candidates.length === 0) return [];
  const workers = options.workers === "auto" || options.workers === undefined ? autoWorkers(candidates.length) : options.workers;
  const mode = options.mode;
  const precision = options.precision ?? "auto";
  if (workers > 1) {
    const setup = { root: projectDir(root), target: options.target, ruleIds: rules.map((r) => r.id), mode, precision, ...(options.parserBackend ? { backend: options.parserBackend } : {}) };
    const jobs = candidates.map((c) => {
      const ignore = ignoredFor(c.file, rules, options.perFileIgnores ?? []);
      return { path: c.file.path, kind: c.file.kind, text: c.text, ...(ignore ? { ignore } : {}) };
    });
    let done = 0;
    const results = await runInPool(jobs, workers, setup, () => options.onProgress?.(++done, jobs.length));
    return results.map((result, i) => {
      if (!(result instanceof Error)) return result;
      diagnostics.push({ path: candidates[i]!.file.path, kind: "internal-error", message: `gpu-compat failed on this file: ${result.message}` });
      return undefined;
    });
  }
  const parsers = await loadParsers(options.parserBackend);
  const project = createProjectFacts(projectDir(root));
  return candidates.map((c, i) => {
    options.onProgress?.(i, candidates.length);
    try {
      const ignore = ignoredFor(c.file, rules, options.perFileIgnores ?? []);
      const fileRules = ignore ? rules.filter((rule) => !ignore.includes(rule.id)) : rules;
      return processDocument(adapterFor(c.file.kind, parsers), c.file.path, c.text, { target: options.target, rules: fileRules, mode, precision, project });
    } catch (error) {
      diagnostics.push({ path: c.file.path, kind: "internal-error", message: `gpu-compat failed on this file: ${(error as Error).stack ?? error}` });
      return undefined;
    }
  });
}

/** The directory project facts are read from: the root, or the folder of a single-file root. */
function projectDir(root: string): string {
  return statSync(root).isDirectory() ? root : dirname(root);
}

function autoWorkers(fileCount: number): number {
  if (fileCount < POOL_THRESHOLD) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8, Math.ceil(fileCount / POOL_THRESHOLD)));
}

function summarize(files: readonly FileResult[], diagnostics: readonly Diagnostic[], discovered: number, parsed: number, mode: "fix" | "check", durationMs: number): RunSummary {
  const { total, byRule, bySeverity } = countFindings(files.flatMap((f) => f.findings), mode);
  return {
    filesDiscovered: discovered,
    filesParsed: parsed,
    filesChanged: files.filter((f) => f.fixed !== undefined).length,
    filesWithFindings: files.filter((f) => f.findings.length > 0).length,
    findings: total.found,
    fixed: total.fixed,
    fixable: total.fixable,
    notApplied: total.notApplied,
    hints: total.hints,
    bySeverity,
    byRule,
    diagnostics: diagnostics.length,
    durationMs: Math.round(durationMs),
  };
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return (error as Error).message;
}
