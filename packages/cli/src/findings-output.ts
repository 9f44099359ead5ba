import type { RunResult } from "@gpu-compat/engine";
import { renderGithub, renderGitlab, renderJson, renderJunit, renderSarif, renderStatistics, renderText } from "@gpu-compat/report";
import { UsageError } from "./exit-codes.js";
import type { OutputPaths } from "./paths.js";
import { VERSION } from "./version.js";

export const OUTPUT_FORMATS = ["concise", "full", "json", "sarif", "github", "junit", "gitlab"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** `--format`'s older names: `text` was the one-paragraph-per-finding output, now `concise` by default. */
export const LEGACY_FORMATS = ["text", ...OUTPUT_FORMATS] as const;

/** How the findings are shown, from the flags. */
export interface FindingsView {
  format: OutputFormat;
  /** 1: findings only (no summary or notes); 2 (`-qq`, `--silent`): nothing. */
  quiet: number;
  statistics: boolean;
  color: boolean;
}

/** `--output-format`, else `--format` (kept for older scripts, `text` read as `concise`), else concise. */
export function outputFormat(options: { outputFormat?: OutputFormat; format?: (typeof LEGACY_FORMATS)[number] }): OutputFormat {
  const format = options.outputFormat ?? options.format ?? "concise";
  return format === "text" ? "concise" : format;
}

/** Formats people read, which the summary and notes go with; the others are documents for tools. */
export function isTextFormat(format: OutputFormat): boolean {
  return format === "concise" || format === "full";
}

export function checkStatisticsFormat(view: FindingsView): void {
  if (view.statistics && !isTextFormat(view.format) && view.format !== "json") {
    throw new UsageError(`--statistics prints counts as text or JSON; it does not combine with --output-format ${view.format}`);
  }
}

/** The findings in the chosen format, or "" when `-qq` asks for nothing. */
export function renderFindings(result: RunResult, view: FindingsView, paths: OutputPaths): string {
  if (view.quiet >= 2) return "";
  if (view.statistics) return renderStatistics(result, view.format === "json" ? "json" : "text");
  switch (view.format) {
    case "concise":
    case "full":
      return renderText(result, { color: view.color, full: view.format === "full", pathPrefix: paths.displayPrefix, quiet: view.quiet >= 1 });
    case "json":
      return renderJson(result, { version: VERSION, pathPrefix: paths.displayPrefix });
    case "junit":
      return renderJunit(result, { pathPrefix: paths.displayPrefix });
    case "sarif":
      return renderSarif(result, { version: VERSION, pathPrefix: paths.pathPrefix, srcRoot: paths.srcRoot });
    case "github":
      return renderGithub(result, { pathPrefix: paths.pathPrefix });
    case "gitlab":
      return renderGitlab(result, { pathPrefix: paths.pathPrefix });
  }
}
