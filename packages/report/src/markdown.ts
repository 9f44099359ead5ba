import type { RunResult } from "@gpu-compat/engine";
import { code, fence, indentContinuation, table } from "./markdown-util.js";
import { buildReport, memoryEstimateText, type MemoryRow, type ReportLocation, type ReportModel, type ReportOptions, type ReportRule, type RuleSection } from "./report-model.js";
import { formatNumber } from "./target.js";

export type MarkdownOptions = ReportOptions;

function ruleLink(rule: Pick<ReportRule, "id" | "url">): string {
  return `[${code(rule.id)}](${rule.url})`;
}

/** A link whose text is code: `[`train.py:14`](train.py#L14)`. */
function locationLink(location: ReportLocation): string {
  return `[${code(location.label)}](${location.href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

function header(model: ReportModel): string[] {
  const lines = [`# ${model.title}`, ""];
  if (model.generatedAt) lines.push(`_Generated ${model.generatedAt}_`, "");
  const { verdict } = model;
  lines.push(`**${verdict.headline}** on ${model.targetName}: ${verdict.detail}`, "");
  lines.push(`- Target: **${model.target}**`, `- Root: ${code(model.root)}`, `- Mode: ${model.mode}`, "");
  return lines;
}

function todoSection(model: ReportModel): string[] {
  // Shown whenever there was something to find, so that "nothing left" is said where the list would be.
  if (model.todo.length === 0) return model.rules.length === 0 ? [] : ["## Still to do", "", "Nothing: every finding was taken care of.", ""];
  const items = model.todo.map((item) => {
    const rule = item.rule ? ` · ${ruleLink(item.rule)}` : "";
    return `- [ ] ${locationLink(item.location)}${rule} · ${item.severity} · ${item.text}`;
  });
  return ["## Still to do", "", ...items, ""];
}

const BAR_WIDTH = 20;

/** A bar of text: the estimate's share of what the target has, `█` filled, `░` free; full when over. */
function bar(row: MemoryRow): string {
  const share = row.memory.availableGiB > 0 ? row.memory.estimateGiB / row.memory.availableGiB : 1;
  const filled = Math.min(BAR_WIDTH, Math.max(0, Math.round(share * BAR_WIDTH)));
  return `${code("█".repeat(filled) + "░".repeat(BAR_WIDTH - filled))} ${Math.round(share * 100)}%`;
}

function memorySection(model: ReportModel): string[] {
  if (model.memory.length === 0) return [];
  const rows = model.memory.map((row) => [
    row.memory.label,
    locationLink(row.location),
    memoryEstimateText(row.memory),
    `${formatNumber(row.memory.availableGiB)} GiB`,
    `${bar(row)} ${row.fits}`,
  ]);
  return ["## Memory", "", ...table(["Model", "Where", "Estimate", "Available", "Share"], rows), ""];
}

function ruleSection(section: RuleSection): string[] {
  const title = section.rule.title ? `: ${section.rule.title}` : "";
  const lines = [`### ${ruleLink(section.rule)}${title}`, "", `${section.counts}.`, "", indentContinuation(section.explanation, ""), ""];
  for (const site of section.sites) {
    const status = site.todo ? `${site.status} (in Still to do)` : site.status;
    const note = site.note ? ` · ${indentContinuation(site.note, "  ")}` : "";
    lines.push(`- ${locationLink(site.location)} · ${site.severity} · ${status}${note}`);
  }
  return [...lines, ""];
}

function rulesSection(model: ReportModel): string[] {
  if (model.rules.length === 0) return [];
  return ["## Why, rule by rule", "", ...model.rules.flatMap(ruleSection)];
}

function changesSection(model: ReportModel): string[] {
  if (model.changes.length === 0) return [];
  const lines = ["## Changes", ""];
  for (const file of model.changes) {
    lines.push(`### ${code(file.path)}`, "");
    for (const block of file.diffs) {
      if (block.title) lines.push(`#### ${block.title}`, "");
      lines.push(...fence("diff", block.diff), "");
    }
  }
  return lines;
}

function summarySection(model: ReportModel): string[] {
  return ["## Summary", "", ...model.summary.map(([label, value]) => `- ${label}: ${value}`), ""];
}

function targetSection(model: ReportModel): string[] {
  // GitHub renders Markdown inside <details> when blank lines surround it.
  return [
    "<details>",
    `<summary>Target profile: ${model.targetName}</summary>`,
    "",
    ...table(["Property", "Value"], model.targetRows),
    "",
    "</details>",
    "",
  ];
}

function diagnosticsSection(model: ReportModel): string[] {
  if (model.diagnostics.length === 0) return [];
  const items = model.diagnostics.map((d) => `- ${code(d.location)} (${d.kind}): ${indentContinuation(d.message, "  ")}`);
  const count = model.diagnostics.length;
  return ["## Diagnostics", "", `${count} ${count === 1 ? "problem" : "problems"} with the files themselves (not readable, not parseable, or a fix that could not be kept):`, "", ...items, ""];
}

function skippedSection(model: ReportModel): string[] {
  if (model.skipped.length === 0) return [];
  return ["## Skipped files", "", ...model.skipped.map((s) => `- ${code(s.path)}: ${s.message}`), ""];
}

/** The report as Markdown (it renders on GitHub and in Kaggle): the same content as `renderHtmlModel`. */
export function renderMarkdownModel(model: ReportModel): string {
  const lines = [
    ...header(model),
    ...todoSection(model),
    ...memorySection(model),
    ...rulesSection(model),
    ...changesSection(model),
    ...summarySection(model),
    ...targetSection(model),
    ...diagnosticsSection(model),
    ...skippedSection(model),
  ];
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

/** The Markdown report that `gpu-compat fix` writes: whether the code runs now, what is left, what changed and why. */
export function renderMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  return renderMarkdownModel(buildReport(result, options));
}
