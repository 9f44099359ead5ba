import type { PythonSource, TextEdit } from "@gpu-compat/python";
import type { Feature, Target } from "@gpu-compat/targets";
import type { ModelConfig } from "./model-size/index.js";

export type Severity = "error" | "warning" | "info";

export type FileKind = "python";

export type Category = "precision" | "attention" | "compile" | "parallel" | "memory" | "platform";

/** What a rule reports: a range of the file's text, why it matters, and either edits or a hint. */
export interface RuleFinding {
  start: number;
  end: number;
  message: string;
  /** A concrete suggestion, for findings the rule cannot rewrite with certainty. */
  hint?: string;
  /** The edits of one fix, applied together or not at all. */
  fix?: TextEdit[];
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
}

/**
 * `--precision`: "auto" follows the project's precision policy (gpu-facts.md); "fp32" and "fp16" force what
 * bf16 requests become.
 */
export type PrecisionChoice = "auto" | "fp32" | "fp16";

/** Facts about the project outside the file being checked, which the engine reads for the rules. */
export interface ProjectFacts {
  /** The `config.json` of a model stored in the repo (`from_pretrained("./checkpoints/base")`), if there is one. */
  modelConfig(modelPath: string): ModelConfig | undefined;
}

export interface PythonRuleContext {
  readonly target: Target;
  readonly precision: PrecisionChoice;
  readonly project: ProjectFacts;
  readonly source: PythonSource;
  report(finding: RuleFinding): void;
}

export interface Rule {
  /** Kebab-case, says what it finds: `bf16-dtype`. */
  id: string;
  /** One line, shown in listings and the report. */
  title: string;
  category: Category;
  severity: Severity;
  fileKinds: readonly FileKind[];
  /** "always": every finding carries a fix; "sometimes": some are hints; "never": hints only. */
  fixable: "always" | "sometimes" | "never";
  /** The feature whose absence makes the rule run: "bf16" rules run on targets without bf16. */
  lacks: Feature;
  /** The hardware condition under which the rule runs, in words: "compute capability below 8.0". */
  appliesWhen: string;
  appliesTo(target: Target): boolean;
  /** Literals without which the rule cannot match: files containing none of them are never parsed. */
  triggers: readonly string[];
  check(context: PythonRuleContext): void;
}
