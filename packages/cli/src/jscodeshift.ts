// A jscodeshift transform running the same rules as `gpu-compat fix` on each file jscodeshift hands over:
//   npx jscodeshift -t dist/jscodeshift.cjs --extensions=py,ipynb --target=t4 ./repo
// jscodeshift reads and writes the files; the transform never asks it to parse one (its parsers know JavaScript).
// Settings ([tool.gpu-compat] in pyproject.toml, gpu-compat.toml) apply as in `gpu-compat fix`, found from each
// file's folder; `--target=` and `--precision=` override them.
import { readFileSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { adapterFor, createProjectFacts, decodeUtf8, excludeMatcher, hintOnlyByKind, hintOnlyReason, ignoredFor, kindOfPath, loadParsers, MAX_FILE_BYTES, processDocument, type Parsers } from "@gpu-compat/engine";
import { rulesFor, type PrecisionChoice, type ProjectFacts, type Rule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { findSettings, hintOnlyPatterns, selectRules, type Settings } from "./settings.js";

export interface FileInfo {
  path: string;
  source: string;
}

/** The part of jscodeshift's API the transform uses. */
export interface Api {
  report?: (message: string) => void;
}

/** jscodeshift passes its own options and every unknown flag (`--target=t4`) in one object. */
export interface TransformOptions {
  target?: unknown;
  precision?: unknown;
}

const PRECISIONS: readonly PrecisionChoice[] = ["auto", "fp32", "fp16"];
const BOM = "\uFEFF";

let parsers: Promise<Parsers> | undefined;
/** What is known of each project (its model folders, the callers of its functions), kept across its files. */
const projects = new Map<string, ProjectFacts>();
/** Settings by folder: jscodeshift hands over the files of a folder one by one. */
const settingsByFolder = new Map<string, Settings | undefined>();

/** Returns the rewritten source, or undefined when nothing changes (jscodeshift counts the file as skipped). */
export default async function transform(file: FileInfo, api: Api, options: TransformOptions): Promise<string | undefined> {
  const absolute = resolve(file.path);
  const folder = dirname(absolute);
  if (!settingsByFolder.has(folder)) settingsByFolder.set(folder, findSettings(folder));
  const settings = settingsByFolder.get(folder);
  const targetName = typeof options.target === "string" ? options.target : settings?.target;
  if (!targetName) {
    throw new Error(
      "gpu-compat needs a target: pass --target=<name> to jscodeshift (t4, t4x2, p100, kaggle-t4x2, ...; `gpu-compat targets` lists them), or set `target` in [tool.gpu-compat] of pyproject.toml",
    );
  }
  const target = resolveTarget(targetName);
  const precision = options.precision ?? settings?.precision ?? "auto";
  if (!PRECISIONS.includes(precision as PrecisionChoice)) throw new Error(`--precision must be one of ${PRECISIONS.join(", ")}, not ${String(precision)}`);

  const kind = kindOfPath(file.path.split(sep).join("/"));
  if (!kind || file.source.includes("\0") || Buffer.byteLength(file.source) > MAX_FILE_BYTES) return undefined;
  const rules = settingsRules(settings, absolute);
  if (!rules) return undefined;
  // jscodeshift decodes as UTF-8 without complaint and would write the replacement characters back.
  if (file.source.includes("\uFFFD")) assertUtf8(file.path);
  const bom = file.source.startsWith(BOM);
  const text = bom ? file.source.slice(BOM.length) : file.source;

  // The project as a run of `gpu-compat fix` over it would see it: the settings' folder, else the current one when
  // the file is inside it (jscodeshift runs from the repo), else the file's folder.
  const cwd = process.cwd();
  const root = settings ? dirname(settings.file) : absolute.startsWith(cwd + sep) ? cwd : folder;
  const path = relative(root, absolute).split(sep).join("/");
  const hintOnly = hintOnlyByKind(kind, text) ?? hintOnlyReason({ path, absolute }, hintOnlyPatterns(settings));
  if (hintOnly) return undefined; // Nothing there is fixed: jscodeshift counts the file as unchanged.
  const loaded = await (parsers ??= loadParsers());
  if (!projects.has(root)) projects.set(root, createProjectFacts(root, () => loaded.python));
  const outcome = processDocument(adapterFor(kind, loaded), path, text, {
    target,
    rules: rulesFor(target, rules),
    mode: "fix",
    precision: precision as PrecisionChoice,
    project: projects.get(root)!,
  });
  if (outcome.fixed === undefined && outcome.diagnostics.length > 0) throw new Error(outcome.diagnostics.map((d) => d.message).join("; "));
  for (const diagnostic of outcome.diagnostics) api.report?.(diagnostic.message);
  return outcome.fixed === undefined ? undefined : (bom ? BOM : "") + outcome.fixed;
}

/** The rules the settings run on a file: none when `exclude` excludes it; `select`, `ignore`, `per-file-ignores`. */
function settingsRules(settings: Settings | undefined, absolute: string): Rule[] | undefined {
  const rules = selectRules(settings?.select, settings?.ignore);
  if (!settings) return rules;
  const base = dirname(settings.file);
  const isExcluded = excludeMatcher(settings.exclude ?? []);
  // The file, and each folder between it and the settings, as a run from the settings' folder would meet them.
  for (let path = absolute; path.startsWith(base + sep); path = dirname(path)) {
    if (isExcluded(relative(base, path).split(sep).join("/"), basename(path))) return undefined;
  }
  const ignored = ignoredFor({ absolute }, rules, (settings.perFileIgnores ?? []).map((ignore) => ({ base, ...ignore })));
  return ignored ? rules.filter((rule) => !ignored.includes(rule.id)) : rules;
}

function assertUtf8(path: string): void {
  try {
    decodeUtf8(readFileSync(path));
  } catch {
    throw new Error("the file is not valid UTF-8; gpu-compat reads UTF-8 source only, so it was left unchanged");
  }
}
