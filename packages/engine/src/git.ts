import { execFileSync } from "node:child_process";
import { dirname, relative, resolve } from "node:path";

/**
 * The files among `paths` (absolute) that have changes git does not have committed: modified, staged, or not
 * tracked at all. A fix over such a file could not be undone with git, so `fix` refuses it unless told
 * otherwise. Undefined when the files are not in a git work tree (or git is not installed): there is nothing to
 * compare with, and nothing is refused.
 */
export function uncommittedChanges(paths: readonly string[]): string[] | undefined {
  if (paths.length === 0) return [];
  const top = git(dirname(paths[0]!), ["rev-parse", "--show-toplevel"])?.trim();
  if (!top) return undefined;
  const relativePaths = paths.map((path) => relative(top, path));
  // `-z`: NUL-separated entries with names as they are (no quoting). `--` ends options: names are paths.
  const status = git(top, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...relativePaths]);
  if (status === undefined) return undefined;
  const dirty = new Set<string>();
  const entries = status.split("\0");
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    dirty.add(resolve(top, entry.slice(3)));
    // A rename or copy is followed by its source's name.
    if (entry[0] === "R" || entry[0] === "C") i++;
  }
  return paths.filter((path) => dirty.has(resolve(path)));
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
