import { needsUnsafeFixes, type RunResult } from "@gpu-compat/engine";
import { plural, tallyFindings } from "./tally.js";

/**
 * One line that sums up a run, e.g. `Found 7 issues in 3 files (5 fixed, 2 hints).`, or in check mode
 * `Found 7 issues in 3 files (5 fixable with \`gpu-compat fix\`, 2 hints).`, or `No issues found.`
 */
export function summaryLine(result: RunResult): string {
  const tally = tallyFindings(result);
  let line: string;
  if (tally.found === 0) {
    line = "No issues found.";
  } else {
    const parts: string[] = [];
    if (tally.fixed > 0) parts.push(`${tally.fixed} ${result.dryRun ? "would be fixed" : "fixed"}`);
    if (tally.fixable > 0) parts.push(`${tally.fixable} fixable with \`gpu-compat fix\``);
    if (tally.notApplied > 0) parts.push(`${tally.notApplied} not applied`);
    if (tally.hints > 0) parts.push(plural(tally.hints, "hint"));
    line = `Found ${plural(tally.found, "issue")} in ${plural(tally.files, "file")} (${parts.join(", ")}).`;
    const unsafe = result.files.flatMap((file) => file.findings).filter(needsUnsafeFixes).length;
    if (unsafe > 0) line += ` ${unsafe} of the fixes ${unsafe === 1 ? "is" : "are"} unsafe, made only with \`--unsafe-fixes\`.`;
  }
  const failed = new Set(result.diagnostics.map((d) => d.path)).size;
  if (failed > 0) line += ` ${plural(failed, "file")} had errors.`;
  if (result.mode === "fix" && result.dryRun && tally.fixed > 0) line += " Dry run: no files were written.";
  return line;
}
