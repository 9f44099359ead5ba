import type { RunResult } from "@gpu-compat/engine";
import { ruleTitle } from "./rule-info.js";
import { tallyFindings } from "./tally.js";

interface RuleCount {
  rule: string;
  count: number;
  /** How many `gpu-compat fix` would fix (check) or fixed (fix). */
  fixable: number;
  title: string;
}

/** Findings counted per rule, most first, then by rule id. */
function ruleCounts(result: RunResult): RuleCount[] {
  return tallyFindings(result)
    .byRule.filter((tally) => tally.found > 0)
    .map((tally) => ({ rule: tally.rule, count: tally.found, fixable: tally.fixable + tally.fixed, title: ruleTitle(tally.rule) }))
    .sort((a, b) => b.count - a.count);
}

/**
 * `--statistics`, as `ruff check --statistics` prints it: one line per rule with its count, `[*]` where some of
 * its findings are fixable, and the rule's title; or, as JSON, the same rows.
 */
export function renderStatistics(result: RunResult, format: "text" | "json"): string {
  const rows = ruleCounts(result);
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const countWidth = Math.max(0, ...rows.map((row) => String(row.count).length));
  const ruleWidth = Math.max(0, ...rows.map((row) => row.rule.length));
  return rows.map((row) => `${String(row.count).padStart(countWidth)}  ${row.rule.padEnd(ruleWidth)}  ${row.fixable > 0 ? "[*]" : "   "} ${row.title}\n`).join("");
}
