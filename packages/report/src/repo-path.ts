import type { Position } from "@gpu-compat/engine";

/**
 * A finding's path as CI tools want it: relative to the repository root rather than to the run's root. The prefix
 * is the run's root relative to the repository root (`"src/"` for `gpu-compat check src`), forward slashes.
 */
export function repoPath(path: string, prefix = ""): string {
  if (prefix === "" || prefix === ".") return path;
  return `${prefix.replace(/\/*$/, "/")}${path}`;
}

/**
 * Notebook findings and diagnostics count lines within a cell, which CI annotations cannot point at (their lines
 * are the `.ipynb` file's JSON lines): the cell and line go into the message instead.
 */
export function cellPrefix({ start }: { start?: Position }): string {
  if (start?.cell === undefined) return "";
  return `cell ${start.cell}, line ${start.line}, column ${start.column}: `;
}

/** `12:5` after a path, `cell 3:2:1` in a notebook: the form editors and terminals open. */
export function positionText(start: Position): string {
  return `${start.cell !== undefined ? `cell ${start.cell}:` : ""}${start.line}:${start.column}`;
}
