export { docsUrl, DOCS_BASE_URL } from "./docs-url.js";
export { allRules, findRule, rulesFor, triggerLiterals, triggersFor } from "./registry.js";
export { ruleDocs } from "./docs.generated.js";
export { messageTemplates, type MessageData, type MessageTemplates } from "./define.js";
export type {
  Category,
  ContextFor,
  DocumentRuleContext,
  FindingMemory,
  FindingRewrite,
  FileKind,
  KindCheck,
  PrecisionChoice,
  ProjectFacts,
  ProjectModule,
  PythonRuleContext,
  Rule,
  RuleChecks,
  RuleContextBase,
  RuleFinding,
  Severity,
} from "./types.js";
export * from "./model-size/index.js";
export { mixedPrecisionMode } from "./shared/precision-policy.js";
export { CudaSource } from "./cuda/source.js";
export { gpusLabel } from "./parallel/gpu-count.js";
