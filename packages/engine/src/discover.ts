import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { kindOfPath, type DiskKind } from "./kinds.js";

/** Directories no model repo wants rewritten: VCS data, dependencies, virtualenvs, caches, build output. */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  ".venv",
  "venv",
  ".env",
  "env",
  "__pycache__",
  "site-packages",
  "dist-packages",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".ipynb_checkpoints",
  "build",
  "dist",
  ".eggs",
]);


export interface DiscoveredFile {
  /** Absolute path. */
  absolute: string;
  /** Relative to the root, forward slashes. */
  path: string;
  kind: DiskKind;
}

export interface DiscoverOptions {
  /** Extra globs, matched against root-relative paths (and base names, for globs without a slash). */
  exclude?: readonly string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  /** Entries that could not be listed or followed, with why. */
  problems: { path: string; message: string }[];
}

interface IgnoreLayer {
  /** Directory the .gitignore sits in, relative to root with forward slashes ("" for the root). */
  base: string;
  rules: Ignore;
}

/**
 * Lists the files gpu-compat reads under `root` (a directory or a single file), in a stable order. Symbolic
 * links are followed only to files inside the root, so a link cannot lead a rewrite outside it.
 */
export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoverResult {
  const files: DiscoveredFile[] = [];
  const problems: DiscoverResult["problems"] = [];
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true, basename: false }) : null;
  const excludedByName = options.exclude?.length
    ? picomatch(options.exclude.filter((g) => !g.includes("/")), { dot: true })
    : null;
  const isExcluded = (path: string, name: string) => !!(excluded?.(path) || excludedByName?.(name));

  const rootStat = statSync(root);
  if (rootStat.isFile()) {
    const name = root.split(sep).pop()!;
    const kind = kindOfPath(name);
    if (kind) files.push({ absolute: root, path: name, kind });
    return { files, problems };
  }
  const realRoot = realpathSync(root);
  const seen = new Set<string>();

  const walk = (dir: string, layers: IgnoreLayer[]): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: toPosix(relative(root, dir)) || ".", message: `cannot list directory: ${(error as Error).message}` });
      return;
    }
    const here = toPosix(relative(root, dir));
    if (options.gitignore !== false && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      try {
        layers = [...layers, { base: here, rules: ignore().add(readFileSync(join(dir, ".gitignore"), "utf8")) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const path = here ? `${here}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let target = absolute;
      if (entry.isSymbolicLink()) {
        const resolved = resolveLinkInside(absolute, realRoot);
        if (!resolved) continue;
        // Directory links are not walked: they could loop, and their files are reached through the real path.
        // A linked file is read and written through its real path, so a rewrite never replaces the link.
        isDir = false;
        isFile = resolved.isFile;
        target = resolved.real;
      }
      if (isDir) {
        if (DEFAULT_EXCLUDED_DIRS.has(entry.name) || entry.name.endsWith(".egg-info") || isExcluded(path, entry.name)) continue;
        if (ignoredBy(layers, path, true)) continue;
        if (isVirtualenv(absolute)) continue;
        walk(absolute, layers);
      } else if (isFile) {
        const kind = kindOfPath(entry.name);
        if (!kind || isExcluded(path, entry.name) || ignoredBy(layers, path, false)) continue;
        const real = safeRealpath(target);
        if (seen.has(real)) continue;
        seen.add(real);
        files.push({ absolute: target, path, kind });
      }
    }
  };
  walk(root, []);
  return { files, problems };
}

function ignoredBy(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = layer.base ? path.slice(layer.base.length + 1) : path;
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function isVirtualenv(dir: string): boolean {
  try {
    return lstatSync(join(dir, "pyvenv.cfg")).isFile();
  } catch {
    return false;
  }
}

function resolveLinkInside(link: string, realRoot: string): { real: string; isFile: boolean } | null {
  try {
    const real = realpathSync(link);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    return { real, isFile: statSync(real).isFile() };
  } catch {
    return null; // A dangling link.
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
