// The part of @gpu-compat/report that the browser playground uses (no Node module: sarif.ts and gitlab.ts need one).
export { diffBlocks, unifiedDiff, type DiffBlock } from "./diff.js";
export { ruleTitle } from "./rule-info.js";
export { findingStatus, plural, type FindingStatus } from "./tally.js";
export { targetLine } from "./target.js";
