import type { RunResult } from "@gpu-compat/engine";
import { buildReport, memoryEstimateText, type MemoryRow, type ReportLocation, type ReportModel, type ReportOptions, type ReportRule, type RuleSection } from "./report-model.js";
import { formatNumber } from "./target.js";

export type HtmlOptions = ReportOptions;

/** Text as HTML: every character that could open markup or end an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Inline text (see report-model.ts): `backtick spans` become <code>, everything else is escaped text. */
function inline(text: string): string {
  let html = "";
  let at = 0;
  const span = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  for (let match = span.exec(text); match; match = span.exec(text)) {
    html += escapeHtml(text.slice(at, match.index));
    const body = match[2]!;
    html += `<code>${escapeHtml(body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "" ? body.slice(1, -1) : body)}</code>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(at));
}

/** Only relative links and the web pages of the docs; nothing that runs (`javascript:`) or loads. */
function safeHref(href: string): string {
  return /^(https?:\/\/|[^:]*$)/i.test(href) ? escapeHtml(href) : "#";
}

function ruleLink(rule: Pick<ReportRule, "id" | "url">): string {
  return `<a href="${safeHref(rule.url)}"><code>${escapeHtml(rule.id)}</code></a>`;
}

function locationLink(location: ReportLocation): string {
  return `<a href="${safeHref(location.href)}"><code>${escapeHtml(location.label)}</code></a>`;
}

function diffHtml(diff: string): string {
  const lines = diff.replace(/\n$/, "").split("\n");
  const classOf = (line: string) =>
    line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("\\") ? "note" : "ctx";
  // One block per line (its background spans the width), so no newline between them: that would be a blank line.
  return `<pre class="diff">${lines.map((line) => `<span class="${classOf(line)}">${escapeHtml(line)}</span>`).join("")}</pre>`;
}

const BAR = { width: 240, height: 14 };

/** The estimate (and its range) against the target's memory, as a bar scaled to the larger of the two. */
function memoryBar(row: MemoryRow): string {
  const { estimateGiB, lowGiB, highGiB, availableGiB } = row.memory;
  const scale = Math.max(availableGiB, highGiB ?? estimateGiB, estimateGiB, 1e-9);
  const x = (gib: number) => ((Math.max(0, gib) / scale) * BAR.width).toFixed(1);
  const range =
    lowGiB !== undefined || highGiB !== undefined
      ? `<line class="range" x1="${x(lowGiB ?? estimateGiB)}" x2="${x(highGiB ?? estimateGiB)}" y1="${BAR.height / 2}" y2="${BAR.height / 2}"/>`
      : "";
  const label = `${memoryEstimateText(row.memory)} of ${formatNumber(availableGiB)} GiB`;
  return (
    `<svg class="memory-bar ${row.fits.replace(/ /g, "-")}" width="${BAR.width}" height="${BAR.height}" viewBox="0 0 ${BAR.width} ${BAR.height}" role="img" aria-label="${escapeHtml(label)}">` +
    `<rect class="available" x="0" y="0" width="${x(availableGiB)}" height="${BAR.height}"/>` +
    `<rect class="estimate" x="0" y="2" width="${x(estimateGiB)}" height="${BAR.height - 4}"/>${range}</svg>`
  );
}

function header(model: ReportModel): string {
  const { verdict } = model;
  const generated = model.generatedAt ? `<p class="generated">Generated ${escapeHtml(model.generatedAt)}</p>\n` : "";
  return (
    `<h1>${escapeHtml(model.title)}</h1>\n${generated}` +
    `<p id="verdict" class="verdict ${verdict.done ? "done" : "todo"}"><strong>${inline(verdict.headline)}</strong> on ${escapeHtml(model.targetName)}: ${inline(verdict.detail)}</p>\n` +
    `<ul class="facts">\n<li>Target: <strong>${escapeHtml(model.target)}</strong></li>\n<li>Root: <code>${escapeHtml(model.root)}</code></li>\n<li>Mode: ${inline(model.mode)}</li>\n</ul>\n`
  );
}

function todoSection(model: ReportModel): string {
  if (model.todo.length === 0) {
    return model.rules.length === 0 ? "" : `<h2>Still to do</h2>\n<ul id="still-to-do"></ul>\n<p class="nothing-left">Nothing: every finding was taken care of.</p>\n`;
  }
  const items = model.todo.map((item) => {
    const rule = item.rule ? ` · ${ruleLink(item.rule)}` : "";
    return `<li><input type="checkbox" disabled> ${locationLink(item.location)}${rule} · <span class="severity ${escapeHtml(item.severity)}">${escapeHtml(item.severity)}</span> · ${inline(item.text)}</li>`;
  });
  return `<h2>Still to do</h2>\n<ul id="still-to-do">\n${items.join("\n")}\n</ul>\n`;
}

function memorySection(model: ReportModel): string {
  if (model.memory.length === 0) return "";
  const rows = model.memory.map(
    (row) =>
      `<tr><td>${inline(row.memory.label)}</td><td>${locationLink(row.location)}</td><td class="num">${escapeHtml(memoryEstimateText(row.memory))}</td>` +
      `<td class="num">${escapeHtml(formatNumber(row.memory.availableGiB))} GiB</td><td>${memoryBar(row)} ${escapeHtml(row.fits)}</td></tr>`,
  );
  return `<h2>Memory</h2>\n<table id="memory">\n<thead><tr><th>Model</th><th>Where</th><th>Estimate</th><th>Available</th><th>Share</th></tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>\n`;
}

function ruleSection(section: RuleSection): string {
  const title = section.rule.title ? `: ${escapeHtml(section.rule.title)}` : "";
  const sites = section.sites.map((site) => {
    const status = site.todo ? `${site.status} (in Still to do)` : site.status;
    const note = site.note ? ` · ${inline(site.note)}` : "";
    return `<li>${locationLink(site.location)} · <span class="severity ${site.severity}">${site.severity}</span> · <span class="status">${escapeHtml(status)}</span>${note}</li>`;
  });
  return (
    `<section class="rule" id="rule-${escapeHtml(section.rule.id)}">\n<h3>${ruleLink(section.rule)}${title}</h3>\n` +
    `<p class="counts">${escapeHtml(section.counts)}.</p>\n<p class="why">${inline(section.explanation)}</p>\n<ul class="sites">\n${sites.join("\n")}\n</ul>\n</section>\n`
  );
}

function rulesSection(model: ReportModel): string {
  if (model.rules.length === 0) return "";
  return `<h2>Why, rule by rule</h2>\n${model.rules.map(ruleSection).join("")}`;
}

function changesSection(model: ReportModel): string {
  if (model.changes.length === 0) return "";
  const files = model.changes.map((file) => {
    const blocks = file.diffs.map((block) => `${block.title ? `<h4>${escapeHtml(block.title)}</h4>\n` : ""}${diffHtml(block.diff)}\n`);
    return `<section class="file">\n<h3><code>${escapeHtml(file.path)}</code></h3>\n${blocks.join("")}</section>\n`;
  });
  return `<h2>Changes</h2>\n${files.join("")}`;
}

function summarySection(model: ReportModel): string {
  const items = model.summary.map(([label, value]) => `<li>${escapeHtml(label)}: ${value}</li>`);
  return `<h2>Summary</h2>\n<ul class="summary">\n${items.join("\n")}\n</ul>\n`;
}

function targetSection(model: ReportModel): string {
  const rows = model.targetRows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<details id="target-profile">\n<summary>Target profile: ${escapeHtml(model.targetName)}</summary>\n<table>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>\n</details>\n`;
}

function diagnosticsSection(model: ReportModel): string {
  if (model.diagnostics.length === 0) return "";
  const items = model.diagnostics.map((d) => `<li><code>${escapeHtml(d.location)}</code> (${escapeHtml(d.kind)}): ${escapeHtml(d.message)}</li>`);
  return `<h2>Diagnostics</h2>\n<ul class="diagnostics">\n${items.join("\n")}\n</ul>\n`;
}

function skippedSection(model: ReportModel): string {
  if (model.skipped.length === 0) return "";
  const items = model.skipped.map((s) => `<li><code>${escapeHtml(s.path)}</code>: ${escapeHtml(s.message)}</li>`);
  return `<h2>Skipped files</h2>\n<ul class="skipped">\n${items.join("\n")}\n</ul>\n`;
}

// System fonts only: the page loads nothing.
const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa;
  --add: #dafbe1; --add-fg: #116329; --del: #ffebe9; --del-fg: #82071e; --ok: #1a7f37; --todo: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d;
  --code: #151b23; --add: #12261e; --add-fg: #7ee787; --del: #25171c; --del-fg: #ffa198; --ok: #3fb950; --todo: #d29922; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin-bottom: .3rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
code { background: var(--code); padding: .1em .3em; border-radius: 4px; }
a { color: inherit; }
.verdict { font-size: 1.15rem; padding: .6rem .9rem; border-left: 6px solid; border-radius: 4px; background: var(--code); }
.verdict.done { border-color: var(--ok); }
.verdict.todo { border-color: var(--todo); }
.generated, .counts { color: var(--muted); }
#still-to-do { list-style: none; padding-left: .2rem; }
#still-to-do li { margin: .3rem 0; }
.severity.error { color: var(--del-fg); font-weight: 600; }
pre.diff { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .5rem 0; overflow-x: auto; }
pre.diff span { display: block; padding: 0 .8rem; white-space: pre; }
pre.diff .add { background: var(--add); color: var(--add-fg); }
pre.diff .del { background: var(--del); color: var(--del-fg); }
pre.diff .hunk, pre.diff .file, pre.diff .note { color: var(--muted); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; }
.memory-bar { vertical-align: middle; }
.memory-bar .available { fill: var(--code); stroke: var(--line); }
.memory-bar .estimate { fill: var(--ok); }
.memory-bar.may-not-fit .estimate { fill: var(--todo); }
.memory-bar.does-not-fit .estimate { fill: var(--del-fg); }
.memory-bar .range { stroke: var(--fg); stroke-width: 2; }
details { margin-top: 2rem; }
summary { cursor: pointer; font-weight: 600; }
`;

/** The report as one self-contained HTML page: inline CSS, no script, nothing loaded from the network. */
export function renderHtmlModel(model: ReportModel): string {
  const body = [
    header(model),
    todoSection(model),
    memorySection(model),
    rulesSection(model),
    changesSection(model),
    summarySection(model),
    targetSection(model),
    diagnosticsSection(model),
    skippedSection(model),
  ].join("");
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n<meta name="generator" content="gpu-compat">\n<title>${escapeHtml(`${model.title}: ${model.targetName}`)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n${body}</main>\n</body>\n</html>\n`
  );
}

/** The HTML report (`--report x.html`): the Markdown report's content, for a browser. */
export function renderHtml(result: RunResult, options: HtmlOptions = {}): string {
  return renderHtmlModel(buildReport(result, options));
}
