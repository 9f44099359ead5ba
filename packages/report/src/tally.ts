import type { RunResult, Tally } from "@gpu-compat/engine";
import { compareStrings } from "./order.js";

export { findingStatus, type FindingStatus } from "@gpu-compat/engine";

/** A run's counts as the report shows them: per rule in rule-id order, from the engine's summary. */
export interface RunTally extends Tally {
  /** Files with at least one finding. */
  files: number;
  byRule: Array<{ rule: string } & Tally>;
}

export function tallyFindings(result: RunResult): RunTally {
  const { summary } = result;
  const byRule = Object.entries(summary.byRule)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([rule, tally]) => ({ rule, ...tally }));
  return {
    found: summary.findings,
    fixed: summary.fixed,
    fixable: summary.fixable,
    notApplied: summary.notApplied,
    hints: summary.hints,
    files: summary.filesWithFindings,
    byRule,
  };
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
