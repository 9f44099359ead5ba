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

/** Whether the run changed (or, in check mode, would change) this file's text. */
export function isChanged(file: FileResult): boolean {
  return file.original !== undefined && file.fixed !== undefined && file.original !== file.fixed;
}
