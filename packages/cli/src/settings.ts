import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DEFAULT_HINT_ONLY, type HintOnlyPattern } from "@gpu-compat/engine";
import { allRules, type Category, type PrecisionChoice, type Rule } from "@gpu-compat/rules";
import { closest, resolveTarget, UnknownTargetError } from "@gpu-compat/targets";
import { parse as parseToml } from "smol-toml";

/**
 * Project settings: `gpu-compat.toml` (or `.gpu-compat.toml`) with top-level keys, or the `[tool.gpu-compat]` table
 * of `pyproject.toml`, found by walking up from the path being checked; the closest wins, and in one folder
 * `gpu-compat.toml` wins over `pyproject.toml`, as ruff does with its own files. Command-line flags override them.
 */
export interface Settings {
  /** The file they came from, and the table inside it ("" for the top level). */
  file: string;
  table: string;
  target?: string;
  precision?: PrecisionChoice;
  select?: string[];
  ignore?: string[];
  exclude?: string[];
  /** Glob (relative to the settings file's folder) -> rule ids or categories not run on the files it matches. */
  perFileIgnores?: { pattern: string; rules: string[] }[];
  /** Globs (relative to the settings file's folder) of files reported but never fixed; replaces the defaults. */
  hintOnly?: string[];
}

/** A setting that cannot be used: names the file, the key and what is accepted. */
export class SettingsError extends Error {}

const FILE_NAMES = ["gpu-compat.toml", ".gpu-compat.toml"];
const KEYS = ["target", "precision", "select", "ignore", "exclude", "per-file-ignores", "hint-only"] as const;
const PRECISIONS: readonly PrecisionChoice[] = ["auto", "fp32", "fp16"];
const CATEGORIES: readonly Category[] = [...new Set(allRules.map((rule) => rule.category))];

/** The settings that apply to `path`, or undefined when no settings file is found above it. */
export function findSettings(path: string): Settings | undefined {
  let dir = resolve(path);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    for (const name of FILE_NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) return loadSettings(file);
    }
    const pyproject = join(dir, "pyproject.toml");
    if (existsSync(pyproject)) {
      const settings = loadSettings(pyproject, { optional: true });
      if (settings) return settings;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads one settings file: a `gpu-compat.toml`, or a `pyproject.toml` (its `[tool.gpu-compat]` table). With
 * `optional`, a pyproject.toml without the table gives undefined; otherwise that is an error.
 */
export function loadSettings(file: string, options: { optional?: boolean } = {}): Settings | undefined {
  const isPyproject = file.endsWith("pyproject.toml");
  const table = isPyproject ? "tool.gpu-compat" : "";
  let data: Record<string, unknown>;
  try {
    data = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new SettingsError(`${file}: not valid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  const raw = isPyproject ? ((data.tool as Record<string, unknown> | undefined)?.["gpu-compat"] as unknown) : data;
  if (raw === undefined) {
    if (options.optional) return undefined;
    throw new SettingsError(`${file}: has no [tool.gpu-compat] table.`);
  }
  const where = (key: string) => `${file}: ${table ? `[${table}] ` : ""}${key}`;
  if (!isTable(raw)) throw new SettingsError(`${file}: [${table}] must be a table.`);
  const settings: Settings = { file, table };
  for (const key of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = closest(key, KEYS);
      throw new SettingsError(`${where(key)}: unknown setting${near ? ` (did you mean \`${near}\`?)` : ""}; accepted: ${KEYS.join(", ")}.`);
    }
  }
  if (raw.target !== undefined) settings.target = readTarget(raw.target, where("target"));
  if (raw.precision !== undefined) settings.precision = readChoice(raw.precision, PRECISIONS, where("precision"));
  if (raw.select !== undefined) settings.select = readRules(raw.select, where("select"));
  if (raw.ignore !== undefined) settings.ignore = readRules(raw.ignore, where("ignore"));
  if (raw.exclude !== undefined) settings.exclude = readStrings(raw.exclude, where("exclude"), "a list of glob strings");
  if (raw["hint-only"] !== undefined) settings.hintOnly = readStrings(raw["hint-only"], where("hint-only"), "a list of glob strings (files reported but never fixed; [] fixes tests and conversion scripts too)");
  const perFile = raw["per-file-ignores"];
  if (perFile !== undefined) {
    if (!isTable(perFile)) throw new SettingsError(`${where("per-file-ignores")}: must be a table of glob = [rule ids], e.g. "notebooks/*.ipynb" = ["bf16-dtype"].`);
    settings.perFileIgnores = Object.entries(perFile).map(([pattern, rules]) => ({ pattern, rules: readRules(rules, where(`per-file-ignores."${pattern}"`)) }));
  }
  return settings;
}

function readTarget(value: unknown, where: string): string {
  if (typeof value !== "string") throw new SettingsError(`${where}: must be a string naming a GPU target, e.g. "t4" or "kaggle-t4x2" (see \`gpu-compat targets\`).`);
  try {
    resolveTarget(value);
    return value;
  } catch (error) {
    if (error instanceof UnknownTargetError) throw new SettingsError(`${where}: ${error.message}`);
    throw error;
  }
}

function readChoice<T extends string>(value: unknown, choices: readonly T[], where: string): T {
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  throw new SettingsError(`${where}: ${JSON.stringify(value)} is not accepted; accepted: ${choices.map((c) => `"${c}"`).join(", ")}.`);
}

function readStrings(value: unknown, where: string, what: string): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  throw new SettingsError(`${where}: must be ${what}.`);
}

/** Rule ids or category names (`precision`, `memory`, ...), each checked. */
function readRules(value: unknown, where: string): string[] {
  return checkRuleNames(readStrings(value, where, `a list of rule ids or categories (${CATEGORIES.join(", ")})`), where);
}

/** Throws a SettingsError for a name that is neither a rule id nor a category; `where` says where it was written. */
export function checkRuleNames(names: readonly string[], where: string): string[] {
  for (const name of names) {
    if (allRules.some((rule) => rule.id === name) || (CATEGORIES as readonly string[]).includes(name)) continue;
    const near = closest(name, [...allRules.map((rule) => rule.id), ...CATEGORIES]);
    throw new SettingsError(`${where}: \`${name}\` is neither a rule nor a category${near ? ` (did you mean \`${near}\`?)` : ""}; \`gpu-compat rules\` lists the rules, the categories are ${CATEGORIES.join(", ")}.`);
  }
  return [...names];
}

/**
 * The hint-only files of a run: the settings' `hint-only` globs (relative to the settings' folder) in place of the
 * engine's defaults (tests, checkpoint conversion, merge and export utilities).
 */
export function hintOnlyPatterns(settings: Settings | undefined): HintOnlyPattern[] {
  if (!settings?.hintOnly) return [...DEFAULT_HINT_ONLY];
  const base = dirname(settings.file);
  return settings.hintOnly.map((pattern) => ({ pattern, base, why: `it matches \`${pattern}\` of \`hint-only\` in ${basename(settings.file)}` }));
}

/** The rules a run uses: every rule, or those `select` names, less those `ignore` names (rule ids or categories). */
export function selectRules(select: readonly string[] | undefined, ignore: readonly string[] | undefined): Rule[] {
  return allRules.filter((rule) => (!select || names(select, rule)) && !(ignore && names(ignore, rule)));
}

/** Whether a rule is named by a list of rule ids and categories. */
function names(list: readonly string[], rule: { id: string; category: string }): boolean {
  return list.includes(rule.id) || list.includes(rule.category);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
