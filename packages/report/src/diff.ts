import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { FileResult, RunResult } from "@gpu-compat/engine";
import { byPath } from "./order.js";

/**
 * A git-style unified diff (`--- a/path`, `+++ b/path`) of `file.original` -> `file.fixed`, or "" when the file
 * did not change. Line endings are kept as they are in the file, so CRLF lines stay CRLF in the diff, and a
 * missing final newline is marked with `\ No newline at end of file`, as `git apply` and `patch` expect.
 */
export function unifiedDiff(file: FileResult, context = 3): string {
  const { original, fixed } = file;
  if (original === undefined || fixed === undefined || original === fixed) return "";
  return createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, original, fixed, undefined, undefined, {
    context,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** Every changed file's diff, in path order: one patch that `git apply` or `patch -p1` applies from the root. */
export function formatPatch(result: RunResult, context = 3): string {
  return [...result.files]
    .sort(byPath)
    .map((file) => unifiedDiff(file, context))
    .join("");
}

/** One diff that a report or the playground shows: a notebook cell's, titled, or a whole file's. */
export interface DiffBlock {
  /** "cell 5" for a notebook cell; absent for a whole file. */
  title?: string;
  /** A unified diff, hunks only for cells, git-style headers for files. */
  diff: string;
}

/** The hunks of a diff of two texts, without the file headers: a notebook cell has no file of its own. */
function hunks(original: string, fixed: string): string {
  const patch = createTwoFilesPatch("a", "b", original.endsWith("\n") ? original : `${original}\n`, fixed.endsWith("\n") ? fixed : `${fixed}\n`, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return patch.split("\n").slice(2).join("\n");
}

/**
 * A changed file's diffs: one per changed cell of a notebook (`file.cells`, the cells' code, not the JSON), else
 * the file's git-style diff.
 */
export function diffBlocks(file: FileResult): DiffBlock[] {
  if (file.cells && file.cells.length > 0) return file.cells.map((cell) => ({ title: `cell ${cell.cell}`, diff: hunks(cell.original, cell.fixed) }));
  return [{ diff: unifiedDiff(file) }];
}

/** Whether the run changed (or, in check mode, would change) this file's text. */
export function isChanged(file: FileResult): boolean {
  return file.original !== undefined && file.fixed !== undefined && file.original !== file.fixed;
}
