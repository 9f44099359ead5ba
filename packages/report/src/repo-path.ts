import type { Finding } from "@gpu-compat/engine";

/**
 * A finding's path as CI tools want it: relative to the repository root rather than to the run's root. The prefix
 * is the run's root relative to the repository root (`"src/"` for `gpu-compat check src`), forward slashes.
 */
export function repoPath(path: string, prefix = ""): string {
  if (prefix === "" || prefix === ".") return path;
  return `${prefix.replace(/\/*$/, "/")}${path}`;
}

/**
 * Notebook findings count lines within a cell, which CI annotations cannot point at (their lines are the
 * `.ipynb` file's JSON lines): the cell and line go into the message instead.
 */
export function cellPrefix(finding: Finding): string {
  const { cell, line, column } = finding.start;
  return cell === undefined ? "" : `cell ${cell}, line ${line}, column ${column}: `;
}
