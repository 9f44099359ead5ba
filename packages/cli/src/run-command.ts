import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { removePendingTemps, runProject, workTreeOf, type HintOnlyPattern, type PerFileIgnore, type PreparedOutput, type RunOptions, type RunResult, type Severity } from "@gpu-compat/engine";
import { formatPatch, plural, renderHtml, renderJson, renderMarkdown, renderSarif, repoPath, type ReportOptions } from "@gpu-compat/report";
import { allRules, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import { resolveTarget, UnknownTargetError, type Target } from "@gpu-compat/targets";
import { EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { useColor, type ColorChoice } from "./color.js";
import { checkStatisticsFormat, isTextFormat, outputFormat, renderFindings, type FindingsView, type LEGACY_FORMATS, type OutputFormat } from "./findings-output.js";
import { checkOutputPath, prepareOutputFile, writeOutput, type OutputFile } from "./outputs.js";
import { outputPaths } from "./paths.js";
import { progressLine } from "./progress.js";
import { checkRuleNames, findSettings, hintOnlyPatterns, loadSettings, selectRules, SettingsError, type Settings } from "./settings.js";
import { isStdin, readAll, stdinSource, type StdinSource } from "./stdin.js";
import { VERSION } from "./version.js";

/** Options both commands take; where a flag is absent, the settings (or the default) decide. */
export interface CommonOptions {
  target?: string;
  precision?: PrecisionChoice;
  exclude?: string[];
  select?: string[];
  ignore?: string[];
  /** An explicit settings file, instead of the one found by walking up from the path. */
  config?: string;
  /** `--output-format`; `--format` is the older name. */
  outputFormat?: OutputFormat;
  format?: (typeof LEGACY_FORMATS)[number];
  /** Write the findings there instead of stdout. */
  outputFile?: string;
  /** How many times `-q` was given; `--silent` counts as two. */
  quiet?: number;
  silent?: boolean;
  statistics?: boolean;
  color?: ColorChoice;
  /** With the path `-`: the name of the file read from stdin, which sets its kind. */
  stdinFilename?: string;
}

export interface FixOptions extends CommonOptions {
  dryRun?: boolean;
  allowDirty?: boolean;
  diff?: boolean;
  /** Where to write the report; false: none (`--no-report`); absent: gpu-compat-report.md, or none for a dry run. */
  report?: string | boolean;
  unsafeFixes?: boolean;
  exitNonZeroOnFix?: boolean;
  exitZero?: boolean;
}

export interface CheckOptions extends CommonOptions {
  /** Also write SARIF to this file. */
  sarif?: string;
  /** The lowest severity that makes `check` exit 1 (default "info": any finding). */
  failOn?: Severity;
  /** Print the patch `fix` would apply. */
  diff?: boolean;
  unsafeFixes?: boolean;
  exitZero?: boolean;
  /** Write a suppression comment on each finding's line instead of reporting the findings. */
  addNoqa?: boolean;
  /** With `addNoqa`: write into files with uncommitted changes. */
  allowDirty?: boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** stderr is a terminal: long runs show a progress line there. */
  stderrIsTerminal?: boolean;
  /** stdout is a terminal: text output is coloured there (see useColor). */
  stdoutIsTerminal?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The bytes of stdin, for the path `-`. */
  readStdin?: () => Promise<Buffer>;
}

/** Runs the engine with a progress line on stderr for long runs on a terminal. */
async function runWithProgress(io: Io, options: RunOptions): Promise<RunResult> {
  const progress = progressLine(io.stderr, io.stderrIsTerminal === true);
  if (options.mode === "fix" && options.target.reportOnly) io.stderr(`gpu-compat: ${options.target.reportOnly}: \`fix\` writes nothing; the findings say what to change by hand.\n`);
  try {
    return await runProject({ ...options, onProgress: (done, total, phase) => progress.update(done, total, phase) });
  } finally {
    progress.end();
  }
}

export function parseTarget(name: string): Target {
  try {
    return resolveTarget(name);
  } catch (error) {
    if (error instanceof UnknownTargetError) throw new UsageError(error.message);
    throw error;
  }
}

function resolveRoot(io: Io, path: string): string {
  const root = resolve(io.cwd, path);
  if (!existsSync(root)) throw new UsageError(`No such file or directory: ${path}`);
  return root;
}

/**
 * The run's root, and the paths inside it when they are files or several (pre-commit passes a list of staged
 * files). Then the root is the git work tree that holds them all (under pre-commit: the repository's top level),
 * else the deepest folder that does, never a folder above them by accident of where the command ran: settings and
 * project facts are found from the root, files are reported relative to it, and its `exclude` and .gitignore
 * apply to files named on the command line too (as Ruff's `--force-exclude`: a staged excluded file is skipped).
 */
function resolvePaths(io: Io, given: string | readonly string[]): { root: string; paths?: string[] } {
  const paths = (typeof given === "string" ? [given] : given).map((path) => resolveRoot(io, path));
  if (paths.length === 1 && statSync(paths[0]!).isDirectory()) return { root: paths[0]! };
  const inside = (dir: string, path: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  let root = statSync(paths[0]!).isDirectory() ? paths[0]! : dirname(paths[0]!);
  while (!paths.every((path) => inside(root, path))) root = dirname(root);
  const tree = workTreeOf(root);
  // The work tree by the name the user gave (workTreeOf answers with real paths).
  const treeAsGiven = tree && resolve(root, relative(realOrSelf(root), tree));
  return { root: treeAsGiven && inside(treeAsGiven, root) ? treeAsGiven : root, paths };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const ruleTitles = Object.fromEntries(allRules.map((rule) => [rule.id, rule.title]));

/** What a run uses, from the flags, else the settings, else the defaults. */
interface RunChoice {
  target: Target;
  precision: PrecisionChoice;
  rules: Rule[];
  exclude: string[];
  perFileIgnores: PerFileIgnore[];
  hintOnly: HintOnlyPattern[];
}

function runChoice(io: Io, root: string, options: CommonOptions, settingsFrom = root): RunChoice {
  let settings: Settings | undefined;
  try {
    settings = options.config ? loadSettings(resolve(io.cwd, options.config)) : findSettings(settingsFrom);
    for (const [flag, list] of [["--select", options.select], ["--ignore", options.ignore]] as const) if (list) checkRuleNames(list, flag);
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
  const targetName = options.target ?? settings?.target;
  if (!targetName) {
    throw new UsageError("no target: pass --target (for example --target t4; `gpu-compat targets` lists them) or set `target` in [tool.gpu-compat] of pyproject.toml, or in gpu-compat.toml.");
  }
  const rules = selectRules(options.select ?? settings?.select, options.ignore ?? settings?.ignore);
  const base = settings ? dirname(settings.file) : settingsFrom;
  return {
    target: parseTarget(targetName),
    precision: options.precision ?? settings?.precision ?? "auto",
    rules,
    exclude: options.exclude ?? settings?.exclude ?? [],
    perFileIgnores: (settings?.perFileIgnores ?? []).map(({ pattern, rules: named }) => ({ base, pattern, rules: named })),
    hintOnly: hintOnlyPatterns(settings),
  };
}

/** The files and paths of a run: a repository, folder or files, or the copy of stdin's text for `-`. */
interface RunInput {
  root: string;
  paths?: string[];
  stdin?: StdinSource;
}

/** Runs `body` on the paths given, or on a copy of stdin's text under `--stdin-filename` for `-`. */
async function withInput(io: Io, given: string | readonly string[], options: CommonOptions, body: (input: RunInput) => Promise<number>): Promise<number> {
  if (!isStdin(given)) return body(resolvePaths(io, given));
  const bytes = await (io.readStdin ?? (() => readAll(process.stdin)))();
  const stdin = stdinSource(io.cwd, bytes, options.stdinFilename);
  try {
    return await body({ root: stdin.root, paths: [stdin.file], stdin });
  } finally {
    stdin.dispose();
  }
}

/** The flags' choice of how findings are shown, checked before the run; on stderr (`stdoutTaken`) never in colour. */
function findingsView(io: Io, options: CommonOptions, stdoutTaken: boolean): FindingsView {
  const view: FindingsView = {
    format: outputFormat(options),
    quiet: options.silent ? 2 : (options.quiet ?? 0),
    statistics: options.statistics === true,
    color: !options.outputFile && !stdoutTaken && useColor(options.color, io.env ?? process.env, io.stdoutIsTerminal === true),
  };
  checkStatisticsFormat(view);
  return view;
}

/**
 * Where the findings go: `--output-file`, else stdout, or stderr when stdout is taken (`stdoutTaken`): by the fixed
 * source (`fix -`) or by the patch (`--diff`).
 */
interface FindingsSink {
  view: FindingsView;
  file?: OutputFile;
  write: (text: string) => void;
  /** Messages beside the findings (the report's path): none under -q, and on stderr when stdout is a document for tools. */
  note: (text: string) => void;
}

function findingsSink(io: Io, options: CommonOptions, root: string, stdoutTaken: boolean): FindingsSink {
  const view = findingsView(io, options, stdoutTaken);
  const file = options.outputFile ? checkOutputPath("--output-file", resolve(io.cwd, options.outputFile), root) : undefined;
  const stream = stdoutTaken && !file ? io.stderr : io.stdout;
  const notesOnStdout = !stdoutTaken && (isTextFormat(view.format) || file !== undefined);
  return {
    view,
    ...(file ? { file } : {}),
    write: (text) => (file ? writeOutput(file, text) : text !== "" && stream(text)),
    note: (text) => view.quiet === 0 && (notesOnStdout ? io.stdout : io.stderr)(text),
  };
}

/** Paths as the outputs write them; a copy of stdin is named as `--stdin-filename` names it. */
function pathsOf(io: Io, input: RunInput) {
  return input.stdin ? { displayPrefix: "", pathPrefix: "", srcRoot: io.cwd } : outputPaths(io.cwd, input.root);
}

export async function fixCommand(path: string | readonly string[], options: FixOptions, io: Io): Promise<number> {
  return withInput(io, path, options, (input) => (input.stdin ? fixStdin(io, input, input.stdin, options) : fixFiles(io, input, options)));
}

/** `fix -`: the fixed text on stdout, as `ruff check --fix -` writes it; the findings on stderr; no report. */
async function fixStdin(io: Io, input: RunInput, stdin: StdinSource, options: FixOptions): Promise<number> {
  const sink = findingsSink(io, options, input.root, true);
  const choice = runChoice(io, input.root, options, stdin.settingsFrom);
  const fixes = { unsafe: !!options.unsafeFixes };
  const result = await runProject({ root: input.root, paths: input.paths!, ...choice, mode: "fix", fixes, dryRun: true, allowDirty: true, outputs: sink.file ? [sink.file.path] : [] });
  const fixed = result.files.find((file) => file.fixed !== undefined)?.fixed;
  // Unchanged text goes back as it came, so that an editor or a pipe can always replace the buffer with stdout.
  io.stdout(fixed ?? readFileSync(stdin.file, "utf8"));
  // The run wrote no file, yet nothing was dry: the fixed text is the output.
  sink.write(renderFindings({ ...result, dryRun: false }, sink.view, pathsOf(io, input)));
  return exitZero(result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}

async function fixFiles(io: Io, { root, paths }: RunInput, options: FixOptions): Promise<number> {
  const sink = findingsSink(io, options, root, !!options.diff);
  const choice = runChoice(io, root, options);
  const reportPath = typeof options.report === "string" ? options.report : options.report === false || options.dryRun ? undefined : DEFAULT_REPORT;
  const report = reportPath === undefined ? undefined : checkOutputPath("--report", resolve(io.cwd, reportPath), root);
  const renderReport = reportRenderer(io, root, report?.path);
  // The report is written before the first source file, and renamed into place after the last: a full disk or
  // an unwritable folder stops the run before anything is touched.
  let prepared: { output: PreparedOutput; text: string } | undefined;
  const interrupt = new AbortController();
  const result = await whileHandlingSignals(interrupt, () =>
    runWithProgress(io, {
      root,
      ...(paths ? { paths } : {}),
      ...choice,
      mode: "fix",
      fixes: { unsafe: !!options.unsafeFixes },
      dryRun: !!options.dryRun,
      allowDirty: !!options.allowDirty,
      outputs: [report, sink.file].flatMap((output) => (output ? [output.path] : [])),
      signal: interrupt.signal,
      beforeWrite: (preview) => {
        if (!report) return;
        const text = renderReport(preview);
        prepared = { output: prepareOutputFile(report, text), text };
      },
    }),
  );
  if (result.refused) {
    io.stderr(refusalMessage(result, "gpu-compat fix"));
    return EXIT_USAGE;
  }
  // With --diff, stdout is the patch alone (`> fix.patch`, `| git apply`); the rest goes to stderr.
  if (options.diff) io.stdout(formatPatch(result));
  sink.write(renderFindings(result, sink.view, pathsOf(io, { root })));
  if (result.unguarded) {
    // Decided against cargo's --allow-no-vcs: Kaggle and Colab copies are rarely git trees. Said, not refused.
    const count = result.unguarded.length;
    sink.note(`Note: ${count} written file${count === 1 ? " is" : "s are"} in no git work tree: nothing guarded the write, and git cannot undo it${report ? " (the report has every diff)" : ""}.\n`);
  }
  if (report) {
    const text = renderReport(result);
    if (prepared && prepared.text === text) prepared.output.commit();
    else {
      prepared?.output.discard();
      writeOutput(report, text);
    }
    sink.note(`Report written to ${report.path}\n`);
  }
  if (result.interrupted) {
    const written = result.files.filter((file) => file.written).map((file) => file.path);
    const left = result.files.filter((file) => file.fixed !== undefined && !file.written).map((file) => file.path);
    io.stderr(`interrupted: ${written.length} file(s) written, ${left.length} not written:\n${left.map((file) => `  * ${file}\n`).join("")}`);
    return interrupt.signal.reason === "SIGTERM" ? EXIT_TERMINATED : EXIT_INTERRUPTED;
  }
  return exitZero(fixFails(result, options) ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}

const DEFAULT_REPORT = "gpu-compat-report.md";

/**
 * The report's format by its extension: `.json` the JSON document, `.html`/`.htm` a self-contained page, anything
 * else Markdown. Places in it are written as the reader finds them: the root relative to the working directory,
 * and links to the files relative to the report's own folder, never an absolute path of this machine.
 */
function reportRenderer(io: Io, root: string, reportPath: string | undefined): (result: RunResult) => string {
  if (reportPath === undefined) return () => "";
  if (/\.json$/i.test(reportPath)) return (result) => renderJson(result, { version: VERSION });
  const dir = statSync(root).isDirectory() ? root : dirname(root);
  const slashes = (path: string) => path.split(sep).join("/");
  const options: ReportOptions = { ruleTitles, root: slashes(relative(io.cwd, dir)) || ".", linkBase: slashes(relative(dirname(reportPath), dir)) || "." };
  return /\.html?$/i.test(reportPath) ? (result) => renderHtml(result, options) : (result) => renderMarkdown(result, options);
}

/**
 * `fix` exits 1, as Ruff's `--fix` does on what it leaves: for files it could not handle, for an error-level
 * finding it left unfixed (flash-attn on a T4: the commit would still break), for the changes a dry run would
 * make, and with --exit-non-zero-on-fix for files it rewrote (pre-commit's hook: the user stages them).
 */
function fixFails(result: RunResult, options: FixOptions): boolean {
  const findings = result.files.flatMap((file) => file.findings);
  const changed = result.files.some((file) => file.fixed !== undefined);
  return (
    result.diagnostics.length > 0 ||
    findings.some((finding) => finding.severity === "error" && finding.applied !== true) ||
    (!!options.dryRun && changed) ||
    (!!options.exitNonZeroOnFix && result.files.some((file) => file.written))
  );
}

/** Why `fix` wrote nothing: each refused file with the reason, as cargo fix refuses to rewrite uncommitted work. */
function refusalMessage(result: RunResult, command: string): string {
  const refused = result.refused ?? [];
  const dirty = refused.filter((file) => file.reason === "uncommitted");
  const unanswered = refused.filter((file) => file.reason === "git-unanswered");
  let text = "";
  if (dirty.length > 0) {
    text += `error: these files have uncommitted changes, and \`${command}\` would change them:\n${dirty.map((file) => `  * ${file.path}\n`).join("")}`;
    text += "Commit or stash them first, or pass --allow-dirty (or --dry-run --diff to see the changes).\n";
  }
  const byMessage = new Map<string, string[]>();
  for (const file of unanswered) byMessage.set(file.message!, [...(byMessage.get(file.message!) ?? []), file.path]);
  for (const [message, files] of byMessage) {
    text += `error: git cannot say whether these files are committed, and \`${command}\` would change them:\n${files.map((file) => `  * ${file}\n`).join("")}${message}.\n`;
  }
  return `${text}Nothing was written.\n`;
}

/**
 * SIGINT/SIGTERM during a fix stop it at the next file boundary (each file is replaced atomically), so that the
 * run can say what was and was not written; a second signal ends the process at once.
 */
async function whileHandlingSignals<T>(controller: AbortController, run: () => Promise<T>): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      removePendingTemps();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    controller.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await run();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

export async function checkCommand(path: string | readonly string[], options: CheckOptions, io: Io): Promise<number> {
  if (options.addNoqa) {
    if (isStdin(path)) throw new UsageError("--add-noqa writes files; it does not read stdin (`-`)");
    if (options.diff) throw new UsageError("--add-noqa cannot be combined with --diff");
    return addNoqa(io, resolvePaths(io, path), options);
  }
  if (options.allowDirty) throw new UsageError("--allow-dirty goes with --add-noqa (or with `fix`)");
  return withInput(io, path, options, async (input) => {
    const { root, paths, stdin } = input;
    const sink = findingsSink(io, options, root, !!options.diff);
    const sarifOutput = options.sarif ? checkOutputPath("--sarif", resolve(io.cwd, options.sarif), root) : undefined;
    const outputs = [sarifOutput, sink.file].flatMap((output) => (output ? [output.path] : []));
    const choice = runChoice(io, root, options, stdin?.settingsFrom);
    const fixes = { unsafe: !!options.unsafeFixes, inCheck: !!options.diff };
    const result = await runWithProgress(io, { root, ...(paths ? { paths } : {}), ...choice, mode: "check", fixes, outputs });
    const where = pathsOf(io, input);
    // The patch alone on stdout, as `fix --dry-run --diff` prints it; the findings go to stderr (see findingsSink).
    if (options.diff) io.stdout(formatPatch(result));
    sink.write(renderFindings(result, sink.view, where));
    if (sarifOutput) writeOutput(sarifOutput, renderSarif(result, { version: VERSION, pathPrefix: where.pathPrefix, srcRoot: where.srcRoot }));
    return exitZero(fails(result, options.failOn ?? "info") ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
  });
}

/**
 * `check --add-noqa`: a suppression comment for every finding (add-noqa.ts in the engine says where one can go),
 * written as `fix` writes (the git guard, atomic writes). Exit 1 when some finding could not take one.
 */
async function addNoqa(io: Io, { root, paths }: RunInput, options: CheckOptions): Promise<number> {
  const choice = runChoice(io, root, options);
  const result = await runWithProgress(io, { root, ...(paths ? { paths } : {}), ...choice, mode: "check", addNoqa: true, allowDirty: !!options.allowDirty });
  if (result.refused) {
    io.stderr(refusalMessage(result, "gpu-compat check --add-noqa"));
    return EXIT_USAGE;
  }
  const { added, files, skipped } = result.suppressions!;
  const where = outputPaths(io.cwd, root);
  io.stdout(`Added ${plural(added, "suppression comment")} to ${plural(files, "file")}.\n`);
  if (skipped.length > 0) {
    io.stdout(`Not suppressed (${plural(skipped.length, "finding")}):\n`);
    for (const s of skipped) io.stdout(`  ${repoPath(s.path, where.displayPrefix)}:${s.cell !== undefined ? `cell ${s.cell}:` : ""}${s.line}: ${s.rule}: ${s.reason}\n`);
  }
  for (const diagnostic of result.diagnostics) io.stderr(`${repoPath(diagnostic.path, where.displayPrefix)}: ${diagnostic.message}\n`);
  return exitZero(skipped.length > 0 || result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Findings at or above the threshold, or files that could not be handled. */
function fails(result: RunResult, failOn: Severity): boolean {
  const counts = result.summary.bySeverity;
  const failing = (Object.keys(counts) as Severity[]).some((severity) => counts[severity] > 0 && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn]);
  return failing || result.diagnostics.length > 0;
}

/** `--exit-zero`: findings and unhandled files exit 0; usage errors and refusals keep their code. */
function exitZero(code: number, enabled: boolean | undefined): number {
  return enabled && code === EXIT_FINDINGS ? EXIT_OK : code;
}
