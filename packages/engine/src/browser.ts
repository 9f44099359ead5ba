// The part of @gpu-compat/engine that runs in a browser too (no Node module): the rules on one in-memory text, and
// the result model. The playground bundles this; index.ts is the engine of the CLI (discovery, the worker pool,
// writing files).
export * from "./model.js";
export { runOnText, type TextOutcome, type TextRun } from "./one-text.js";
export { notebookCellChanges } from "./notebook-adapter.js";
export { kindOfPath, type DiskKind, type Parsers } from "./kinds.js";
export type { FileOutcome } from "./process.js";
