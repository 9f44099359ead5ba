import type { ConfigSource } from "@gpu-compat/config";
import type { LexicalScan, PythonSource, RequirementsSource, SyntaxNode, TextEdit } from "@gpu-compat/python";
import type { ShellSource } from "@gpu-compat/shell";
import type { CudaSource } from "./cuda/source.js";
import type { Feature, Target } from "@gpu-compat/targets";
import type { ModelConfig } from "./model-size/index.js";

export type Severity = "error" | "warning" | "info";

/**
 * What a rule can read: Python (also the code cells of notebooks), shell (scripts, Makefile recipes, notebook `!`
 * lines, and Markdown shell blocks, for hints only), YAML/JSON configs, requirement lists (requirements*.txt, pyproject.toml), and CUDA sources (`.cu`, `.cuh`).
 */
export type FileKind = "python" | "shell" | "config" | "requirements" | "cuda";

export type Category = "precision" | "attention" | "compile" | "parallel" | "memory" | "platform" | "suppression";

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
  /** Which of the rule's `messages` the message was rendered from (`messageTemplates` in define.ts). */
  messageId?: string;
  /**
   * For a fix whose message names its replacement ("...; using float32 instead."): the replacement and the message
   * without that clause. When the fix is turned into a hint (kernel code, hint-only files), the finding says
   * `message` and the hint names `instead`; nothing reads the message back. Build it with `rewriteMessage`.
   */
  rewrite?: FindingRewrite;
  /**
   * Set on a fix the user must accept, in words: what it costs ("doubles the memory the weights take"). Such a fix
   * is applied only with `--unsafe-fixes` (as Ruff's unsafe fixes); without it, the finding says it is fixable
   * with that flag. The rule for what is unsafe is in docs/unsafe-fixes.md.
   */
  unsafeFix?: string;
  /** The memory estimate the finding decided with, for the report (rules that compare memory set it). */
  memory?: FindingMemory;
}

/**
 * The numbers behind a memory decision, in GiB: the estimate of model-size/estimate.ts (central, low and high
 * bound) for one model load or training run, and what the target gives it (one GPU, or all with device_map="auto").
 */
export interface FindingMemory {
  /** The model, as messages name it: `Qwen/Qwen2.5-7B (7.62B parameters, from its name)`. */
  label: string;
  estimateGiB: number;
  lowGiB: number;
  highGiB: number;
  availableGiB: number;
}

/** A fix's replacement, kept apart from the message that names it. */
export interface FindingRewrite {
  /** What the fix writes, in words: "float32", "`.float()`", "fp16=True (float16)". */
  instead: string;
  /** The finding's message as it reads when the fix is not made: without the "; using X instead" clause. */
  message: string;
}

/**
 * `--precision`: "auto" follows the project's precision policy (docs/gpu-facts.md); "fp32" and "fp16" force what
 * bf16 requests become.
 */
export type PrecisionChoice = "auto" | "fp32" | "fp16";

/** Facts about the project outside the file being checked, which the engine reads for the rules. */
export interface ProjectFacts {
  /** The `config.json` of a model stored in the repo (`from_pretrained("./checkpoints/base")`), if there is one. */
  modelConfig(modelPath: string): ModelConfig | undefined;
  /**
   * The project's Python files that import `name` from the module at `modulePath` (root-relative, `src/modeling.py`),
   * parsed: where a function's callers in other files are. Empty when nothing is known outside the file.
   */
  importersOf(modulePath: string, name: string): readonly ProjectModule[];
  /** Another Python file of the project, parsed (root-relative path: the script a launch command runs). */
  pythonSource?(path: string): PythonSource | undefined;
  /**
   * The version specifier the project's dependency files give a package (`==2.1.2`, `>=2.0,<2.3`), from
   * requirements*.txt, pyproject.toml, setup.py and environment.yml at the root; undefined when none names it.
   */
  requirementPin?(name: string): string | undefined;
  /**
   * The dependency file at the root (`requirements.txt`, `pyproject.toml`, ...) that names a package, first in name
   * order (the one `requirementPin` reads); undefined when none does. For findings reported once per project.
   */
  dependencyFile?(name: string): string | undefined;
  /**
   * The first of the project's files, in path order, whose name ends with one of `extensions` (".ipynb", ".py") and
   * whose text matches `pattern` (lexical); undefined when none does. For findings reported once per project.
   */
  firstFileMatching?(pattern: RegExp, extensions: readonly string[]): string | undefined;
}

/** Another Python file of the project, parsed, and its calls of the function asked about. */
export interface ProjectModule {
  path: string;
  source: PythonSource;
  calls: readonly SyntaxNode[];
}

/** What every check gets, whatever it reads. */
export interface RuleContextBase {
  /** The file's path relative to the root ("src/train.py"); empty when the text has no file. */
  readonly path?: string;
  readonly target: Target;
  readonly precision: PrecisionChoice;
  readonly project: ProjectFacts;
  report(finding: RuleFinding): void;
}

export interface PythonRuleContext extends RuleContextBase {
  readonly source: PythonSource;
  /**
   * In a notebook: its code cells as written, IPython syntax unmasked (`%%writefile`, `%env`, `!torchrun` lines),
   * at the same offsets as `source.text`. Absent for Python files.
   */
  readonly notebookCode?: string;
}

/** A check over another kind of file: `document` is its parsed form. */
export interface DocumentRuleContext<Document> extends RuleContextBase {
  readonly document: Document;
}

/** What a check of each kind of file reads. */
export interface ContextFor {
  /** Python files and notebook code cells. */
  python: PythonRuleContext;
  shell: DocumentRuleContext<ShellSource>;
  config: DocumentRuleContext<ConfigSource>;
  requirements: DocumentRuleContext<RequirementsSource>;
  /** CUDA sources; they are read, never edited. */
  cuda: DocumentRuleContext<CudaSource>;
}

/** What a rule does with one kind of file. */
export interface KindCheck<K extends FileKind> {
  /** Reads one file of the kind and reports; absent only on a rule the engine reports (`reportedByEngine`). */
  run?(context: ContextFor[K]): void;
  /** Literals for this kind of file, where they differ from the rule's `triggers` (a requirements check looks for "torch"). */
  triggers?: readonly string[];
  /**
   * Literals of which a file must also hold one for the check to report there, besides a trigger: a check that
   * reads one kind of config needs that kind's top-level keys (`kindMarkers` of @gpu-compat/config). A file with a
   * trigger and none of these is not parsed for this check. It must never be wrong.
   */
  needsOneOf?: readonly string[];
}

/** The kinds of file a rule reads, each with its check: a kind it has no entry for, it never reads. */
export type RuleChecks = { readonly [K in FileKind]?: KindCheck<K> };

export interface Rule {
  /** Kebab-case, says what it finds: `bf16-dtype`. */
  id: string;
  /** One line, shown in listings and the report. */
  title: string;
  category: Category;
  severity: Severity;
  /**
   * The sentences its findings say, by id, with `{{name}}` placeholders (`messageTemplates` in define.ts); rules
   * that still build their messages in code have none yet.
   */
  messages?: Readonly<Record<string, string>>;
  /** The kinds of file it reads, each with its check and the literals that trigger it there. */
  checks: RuleChecks;
  /** "always": every finding carries a fix; "sometimes": some are hints; "never": hints only. */
  fixable: "always" | "sometimes" | "never";
  /**
   * Library calls whose bf16 dtype argument this rule decides, because the right value there is not float32
   * (autocast's float16, vLLM's "half"): `bf16-dtype` leaves them to it. Each is the last segment of the callee's
   * qualified name (`BitsAndBytesConfig`), a module-qualified name (`vllm.LLM`), or "Class.method"
   * (`FastLanguageModel.from_pretrained`).
   */
  ownsDtypeOf?: readonly string[];
  /** The feature whose absence makes the rule run ("bf16" rules run on targets without bf16); absent for rules
   * that run on every target and decide from its numbers (memory, GPU count, CPUs). */
  lacks?: Feature;
  /**
   * The rule also runs on targets that are not CUDA GPUs (the report-only `kaggle-tpu-v3-8`): it reads the platform
   * (Kaggle's read-only input, its saved output, CPUs) or the CUDA code a TPU cannot run. Other rules never do.
   */
  runsOnTpu?: true;
  /** The hardware condition under which the rule runs, in words: "compute capability below 8.0". */
  appliesWhen: string;
  appliesTo(target: Target): boolean;
  /**
   * Literals without which the rule cannot match: files containing none of them are never parsed. A kind of file
   * whose check names its own `triggers` uses those instead.
   */
  triggers: readonly string[];
  /**
   * The engine reports this rule's findings itself, from what the other rules found (unused suppression
   * comments): its `checks` name the kinds of file it reports on, without a `run`.
   */
  reportedByEngine?: true;
  /**
   * Where a trigger literal counts in Python files and notebook code: "code" (the default) outside comments and
   * docstring-like triple-quoted strings (LexicalScan in @gpu-compat/python), "text" anywhere, for rules that read
   * prose (suppression comments, CUDA sources in triple-quoted strings).
   */
  triggerScope?: "code" | "text";
  /**
   * After a trigger literal was found in a Python text, a cheap test without parsing that may prove the rule has
   * nothing to report there: false only when no finding is possible (it must never be wrong).
   */
  mayMatch?(scan: LexicalScan, project: ProjectFacts): boolean;
}
