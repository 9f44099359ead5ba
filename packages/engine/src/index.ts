export * from "./model.js";
export { ignoredFor, MAX_FILE_BYTES, runProject, type PerFileIgnore, type RunOptions } from "./run.js";
export { discoverFiles, excludeMatcher, DEFAULT_EXCLUDED_DIRS, type DiscoveredFile, type DiscoverOptions, type DiscoverResult } from "./discover.js";
export { processDocument, processPython, type FileOutcome, type ProcessOptions } from "./process.js";
export { adapterFor, kindOfPath, loadParsers, type DiskKind, type Parsers } from "./kinds.js";
export type { DocumentAdapter, OpenDocument, RawFinding } from "./adapters.js";
export { decodeUtf8, encodeUtf8 } from "./codec.js";
export { createProjectFacts } from "./project-facts.js";
export { LiteralFinder, Prefilter } from "./prefilter.js";
