import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { runProject, type HintOnlyPattern, type PerFileIgnore, type RunOptions, type RunResult, type Severity } from "@gpu-compat/engine";
import { formatPatch, renderGithub, renderJson, renderMarkdown, renderSarif, renderText } from "@gpu-compat/report";
import { allRules, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import { resolveTarget, UnknownTargetError, type Target } from "@gpu-compat/targets";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { progressLine } from "./progress.js";
import { checkRuleNames, findSettings, hintOnlyPatterns, loadSettings, selectRules, SettingsError, type Settings } from "./settings.js";
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
  color: boolean;
}

export interface FixOptions extends CommonOptions {
  dryRun?: boolean;
  allowDirty?: boolean;
  diff?: boolean;
  /** Where to write the report; false: none (`--no-report`). */
  report: string | false;
  exitZero?: boolean;
}

export interface CheckOptions extends CommonOptions {
  format: "text" | "json" | "sarif" | "github";
  /** Also write SARIF to this file. */
  sarif?: string;
  /** The lowest severity that makes `check` exit 1 (default "info": any finding). */
  failOn?: Severity;
  exitZero?: boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** stderr is a terminal: long runs show a progress line there. */
  stderrIsTerminal?: boolean;
}

/** Runs the engine with a progress line on stderr for long runs on a terminal. */
async function runWithProgress(io: Io, options: RunOptions): Promise<RunResult> {
  const progress = progressLine(io.stderr, io.stderrIsTerminal === true);
  try {
    return await runProject({ ...options, onProgress: (done, total) => progress.update(done, total) });
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
 * The run's root, and the paths inside it when there are several (pre-commit passes a list of files). Then the
 * root is the working directory when it holds them all (as under pre-commit: the repository's top level), else
 * the deepest folder that does; settings are found from it and files are reported relative to it.
 */
function resolvePaths(io: Io, given: string | readonly string[]): { root: string; paths?: string[] } {
  const paths = (typeof given === "string" ? [given] : given).map((path) => resolveRoot(io, path));
  if (paths.length === 1) return { root: paths[0]! };
  const inside = (dir: string, path: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  let root = resolve(io.cwd);
  if (!paths.every((path) => inside(root, path))) {
    root = statSync(paths[0]!).isDirectory() ? paths[0]! : dirname(paths[0]!);
    while (!paths.every((path) => inside(root, path))) root = dirname(root);
  }
  return { root, paths };
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

function runChoice(io: Io, root: string, options: CommonOptions): RunChoice {
  let settings: Settings | undefined;
  try {
    settings = options.config ? loadSettings(resolve(io.cwd, options.config)) : findSettings(root);
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
  const base = settings ? dirname(settings.file) : root;
  return {
    target: parseTarget(targetName),
    precision: options.precision ?? settings?.precision ?? "auto",
    rules,
    exclude: options.exclude ?? settings?.exclude ?? [],
    perFileIgnores: (settings?.perFileIgnores ?? []).map(({ pattern, rules: named }) => ({ base, pattern, rules: named })),
    hintOnly: hintOnlyPatterns(settings),
  };
}

export async function fixCommand(path: string | readonly string[], options: FixOptions, io: Io): Promise<number> {
  const { root, paths } = resolvePaths(io, path);
  const choice = runChoice(io, root, options);
  const result = await runWithProgress(io, { root, ...(paths ? { paths } : {}), ...choice, mode: "fix", dryRun: !!options.dryRun, allowDirty: !!options.allowDirty });
  if (result.refused) {
    // As `cargo fix` does: never rewrite work that git could not give back.
    const files = result.refused.map((file) => `  * ${file}\n`).join("");
    io.stderr(`error: these files have uncommitted changes, and \`gpu-compat fix\` would change them:\n${files}Commit or stash them first, or pass --allow-dirty (or --dry-run --diff to see the changes). Nothing was written.\n`);
    return EXIT_USAGE;
  }
  if (options.diff) io.stdout(formatPatch(result));
  io.stdout(renderText(result, { color: options.color }));
  if (options.report !== false) {
    const reportPath = resolve(io.cwd, options.report);
    const report = reportPath.endsWith(".json")
      ? renderJson(result, { version: VERSION })
      : renderMarkdown(result, { ruleTitles });
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, report);
    io.stdout(`Report written to ${reportPath}\n`);
  }
  return exitZero(result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
}

export async function checkCommand(path: string | readonly string[], options: CheckOptions, io: Io): Promise<number> {
  const { root, paths } = resolvePaths(io, path);
  const result = await runWithProgress(io, { root, ...(paths ? { paths } : {}), ...runChoice(io, root, options), mode: "check" });
  const ci = ciPaths(io.cwd, root);
  const sarif = () => renderSarif(result, { version: VERSION, ...ci });
  const render = {
    text: () => renderText(result, { color: options.color }),
    json: () => renderJson(result, { version: VERSION }),
    sarif,
    github: () => renderGithub(result, { pathPrefix: ci.pathPrefix }),
  }[options.format];
  io.stdout(render());
  if (options.sarif) {
    const sarifPath = resolve(io.cwd, options.sarif);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, sarif());
  }
  return exitZero(fails(result, options.failOn ?? "info") ? EXIT_FINDINGS : EXIT_OK, options.exitZero);
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

/**
 * CI tools want paths relative to the repository root, which in CI is the working directory: the checked
 * directory relative to it prefixes every path. A root outside the working directory is its own base.
 */
function ciPaths(cwd: string, root: string): { pathPrefix: string; srcRoot: string } {
  const dir = statSync(root).isDirectory() ? root : dirname(root);
  const rel = relative(cwd, dir);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { pathPrefix: "", srcRoot: dir };
  return { pathPrefix: rel.split(sep).join("/"), srcRoot: cwd };
}
