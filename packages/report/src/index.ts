export { unifiedDiff, formatPatch } from "./diff.js";
export { renderMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderJson, type JsonOptions, type JsonFinding } from "./json.js";
export { renderText, type TextOptions } from "./text.js";
export { summaryLine } from "./summary.js";
export { findingStatus, tallyFindings, type FindingStatus, type RunTally } from "./tally.js";
export { targetLine, targetRows } from "./target.js";
export { renderSarif, SARIF_SCHEMA_URI, type SarifOptions } from "./sarif.js";
export { renderGithub, type GithubOptions } from "./github.js";
