import { statSync } from "node:fs";
import { dirname, isAbsolute, relative, sep } from "node:path";

/** How paths in an output are written: each finding's path is relative to the run's root, and gets a prefix. */
export interface OutputPaths {
  /**
   * For people (text, JSON, JUnit): the run's root relative to the working directory, so that terminals and
   * editors open `src/train.py:3:1`; an absolute path when the root is outside it, as Ruff writes them.
   */
  displayPrefix: string;
  /**
   * For CI tools (SARIF, GitHub annotations, GitLab): relative to the repository root, which in CI is the
   * working directory; empty when the root is outside it (then `srcRoot` is the root itself).
   */
  pathPrefix: string;
  /** The absolute directory SARIF's `%SRCROOT%` stands for. */
  srcRoot: string;
}

export function outputPaths(cwd: string, root: string): OutputPaths {
  const dir = statSync(root).isDirectory() ? root : dirname(root);
  const rel = relative(cwd, dir);
  const outside = rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  const slashes = (path: string) => path.split(sep).join("/");
  if (outside) return { displayPrefix: slashes(dir), pathPrefix: "", srcRoot: dir };
  return { displayPrefix: slashes(rel), pathPrefix: slashes(rel), srcRoot: cwd };
}
