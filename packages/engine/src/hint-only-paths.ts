import { relative, sep } from "node:path";
import { globMatcher } from "./globs.js";
import type { HintOnlyPattern } from "./hint-only.js";

/** Why a file's findings are hints only, or undefined when it is fixed as usual. */
export function hintOnlyReason(file: { path: string; absolute: string }, patterns: readonly HintOnlyPattern[]): string | undefined {
  for (const { pattern, base, why } of patterns) {
    const path = base === undefined ? file.path : relative(base, file.absolute).split(sep).join("/");
    if (globMatcher(pattern)(path)) return why;
  }
  return undefined;
}
