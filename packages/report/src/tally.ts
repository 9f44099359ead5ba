import type { Finding, RunResult } from "@gpu-compat/engine";
import { allFindings, compareStrings } from "./order.js";

/**
 * What became of one finding:
 * - `fixed`: its edit is in the fixed text (fix mode, `applied: true`);
 * - `not applied`: it carries an edit that was not applied (fix mode, `applied: false`);
 * - `fixable`: it carries an edit that `gpu-compat fix` would apply (check mode);
 * - `hint`: no edit, only a suggestion.
 */
export type FindingStatus = "fixed" | "not applied" | "fixable" | "hint";

export function findingStatus(finding: Finding, mode: RunResult["mode"]): FindingStatus {
  if (finding.applied === true) return "fixed";
  if (!finding.fixable) return "hint";
  if (mode === "fix" || finding.applied === false) return "not applied";
  return "fixable";
}

export interface Tally {
  found: number;
  /** Fix mode: edits applied. Check mode: findings `gpu-compat fix` would rewrite. */
  fixed: number;
  /** Fix mode only: fixable findings whose edit was not applied. */
  notApplied: number;
  /** Findings without an edit. */
  hints: number;
}

export interface RunTally extends Tally {
  /** Files with at least one finding. */
  files: number;
  byRule: Array<{ rule: string } & Tally>;
}

function emptyTally(): Tally {
  return { found: 0, fixed: 0, notApplied: 0, hints: 0 };
}

function add(tally: Tally, status: FindingStatus): void {
  tally.found++;
  if (status === "fixed" || status === "fixable") tally.fixed++;
  else if (status === "not applied") tally.notApplied++;
  else tally.hints++;
}

/** Counts of the findings the report shows, overall and per rule (sorted by rule id). */
export function tallyFindings(result: RunResult): RunTally {
  const total = emptyTally();
  const rules = new Map<string, Tally>();
  const files = new Set<string>();
  for (const finding of allFindings(result)) {
    const status = findingStatus(finding, result.mode);
    add(total, status);
    let perRule = rules.get(finding.rule);
    if (!perRule) rules.set(finding.rule, (perRule = emptyTally()));
    add(perRule, status);
    files.add(finding.path);
  }
  const byRule = [...rules.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([rule, tally]) => ({ rule, ...tally }));
  return { ...total, files: files.size, byRule };
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
