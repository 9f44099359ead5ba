import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { runProject, type RunResult } from "@gpu-compat/engine";
import { formatPatch, renderJson, renderMarkdown, renderText } from "@gpu-compat/report";
import { allRules, type PrecisionChoice } from "@gpu-compat/rules";
import { resolveTarget, UnknownTargetError, type Target } from "@gpu-compat/targets";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { VERSION } from "./version.js";

export interface CommonOptions {
  target: string;
  precision: PrecisionChoice;
  exclude?: string[];
  color: boolean;
}

export interface FixOptions extends CommonOptions {
  dryRun?: boolean;
  allowDirty?: boolean;
  diff?: boolean;
  report: string;
}

export interface CheckOptions extends CommonOptions {
  format: "text" | "json";
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
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

const ruleTitles = Object.fromEntries(allRules.map((rule) => [rule.id, rule.title]));

export async function fixCommand(path: string, options: FixOptions, io: Io): Promise<number> {
  const target = parseTarget(options.target);
  const result = await runProject({
    root: resolveRoot(io, path),
    target,
    mode: "fix",
    dryRun: !!options.dryRun,
    allowDirty: !!options.allowDirty,
    precision: options.precision,
    exclude: options.exclude ?? [],
  });
  if (result.refused) {
    // As `cargo fix` does: never rewrite work that git could not give back.
    const files = result.refused.map((file) => `  * ${file}\n`).join("");
    io.stderr(`error: these files have uncommitted changes, and \`gpu-compat fix\` would change them:\n${files}Commit or stash them first, or pass --allow-dirty (or --dry-run --diff to see the changes). Nothing was written.\n`);
    return EXIT_USAGE;
  }
  if (options.diff) io.stdout(formatPatch(result));
  io.stdout(renderText(result, { color: options.color }));

  const reportPath = resolve(io.cwd, options.report);
  const report = reportPath.endsWith(".json")
    ? renderJson(result, { version: VERSION })
    : renderMarkdown(result, { ruleTitles });
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, report);
  io.stdout(`Report written to ${reportPath}\n`);
  return result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

export async function checkCommand(path: string, options: CheckOptions, io: Io): Promise<number> {
  const target = parseTarget(options.target);
  const result = await runProject({ root: resolveRoot(io, path), target, mode: "check", precision: options.precision, exclude: options.exclude ?? [] });
  io.stdout(options.format === "json" ? renderJson(result, { version: VERSION }) : renderText(result, { color: options.color }));
  return hasAnything(result) ? EXIT_FINDINGS : EXIT_OK;
}

function hasAnything(result: RunResult): boolean {
  return result.summary.findings > 0 || result.diagnostics.length > 0;
}
