import { spawnSync } from "node:child_process";
import { lstatSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** A file `fix` will not write, and why: git could not give it back, or could not say whether it could. */
export interface RefusedFile {
  /** The path as given (absolute). */
  path: string;
  reason: "uncommitted" | "git-unanswered";
  /** For "git-unanswered": what git said, and how to proceed, in a sentence. */
  message?: string;
}

export interface WriteGuard {
  refused: RefusedFile[];
  /** Files in no git work tree at all: nothing could refuse them, and git cannot undo their rewrite. */
  unguarded: string[];
}

/**
 * Decides which of `paths` (absolute files `fix` would change) git could give back. A file is safe to rewrite
 * only when it is tracked and has no change git does not have (modified, staged, or untracked files are
 * refused), asked of the repository that holds it: files are grouped by work tree, so a folder of two clones, a
 * submodule or a nested clone is each asked about its own files. The guard fails closed: a file inside a work
 * tree that git cannot answer for (dubious ownership, a broken repository, git missing) is refused with why.
 * Only files under no `.git` at all are let through, listed as unguarded.
 */
export function guardWrites(paths: readonly string[]): WriteGuard {
  const refused: RefusedFile[] = [];
  const unguarded: string[] = [];
  const byTree = new Map<string, string[]>();
  const treeOfDir = new Map<string, string | null>();
  for (const path of paths) {
    const real = realOrSelf(path);
    const tree = nearestWorkTree(dirname(real), treeOfDir);
    if (tree === null) unguarded.push(path);
    else byTree.set(tree, [...(byTree.get(tree) ?? []), path]);
  }
  for (const [tree, files] of byTree) {
    const answer = committedState(tree);
    for (const path of files) {
      if ("error" in answer) refused.push({ path, reason: "git-unanswered", message: answer.error });
      else if (!answer.clean.has(realOrSelf(path))) refused.push({ path, reason: "uncommitted" });
    }
  }
  return { refused, unguarded };
}

/** The work tree `dir` is in (the closest folder at or above it with a `.git`), without asking git; null if none. */
export function workTreeOf(dir: string): string | null {
  return nearestWorkTree(realOrSelf(dir), new Map());
}

/**
 * The closest folder at or above `dir` that holds a `.git` (a directory, or the file of a submodule or linked
 * worktree); null when there is none up to the filesystem root.
 */
function nearestWorkTree(dir: string, cache: Map<string, string | null>): string | null {
  const cached = cache.get(dir);
  if (cached !== undefined) return cached;
  let found: string | null;
  if (exists(join(dir, ".git"))) found = dir;
  else {
    const parent = dirname(dir);
    found = parent === dir ? null : nearestWorkTree(parent, cache);
  }
  cache.set(dir, found);
  return found;
}

/** The files of the work tree at `tree` (real paths) that are tracked and unchanged, or why git cannot say. */
function committedState(tree: string): { clean: Set<string> } | { error: string } {
  const top = git(tree, ["rev-parse", "--show-toplevel"]);
  if ("error" in top) return top;
  const topDir = top.out.replace(/\n$/, "");
  if (realOrSelf(topDir) !== realOrSelf(tree)) {
    // Git skipped this `.git` (not a repository it can read) and answered for a repository further up.
    return { error: `git does not read ${join(tree, ".git")} as a repository (it answered for ${topDir}), so nothing says these files are committed; repair the repository or pass --allow-dirty` };
  }
  // `-z`: NUL-separated names as they are, no quoting; no pathspecs at all, so no name can be read as pathspec
  // magic and no argument list can overflow, whatever the number of files.
  const tracked = git(tree, ["ls-files", "-z", "--cached"]);
  if ("error" in tracked) return tracked;
  const status = git(tree, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--ignore-submodules=all"]);
  if ("error" in status) return status;
  const changed = new Set<string>();
  for (const entry of status.out.split("\0")) if (entry.length > 3) changed.add(entry.slice(3));
  const clean = new Set<string>();
  const base = realOrSelf(tree);
  for (const name of tracked.out.split("\0")) if (name && !changed.has(name)) clean.add(resolve(base, name));
  return { clean };
}

/** Variables git sets for hooks that would point these commands at another repository or index than `cwd`'s. */
const REPOSITORY_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"];

function git(cwd: string, args: string[]): { out: string } | { error: string } {
  const env = { ...process.env };
  for (const name of REPOSITORY_ENV) delete env[name];
  const result = spawnSync("git", ["--literal-pathspecs", ...args], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "git is not installed" : `git could not run (${result.error.message})`;
    return { error: `${why}, so nothing says the files in ${cwd} are committed; install git or pass --allow-dirty` };
  }
  if (result.status === 0) return { out: result.stdout };
  return { error: explainGitFailure(cwd, result.stderr) };
}

function explainGitFailure(tree: string, stderr: string): string {
  if (/dubious ownership/.test(stderr)) {
    return `git refuses to read ${tree}: it is owned by another user ("dubious ownership"). If you trust it, run \`git config --global --add safe.directory ${tree}\`, or pass --allow-dirty`;
  }
  const said = stderr.split("\n").find((line) => line.trim() !== "")?.replace(/^(fatal|error): /, "") ?? "no message";
  return `git cannot read the repository at ${tree} (${said}), so nothing says these files are committed; repair it or pass --allow-dirty`;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
