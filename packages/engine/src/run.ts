import { realpathSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, relative, resolve, sep } from "node:path";
import type { Backend } from "@gpu-compat/python";
import { gpusLabel, rulesFor, type PrecisionChoice, type ProjectFacts, type Rule } from "@gpu-compat/rules";
import type { Target } from "@gpu-compat/targets";
import { decodeUtf8, encodeUtf8, invalidUtf8At, looksBinary } from "./codec.js";
import { discoverFiles, type DiscoveredFile } from "./discover.js";
import { countFindings, type Diagnostic, type FileResult, type RunResult, type RunSummary, type SkippedFile } from "./model.js";
import { WorkerPool, type JobResult } from "./pool.js";
import type { DiskKind, Parsers } from "./kinds.js";
import { loadParsers } from "./parsers.js";
import { processJob, type JobContext } from "./job.js";
import type { FileOutcome, FixPolicy } from "./process.js";
import { DEFAULT_HINT_ONLY, hintOnlyByKind, type HintOnlyPattern } from "./hint-only.js";
import { hintOnlyReason } from "./hint-only-paths.js";
import { globMatcher } from "./globs.js";
import { Prefilter } from "./prefilter.js";
import { otherDeviceOfPath } from "./other-devices.js";
import { notebookCellChanges } from "./notebook-adapter.js";
import { Breather } from "./breather.js";
import { createProjectFacts, type ProjectFile } from "./project-facts.js";
import type { WorkerSetup } from "./worker.js";
import { guardWrites } from "./git.js";
import type { KnownContent } from "./adapters.js";
import { separateGrammarLimits } from "./grammar-limits.js";
import { addSuppressions, type UnsuppressedFinding } from "./add-noqa.js";
import { NotRegularFileError, readRegularFile, writeAtomically, type FileOwner, type ReadFile } from "./write.js";

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
  /** Unsafe fixes (`--unsafe-fixes`), and check mode computing the fixed text (`check --diff`): see FixPolicy. */
  fixes?: FixPolicy;
  /**
   * Check mode: write a suppression comment for each finding instead (see add-noqa.ts), as fix mode writes its
   * fixes (the git guard of `allowDirty`, atomic writes); `RunResult.suppressions` counts them.
   */
  addNoqa?: boolean;
  /** Fix mode: compute the fixes but write nothing. */
  dryRun?: boolean;
  /**
   * Fix mode: write into files with uncommitted changes in their git work tree. When false (the CLI's default),
   * a run that would change such a file writes nothing and lists them in `RunResult.refused`.
   */
  allowDirty?: boolean;
  /**
   * Fix mode: called once the fixes are known and allowed, before the first source file is written, with the
   * result as it will be when every write succeeds (the CLI prepares its report there). When it throws, nothing
   * is written and the error is the run's.
   */
  beforeWrite?: (preview: RunResult) => void;
  /** Fix mode: once aborted (SIGINT), no further file is written; the result says which were (`interrupted`). */
  signal?: AbortSignal;
  /** Files the caller writes after the run (the report): never read as source. */
  outputs?: readonly string[];
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
  /**
   * Files whose findings are reported as hints, never fixed (DEFAULT_HINT_ONLY when absent: tests, checkpoint
   * conversion, merge and export utilities); an empty list fixes every file.
   */
  hintOnly?: readonly HintOnlyPattern[];
  /**
   * Called as the run goes (for a progress line): while files are read and prefiltered ("read": how many of all the
   * files discovered), then as they are processed ("parse": how many are done of how many need parsing).
   */
  onProgress?: (done: number, total: number, phase: ProgressPhase) => void;
  /**
   * Threads to parse on, this one included (n - 1 worker threads); "auto" (default) starts workers only when
   * enough source needs parsing to repay their start-up.
   */
  workers?: number | "auto";
  parserBackend?: Backend;
}

export type ProgressPhase = "read" | "parse";

export interface PerFileIgnore {
  base: string;
  pattern: string;
  rules: readonly string[];
}

/** The ids of the rules that per-file ignores turn off for one file; undefined when none do. */
export function ignoredFor(file: { absolute: string }, rules: readonly Rule[], ignores: readonly PerFileIgnore[]): string[] | undefined {
  const named = ignores.filter((ignore) => globMatcher(ignore.pattern)(relative(ignore.base, file.absolute).split(sep).join("/"))).flatMap((ignore) => ignore.rules);
  if (named.length === 0) return undefined;
  return rules.filter((rule) => named.includes(rule.id) || named.includes(rule.category)).map((rule) => rule.id);
}

/**
 * A file to parse. Its bytes are not kept: before a fix is written, the disk is compared with its text encoded
 * again (strict UTF-8 decoding round-trips exactly). Its text is dropped once its outcome is known, unless that
 * outcome needs it: the original of a fix, or a syntax error python3 is asked about (grammar-limits.ts). Both
 * lower the peak RSS of a large run (20-30 MiB on peft and Megatron-LM).
 */
interface Candidate {
  file: DiscoveredFile;
  text?: string;
  bom: boolean;
  owner: FileOwner;
  /** What the prefilter read of the file (a notebook's cells), until its job is made. */
  known?: KnownContent;
}

/** Below this many files to parse, a run is short (see LoadOptions.fewFiles). */
const FEW_FILES = 24;

/**
 * The read runs ahead of the checks by at most this much source waiting for a thread: past it, the reading thread
 * checks what waits before it reads on. Reading is many times faster than checking, so without a bound every
 * candidate's text was held at once, and memory grew with the repo (unslothai/notebooks, 360 MB of notebooks: a
 * peak RSS of 494 MiB, 240 MiB with this bound).
 */
const QUEUED_CHARS_LIMIT = 4 * 1024 * 1024;

/**
 * Below this much Python (and notebook) source to check (~0.5 s on one thread), starting a worker costs more than it
 * saves: its start-up and the warm-up of its own copy of the code cost ~0.5 s of CPU. A file count would not tell:
 * the trigger files of a large generated tree are many and small. Configs do not count: they stay on this thread.
 */
const POOL_THRESHOLD_CHARS = 2 * 1024 * 1024;

/**
 * Files above this size are skipped with a note: in model repos they are datasets saved as `.json`/`.yaml` or
 * notebooks full of image outputs, not code written for a GPU, and reading them would cost more than the repo.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * JSON and YAML files above this size are skipped unread: the configs rules read (training arguments, DeepSpeed,
 * accelerate, Axolotl, LLaMA-Factory) are a few KB, and files this large hold data (golden values, tokenizers,
 * datasets), which were a third of Megatron-LM's bytes.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function maxBytesOf(kind: DiskKind): number {
  return kind === "json" || kind === "yaml" ? MAX_CONFIG_BYTES : MAX_FILE_BYTES;
}

function tooLargeMessage(kind: DiskKind, size: number): string {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (maxBytesOf(kind) === MAX_CONFIG_BYTES) return `skipped: ${mib(size)}, more than a config holds (${MAX_CONFIG_BYTES / 1024 / 1024} MiB): data such as golden values or a tokenizer, not settings`;
  return `skipped: ${mib(size)}, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB gpu-compat reads as source`;
}

export async function runProject(given: RunOptions): Promise<RunResult> {
  // A report-only target (a TPU) never gets edits: `fix` runs as `check`, and the result says why.
  const reportOnly = given.target.reportOnly !== undefined && given.mode === "fix";
  const options: RunOptions = reportOnly ? { ...given, mode: "check", fixes: undefined } : given;
  const started = performance.now();
  const root = resolve(options.root);
  const rules = (options.rules ?? rulesFor(options.target)).filter((rule) => rule.appliesTo(options.target));
  const diagnostics: Diagnostic[] = [];

  const outputs = new Set((options.outputs ?? []).map(realOrResolved));
  const discovered = discoverFiles(root, { exclude: options.exclude ?? [], ...(options.paths ? { only: options.paths.map((path) => resolve(root, path)) } : {}) });
  for (const problem of discovered.problems) diagnostics.push({ path: problem.path, kind: "read-error", message: problem.message });
  const skipped: SkippedFile[] = [];
  const sources = discovered.files.filter((file) => {
    if (outputs.size > 0 && outputs.has(realOrResolved(file.absolute))) return false;
    const device = otherDeviceOfPath(file.path, options.target);
    if (device) skipped.push({ path: file.path, reason: "other-device", message: `not checked: written for ${device} (its path says so), not for ${options.target.name} (${gpusLabel(options.target)})` });
    return !device;
  });

  // One view of the project for the prefilter and for parsing on this thread (workers build their own).
  // Parsers for other modules (a function's callers) come with the inline parsers, once they are loaded.
  const loaded: { parsers?: Parsers } = {};
  // A listing of the whole root is the one the project facts read (the importer index, file searches): they need
  // not walk the root again.
  const wholeRoot = !options.paths && (options.exclude ?? []).length === 0 && statSync(root).isDirectory();
  const projectFiles = wholeRoot ? discovered.files.map(({ path, absolute }) => ({ path, absolute })) : undefined;
  const project = createProjectFacts(projectDir(root), () => loaded.parsers?.python, projectFiles);
  const prefilter = new Prefilter(rules, project);
  const processor = new Processor(root, rules, options, diagnostics, project, loaded, projectFiles);
  let candidates: Candidate[];
  try {
    const onRead = options.onProgress && ((done: number) => options.onProgress!(done, sources.length, "read"));
    candidates = await readCandidates(sources, prefilter, diagnostics, skipped, (candidate) => processor.add(candidate), onRead);
  } catch (error) {
    await processor.close(); // Workers left running would keep the process alive.
    throw error;
  }
  const outcomes = await processor.finish();

  const files: FileResult[] = [];
  const changing: { candidate: Candidate; result: FileResult }[] = [];
  const noqaCandidates: { candidate: Candidate; result: FileResult }[] = [];
  candidates.forEach((candidate, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    diagnostics.push(...outcome.diagnostics);
    const result: FileResult = { path: candidate.file.path, findings: outcome.findings };
    if (options.addNoqa) noqaCandidates.push({ candidate, result });
    else if (outcome.fixed !== undefined) {
      result.original = candidate.text!;
      result.fixed = outcome.fixed;
      result.written = false;
      const cells = candidate.file.kind === "notebook" ? notebookCellChanges(result.original, result.fixed) : undefined;
      if (cells) result.cells = cells;
      changing.push({ candidate, result });
    }
    if (result.findings.length > 0 || result.fixed !== undefined) files.push(result);
  });
  skipped.push(...separateGrammarLimits(diagnostics, new Map(candidates.flatMap((c) => (c.text === undefined ? [] : [[c.file.path, c.text]])))));

  const result: RunResult = {
    root,
    target: options.target,
    mode: options.mode,
    ...(reportOnly ? { reportOnly: given.target.reportOnly! } : {}),
    dryRun: !!options.dryRun,
    files,
    diagnostics,
    skipped,
    summary: summarize(files, diagnostics, discovered.files.length, candidates.length, options.mode, performance.now() - started),
  };
  const noqa = options.addNoqa ? addNoqaComments(noqaCandidates, changing, loaded.parsers ?? (await loadParsers(options.parserBackend, { fewFiles: true }))) : undefined;
  if ((options.mode === "fix" || noqa) && !options.dryRun && changing.length > 0) {
    await writeFixes(result, changing, options);
    result.summary = summarize(files, diagnostics, discovered.files.length, candidates.length, options.mode, performance.now() - started);
  }
  if (noqa) {
    const written = [...noqa.added].filter(([file]) => file.written);
    result.suppressions = { added: written.reduce((sum, [, count]) => sum + count, 0), files: written.length, skipped: noqa.skipped };
  }
  return result;
}

/** The texts with suppression comments, as `fixed` texts for writeFixes; counted once written. */
function addNoqaComments(found: readonly { candidate: Candidate; result: FileResult }[], changing: { candidate: Candidate; result: FileResult }[], parsers: Parsers) {
  const summary: { added: Map<FileResult, number>; skipped: UnsuppressedFinding[] } = { added: new Map(), skipped: [] };
  for (const { candidate, result } of found) {
    if (result.findings.length === 0) continue;
    const noqa = addSuppressions(candidate.file.kind, result.path, candidate.text!, result.findings, parsers);
    summary.skipped.push(...noqa.skipped);
    if (noqa.text === undefined) continue;
    Object.assign(result, { original: candidate.text, fixed: noqa.text, written: false });
    summary.added.set(result, noqa.added);
    changing.push({ candidate, result });
  }
  return summary;
}

/**
 * Writes the fixed files, unless the guard refuses one of them (then none: a partial fix would be harder to
 * review than none). Between files the run yields, so that an abort (SIGINT) stops it at a file boundary.
 */
async function writeFixes(result: RunResult, changing: readonly { candidate: Candidate; result: FileResult }[], options: RunOptions): Promise<void> {
  const notApplied = (file: FileResult) => {
    for (const finding of file.findings) finding.applied = false;
  };
  const guard = options.allowDirty === false ? guardWrites(changing.map((c) => c.candidate.file.absolute)) : undefined;
  if (guard && guard.refused.length > 0) {
    const pathOf = new Map(changing.map((c) => [c.candidate.file.absolute, c.candidate.file.path]));
    result.refused = guard.refused.map((file) => ({ ...file, path: pathOf.get(file.path)! }));
    for (const c of changing) notApplied(c.result);
    return;
  }
  if (guard && guard.unguarded.length > 0) {
    const unguarded = new Set(guard.unguarded);
    result.unguarded = changing.filter((c) => unguarded.has(c.candidate.file.absolute)).map((c) => c.candidate.file.path);
  }
  if (options.signal?.aborted) {
    result.interrupted = true;
    for (const c of changing) notApplied(c.result);
    return;
  }
  for (const c of changing) c.result.written = true;
  try {
    options.beforeWrite?.(result);
  } finally {
    for (const c of changing) c.result.written = false;
  }
  for (const { candidate, result: file } of changing) {
    await new Promise((next) => setImmediate(next));
    if (options.signal?.aborted) {
      result.interrupted = true;
      notApplied(file);
      continue;
    }
    try {
      const was = encodeUtf8({ text: file.original!, bom: candidate.bom });
      writeAtomically(candidate.file.absolute, encodeUtf8({ text: file.fixed!, bom: candidate.bom }), { ...candidate.owner, bytes: was });
      file.written = true;
    } catch (error) {
      result.diagnostics.push({ path: file.path, kind: "write-error", message: `not written: ${describeIoError(error)}` });
      notApplied(file);
      delete file.fixed;
    }
  }
}

/**
 * Reads every file and keeps those some rule wants (see prefilter.ts); only they are parsed. Each is handed to
 * `found` as soon as it is known, so that parsing can start before the last file is read; the read waits for the
 * promise `found` returns.
 */
async function readCandidates(
  files: readonly DiscoveredFile[],
  prefilter: Prefilter,
  diagnostics: Diagnostic[],
  skipped: SkippedFile[],
  found: (candidate: Candidate) => Promise<void>,
  onRead?: (done: number) => void,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const [index, file] of files.entries()) {
    onRead?.(index);
    let read: ReadFile;
    const maxBytes = maxBytesOf(file.kind);
    try {
      read = readRegularFile(file.absolute, maxBytes);
    } catch (error) {
      if (error instanceof NotRegularFileError) skipped.push({ path: file.path, reason: "not-a-file", message: `skipped: ${error.message}, not source` });
      else diagnostics.push({ path: file.path, kind: "read-error", message: `cannot read the file: ${describeIoError(error)}` });
      continue;
    }
    if (read.size > maxBytes) {
      skipped.push({ path: file.path, reason: "too-large", message: tooLargeMessage(file.kind, read.size) });
      continue;
    }
    const bytes = read.bytes;
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
    const verdict = prefilter.read(file.kind, bytes, () => decode()?.text);
    if (!verdict.wanted) continue;
    const utf8 = decode();
    if (utf8) {
      const known = verdict.known ? { known: verdict.known } : {};
      const candidate = { file, text: utf8.text, bom: utf8.bom, owner: { mode: read.mode, uid: read.uid, gid: read.gid }, ...known };
      candidates.push(candidate);
      await found(candidate);
    } else diagnostics.push(decodeError(file.path, bytes));
  }
  return candidates;
}

/**
 * Parses and checks the candidates. Once enough source needs it to repay their start-up, worker threads start (while
 * the rest of the repo is still being read) and this thread, done reading, processes files alongside them: the
 * threads take from one queue (see WorkerPool). Else every file is processed on this thread. While it reads, this
 * thread also processes whatever waits beyond QUEUED_CHARS_LIMIT.
 */
class Processor {
  private readonly candidates: Candidate[] = [];
  /** Characters of the candidates workers may take (see WorkerPool): Python and notebooks. */
  private sharedChars = 0;
  private readonly pool = new WorkerPool((job) => sharedWithWorkers(job.kind));
  private workersStarted = false;
  private readonly results: Promise<JobResult>[] = [];
  private answered = 0;
  private readonly breather = new Breather();
  /** What this thread processes with, loaded for its first job. */
  private context?: Promise<JobContext>;

  constructor(
    private readonly root: string,
    private readonly rules: readonly Rule[],
    private readonly options: RunOptions,
    private readonly diagnostics: Diagnostic[],
    private readonly project: ProjectFacts,
    private readonly loaded: { parsers?: Parsers },
    private readonly projectFiles: ProjectFile[] | undefined,
  ) {}

  /** Queues the candidate; the read goes on once the promise resolves. */
  async add(candidate: Candidate): Promise<void> {
    this.candidates.push(candidate);
    if (sharedWithWorkers(candidate.file.kind)) this.sharedChars += candidate.text!.length;
    this.submit(candidate);
    if (!this.workersStarted && this.threads() > 1) {
      this.workersStarted = true;
      this.pool.start(this.threads() - 1, this.workerSetup());
    }
    if (this.pool.hasWorkers) await nextTurn(); // Workers are topped up from the event loop.
    while (this.pool.queuedChars > QUEUED_CHARS_LIMIT && (await this.processNext()));
  }

  /** Threads to parse on, this one included. */
  private threads(): number {
    const { workers } = this.options;
    if (workers !== "auto" && workers !== undefined) return workers;
    return this.sharedChars >= POOL_THRESHOLD_CHARS ? autoThreads() : 1;
  }

  private workerSetup(): WorkerSetup {
    const { target, mode, precision = "auto", parserBackend, fixes } = this.options;
    return { root: projectDir(this.root), target, ruleIds: this.rules.map((r) => r.id), mode, precision, ...(fixes ? { fixes } : {}), ...(parserBackend ? { backend: parserBackend } : {}), ...(this.projectFiles ? { projectFiles: this.projectFiles } : {}) };
  }

  private submit(candidate: Candidate): void {
    const ignore = ignoredFor(candidate.file, this.rules, this.options.perFileIgnores ?? []);
    const hintOnly = this.hintOnlyReason(candidate);
    const known = candidate.known;
    delete candidate.known; // The job holds it while it waits; the candidate outlives it.
    const job = { path: candidate.file.path, kind: candidate.file.kind, text: candidate.text!, ...(ignore ? { ignore } : {}), ...(hintOnly ? { hintOnly } : {}), ...(known ? { known } : {}) };
    const result = this.pool.submit(job).then((settled) => {
      if (!needsText(settled, this.options.addNoqa === true)) delete candidate.text;
      this.options.onProgress?.(++this.answered, this.candidates.length, "parse");
      return settled;
    });
    // `finish` awaits it; until then (or when the read fails and `close` ends the pool) a rejection is not unhandled.
    result.catch(() => {});
    this.results.push(result);
  }

  private hintOnlyReason({ file, text }: Candidate): string | undefined {
    // A file's kind comes first: the hint-only setting may list no patterns, and Markdown is still never edited.
    // A report-only target (a TPU) edits nothing: every fix is shown as what it would have been.
    return this.options.target.reportOnly ?? hintOnlyByKind(file.kind, text!) ?? hintOnlyReason(file, this.options.hintOnly ?? DEFAULT_HINT_ONLY);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async finish(): Promise<(FileOutcome | undefined)[]> {
    if (this.candidates.length === 0) return [];
    try {
      await this.processHere();
      const results = await Promise.all(this.results);
      return results.map((result, i) => {
        if (!("failed" in result)) return result;
        this.diagnostics.push({ path: this.candidates[i]!.file.path, kind: "internal-error", message: `gpu-compat failed on this file: ${result.failed}` });
        return undefined;
      });
    } finally {
      await this.pool.close();
    }
  }

  /** Processes on this thread the jobs no worker takes, until none waits. */
  private async processHere(): Promise<void> {
    while (await this.processNext());
  }

  /** Processes the next job no worker took on this thread; false when none waits. */
  private async processNext(): Promise<boolean> {
    const context = await (this.context ??= this.loadContext());
    const next = this.pool.take();
    if (!next) return false;
    next.settle(processJob(next.job, context));
    // With workers, the event loop turns after every file: their answers top them up.
    const breath = this.breather.processed(next.job.text.length);
    await (breath ?? (this.pool.hasWorkers ? nextTurn() : undefined));
    return true;
  }

  private async loadContext(): Promise<JobContext> {
    const { target, mode, precision = "auto", parserBackend, fixes } = this.options;
    const parsers = await loadParsers(parserBackend, { fewFiles: this.candidates.length < FEW_FILES });
    this.loaded.parsers = parsers;
    return { target, rules: this.rules, mode, precision, project: this.project, parsers, ...(fixes ? { fixes } : {}) };
  }
}

/** The kinds of file worker threads process; the rest (configs, shell, Markdown) stay on the main thread (see WorkerPool). */
function sharedWithWorkers(kind: DiskKind): boolean {
  return kind === "python" || kind === "notebook";
}

/** Whether a file's text is still needed once its outcome is known (see Candidate): `--add-noqa` comments its findings. */
function needsText(result: JobResult, addNoqa: boolean): boolean {
  if ("failed" in result) return false;
  return result.fixed !== undefined || result.diagnostics.some((d) => d.kind === "syntax-error") || (addNoqa && result.findings.length > 0);
}

/** Resolves after one turn of the event loop, once the messages waiting for it are handled. */
function nextTurn(): Promise<void> {
  return new Promise((resume) => setImmediate(resume));
}

/** The directory project facts are read from: the root, or the folder of a single-file root. */
function projectDir(root: string): string {
  return statSync(root).isDirectory() ? root : dirname(root);
}

/**
 * Threads for a large run, the main thread one of them (n - 1 workers): one per CPU, at most 8.
 * `GPU_COMPAT_WORKERS=<n>` sets the count instead (1: every file on the main thread, as `pnpm bench --cpu-prof`
 * profiles it).
 */
function autoThreads(): number {
  const set = Number(process.env.GPU_COMPAT_WORKERS);
  if (Number.isInteger(set) && set >= 1) return set;
  return Math.max(1, Math.min(availableParallelism(), 8));
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
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EROFS") return "the file system is read-only";
  return (error as Error).message;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function decodeError(path: string, bytes: Uint8Array): Diagnostic {
  const at = invalidUtf8At(bytes);
  const byte = at ? ` (byte 0x${at.byte.toString(16).toUpperCase().padStart(2, "0")})` : "";
  const message = `the file is not valid UTF-8${byte}; gpu-compat reads UTF-8 source only, so it was skipped.`;
  return { path, kind: "decode-error", message, ...(at ? { start: { line: at.line, column: at.column } } : {}) };
}
