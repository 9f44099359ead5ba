import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
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
  /**
   * Only these files and directories (absolute, inside a directory root): each is read exactly when walking the
   * whole root would read it (excludes, .gitignore and skipped folders above it apply), without the walk.
   */
  only?: readonly string[];
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
 * Whether `--exclude` / `exclude` globs exclude a file or folder: by its path relative to the root, or, for a glob
 * without a slash, by its name anywhere (`*.ipynb`, `legacy`).
 */
export function excludeMatcher(exclude: readonly string[]): (path: string, name: string) => boolean {
  if (exclude.length === 0) return () => false;
  const byPath = picomatch([...exclude], { dot: true, basename: false });
  const byName = picomatch(exclude.filter((g) => !g.includes("/")), { dot: true });
  return (path, name) => byPath(path) || byName(name);
}

/**
 * Lists the files gpu-compat reads under `root` (a directory or a single file), in a stable order. Symbolic
 * links are followed only to files inside the root, so a link cannot lead a rewrite outside it.
 */
export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoverResult {
  const files: DiscoveredFile[] = [];
  const problems: DiscoverResult["problems"] = [];
  const isExcluded = excludeMatcher(options.exclude ?? []);

  const rootStat = statSync(root);
  if (rootStat.isFile()) {
    const name = root.split(sep).pop()!;
    // The whole path, so that `docs/guide.md` is read as documentation.
    const kind = kindOfPath(toPosix(resolve(root)));
    // A link given as the path is read and written through, only to a target in the link's own folder tree.
    if (kind && lstatSync(root).isSymbolicLink() && !resolveLinkInside(root, realpathSync(dirname(root)))) {
      problems.push({ path: name, message: `a symbolic link to ${realpathSync(root)}, outside ${dirname(root)}: not followed, so that nothing outside the given folder is rewritten` });
    } else if (kind) files.push({ absolute: root, path: name, kind });
    return { files, problems };
  }
  const realRoot = realpathSync(root);
  // Kinds are told from the path with the root's own name above it, so that checking `repo/docs` reads its pages.
  const rootName = basename(resolve(root));
  const seen = new Set<string>();
  const useGitignore = options.gitignore !== false;

  /** `layers`: the .gitignore rules of the directory holding the entry. */
  const skipDir = (absolute: string, path: string, name: string, layers: IgnoreLayer[]): boolean =>
    DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith(".egg-info") || isExcluded(path, name) || ignoredBy(layers, path, true) || isVirtualenv(absolute);

  /** `real`: the file's real path, by which a file reached twice (directly and through a link) is listed once. */
  const addFile = (target: string, path: string, name: string, layers: IgnoreLayer[], real: string): void => {
    const kind = kindOfPath(`${rootName}/${path}`);
    if (!kind || isExcluded(path, name) || ignoredBy(layers, path, false)) return;
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ absolute: target, path, kind });
  };

  /** `realDir`: the real path of the folder holding the entry (one realpath a folder, not one a file). */
  const visit = (absolute: string, path: string, name: string, type: EntryType, layers: IgnoreLayer[], realDir: string): void => {
    const entry = follow(absolute, type, realRoot);
    if (entry?.isDir) {
      if (!skipDir(absolute, path, name, layers)) walk(absolute, layers);
    } else if (entry?.isFile) {
      // A followed link's target is a real path already.
      addFile(entry.target, path, name, layers, type.isSymbolicLink() ? entry.target : join(realDir, name));
    }
  };

  const walk = (dir: string, layers: IgnoreLayer[]): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: toPosix(relative(root, dir)) || ".", message: `cannot list directory: ${(error as Error).message}` });
      return;
    }
    const here = toPosix(relative(root, dir));
    if (useGitignore && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const layer = gitignoreLayer(dir, here);
      if (layer) layers = [...layers, layer];
    }
    entries.sort((a, b) => compareNames(a.name, b.name));
    const realDir = safeRealpath(dir);
    for (const entry of entries) visit(join(dir, entry.name), here ? `${here}/${entry.name}` : entry.name, entry.name, entry, layers, realDir);
  };

  if (!options.only) {
    walk(root, []);
    return { files, problems };
  }

  // A listed path: the folders above it must be ones the walk enters, with their .gitignore rules, read once.
  const layersByDir = new Map<string, IgnoreLayer[]>();
  const layersIn = (here: string): IgnoreLayer[] => {
    let layers = layersByDir.get(here);
    if (!layers) {
      const parent = here === "" ? [] : layersIn(here.slice(0, Math.max(0, here.lastIndexOf("/"))));
      const own = useGitignore ? gitignoreLayer(join(root, here), here) : undefined;
      layersByDir.set(here, (layers = own ? [...parent, own] : parent));
    }
    return layers;
  };
  const visitListed = (absolute: string): void => {
    const path = toPosix(relative(root, absolute));
    if (path === "") return walk(root, []);
    if (path === ".." || path.startsWith("../") || isAbsolute(path)) {
      problems.push({ path: absolute, message: "not inside the checked root; skipped" });
      return;
    }
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (skipDir(join(root, dir), dir, parts[i - 1]!, layersIn(parts.slice(0, i - 1).join("/")))) return;
    }
    let stat: Stats;
    try {
      stat = lstatSync(absolute);
    } catch (error) {
      problems.push({ path, message: `cannot read: ${(error as Error).message}` });
      return;
    }
    // Named on the command line, a link that is not followed is said, not skipped quietly as in the walk.
    if (stat.isSymbolicLink() && kindOfPath(`${rootName}/${path}`) && !follow(absolute, stat, realRoot)) {
      problems.push({ path, message: `a symbolic link to ${safeRealpath(absolute)}, outside ${root}: not followed, so that nothing outside the given folder is rewritten` });
      return;
    }
    visit(absolute, path, parts[parts.length - 1]!, stat, layersIn(parts.slice(0, -1).join("/")), safeRealpath(dirname(absolute)));
  };
  for (const path of options.only) visitListed(path);
  files.sort((a, b) => compareNames(a.path, b.path));
  return { files, problems };
}

type EntryType = Pick<Dirent, "isDirectory" | "isFile" | "isSymbolicLink">;

/**
 * What an entry is, following a symbolic link only to a target inside the root. Directory links are not walked:
 * they could loop, and their files are reached through the real path. A linked file is read and written through
 * its real path, so a rewrite never replaces the link.
 */
function follow(absolute: string, type: EntryType, realRoot: string): { target: string; isDir: boolean; isFile: boolean } | null {
  if (!type.isSymbolicLink()) return { target: absolute, isDir: type.isDirectory(), isFile: type.isFile() };
  const resolved = resolveLinkInside(absolute, realRoot);
  return resolved ? { target: resolved.real, isDir: false, isFile: resolved.isFile } : null;
}

function gitignoreLayer(dir: string, here: string): IgnoreLayer | undefined {
  try {
    return { base: here, rules: ignore().add(readFileSync(join(dir, ".gitignore"), "utf8")) };
  } catch {
    return undefined; // None there, or unreadable: it ignores nothing.
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
