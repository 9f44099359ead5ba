import { formatPath, type ConfigSource } from "@gpu-compat/config";
import { LineIndex, PythonSource, RequirementsSource, type NotebookCells, type RequirementsFormat, type SyntaxNode, type TreeParser } from "@gpu-compat/python";
import { CudaSource, triggersFor, type ContextFor, type FileKind, type Rule, type RuleContextBase, type RuleFinding } from "@gpu-compat/rules";
import { dockerfileScript, markdownScript, scriptView, ShellSource } from "@gpu-compat/shell";
import type { Position } from "./model.js";
import { LiteralFinder } from "./literal-finder.js";
import { applySuppressions } from "./suppressions.js";

/** A finding a rule reported, with the rule that reported it. */
export interface RawFinding extends RuleFinding {
  rule: Rule;
}

/** One parsed version of a file's text, ready for the rules. */
export interface OpenDocument {
  /** Runs the rules that read this kind of document; findings sorted by position. */
  run(rules: readonly Rule[], base: Omit<RuleContextBase, "report">): RawFinding[];
  dispose(): void;
}

/** What the thread that read a file already learnt of its content, so that opening it need not read it again. */
export interface KnownContent {
  /** A notebook's cells, as the prefilter read them from this same text. */
  notebook?: NotebookCells;
}

/**
 * How the engine reads one kind of file: parse (and so validate) a text, run the rules on it, and say where an
 * offset is for the report. Fix passes re-open each rewritten text, so a rewrite that does not parse is caught.
 */
export interface DocumentAdapter {
  open(text: string, known?: KnownContent): { document: OpenDocument } | OpenError;
  locate(text: string, lines: LineIndex, offset: number): Position;
  /** The source line holding an offset, where it is not the file's own line (a notebook: the cell's line). */
  lineText?(text: string, offset: number): string | undefined;
  /** Configs: the key path at an offset (`deepspeed_config.gradient_accumulation_steps`). */
  keyPath?(text: string, offset: number): string | undefined;
}

/** Why a text does not open, and where the reader first failed when it knows. */
export interface OpenError {
  error: string;
  at?: Position;
}

/** "syntax error at line 3, column 5" (in a notebook: "in cell 2, line 1, column 4"), for messages. */
export function describeOpenError({ error, at }: OpenError): string {
  if (!at) return error;
  return at.cell === undefined ? `${error} at line ${at.line}, column ${at.column}` : `${error} in cell ${at.cell}, line ${at.line}, column ${at.column}`;
}

/** What a check of one kind reads besides the base context: `source` (Python) or `document`. */
export type DocumentFields<K extends FileKind> = Omit<ContextFor[K], keyof RuleContextBase>;

/**
 * Runs each rule's check for one kind of document (`rule.checks[kind]`), keeping what it reports unless a
 * suppression comment covers it.
 */
export function runChecks<K extends FileKind>(
  kind: K,
  rules: readonly Rule[],
  text: string,
  lines: () => LineIndex,
  base: Omit<RuleContextBase, "report">,
  fields: DocumentFields<K>,
): RawFinding[] {
  const found: RawFinding[] = [];
  const ran = rules.filter((rule) => rule.checks[kind]);
  const present = triggerFinder(kind, ran).findInText(text);
  for (const rule of ran) {
    const run = rule.checks[kind]?.run;
    if (!run || !triggersFor(rule, kind).some((literal) => present.has(literal))) continue;
    const report = (finding: RuleFinding) => found.push({ ...finding, rule });
    // One kind at a time: the fields are those of ContextFor[K], which TypeScript cannot see through the spread.
    run({ ...base, ...fields, report } as unknown as ContextFor[K]);
  }
  return applySuppressions(text, lines, found, ran).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** One finder per kind and set of rules (the set is the same for almost every file): see LiteralFinder. */
const triggerFinders = new Map<string, LiteralFinder>();

function triggerFinder(kind: FileKind, rules: readonly Rule[]): LiteralFinder {
  const key = `${kind}:${rules.map((rule) => rule.id).join(",")}`;
  let finder = triggerFinders.get(key);
  if (!finder) triggerFinders.set(key, (finder = new LiteralFinder(rules.flatMap((rule) => triggersFor(rule, kind)))));
  return finder;
}

const plainLocate = (_text: string, lines: LineIndex, offset: number): Position => lines.position(offset);

/**
 * A tree-sitter kind of file: parse, refuse a tree with syntax errors, and run the checks on the document built
 * from the tree. The line index, for suppression comments, is built only when a rule reports something.
 */
function treeAdapter<K extends FileKind>(
  parser: TreeParser,
  kind: K,
  makeDocument: (text: string, root: SyntaxNode) => DocumentFields<K>,
  /** The text the grammar reads, of the same length as the file's (a Makefile's recipes as a script). */
  embedded: (text: string) => string = (text) => text,
): DocumentAdapter {
  return {
    open(fileText) {
      const text = embedded(fileText);
      const tree = parser.parse(text);
      if (tree.root.hasError) {
        const bad = firstError(tree.root);
        tree.dispose();
        return { error: "syntax error", ...(bad ? { at: new LineIndex(text).position(bad.startIndex) } : {}) };
      }
      const fields = makeDocument(text, tree.root);
      let lines: LineIndex | undefined;
      const linesOf = () => (lines ??= new LineIndex(text));
      return {
        document: {
          run: (rules, base) => runChecks(kind, rules, text, linesOf, base, fields),
          dispose: () => tree.dispose(),
        },
      };
    },
    locate: plainLocate,
  };
}

export function pythonAdapter(parser: TreeParser): DocumentAdapter {
  return treeAdapter(parser, "python", (text, root) => ({ source: new PythonSource(text, root) }));
}

/**
 * Shell scripts; `embedded` reads the script out of another kind of file (a Makefile's recipes), `notebookBang`
 * marks a notebook `!` line (see ShellSource). The grammar reads the script's view (a final continuation `\`
 * read as a space, see scriptView).
 */
export function shellAdapter(parser: TreeParser, options: { embedded?: (text: string) => string; notebookBang?: number } = {}): DocumentAdapter {
  const { embedded } = options;
  return treeAdapter(
    parser,
    "shell",
    (text, root) => ({ document: new ShellSource(text, root, options.notebookBang) }),
    (text) => scriptView(embedded ? embedded(text) : text),
  );
}

/**
 * Markdown (READMEs, docs pages): its shell code blocks, read as one script (see markdownScript). A README's
 * blocks are often not scripts as a whole (placeholders, elided arguments, output pasted in): when the blocks do
 * not parse together, those that do not parse alone are blanked, and if the rest still does not parse, all are,
 * so a README never opens as a syntax error. Its findings are hints only (see hintOnlyByKind).
 */
export function markdownAdapter(parser: TreeParser): DocumentAdapter {
  return embeddedScriptAdapter(parser, markdownScript);
}

/**
 * Dockerfiles: their `RUN` commands, `ENV`/`ARG` assignments and `FROM` lines, read as one script (see
 * dockerfileScript). When the script does not parse (a heredoc, a construct the grammar does not read), the
 * instructions that do not parse alone are blanked, and if the rest still does not parse, all are.
 */
export function dockerfileAdapter(parser: TreeParser): DocumentAdapter {
  return embeddedScriptAdapter(parser, dockerfileScript);
}

/**
 * A script embedded in another text (Markdown's shell blocks, a Dockerfile's instructions), where `script(text,
 * keep)` blanks each part `keep` rejects: read whole, else without the parts that do not parse alone, else all blank.
 */
function embeddedScriptAdapter(parser: TreeParser, script: (text: string, keep?: (part: string) => boolean) => string): DocumentAdapter {
  const parses = (part: string) => {
    const tree = parser.parse(scriptView(part));
    const ok = !tree.root.hasError;
    tree.dispose();
    return ok;
  };
  const views = [(text: string) => script(text), (text: string) => script(text, parses), (text: string) => script(text, () => false)];
  const readers = views.map((embedded) => shellAdapter(parser, { embedded }));
  return {
    // The first reader that opens; the last, all blank, always does.
    open(text) {
      let opened = readers[0]!.open(text);
      for (const reader of readers.slice(1)) if ("error" in opened) opened = reader.open(text);
      return opened;
    },
    locate: plainLocate,
  };
}

export function requirementsAdapter(format: RequirementsFormat): DocumentAdapter {
  return {
    open(text) {
      let document: RequirementsSource;
      try {
        document = new RequirementsSource(text, format);
      } catch (error) {
        return { error: `not valid TOML: ${(error as Error).message.split("\n")[0]}` };
      }
      return {
        document: {
          run: (rules, base) =>
            runChecks("requirements", rules, text, () => document.lines, base, { document }),
          dispose() {},
        },
      };
    },
    locate: plainLocate,
  };
}

/** YAML and JSON configs; `parse` validates and builds the layout-preserving source. */
export function configAdapter(parse: (text: string) => ConfigSource | { error: string; offset?: number }): DocumentAdapter {
  // keyPath() asks about the texts open() just read: keep the last parse.
  let last: { text: string; parsed: ConfigSource | { error: string; offset?: number } } | undefined;
  const read = (text: string) => (last?.text === text ? last.parsed : (last = { text, parsed: parse(text) }).parsed);
  return {
    keyPath(text, offset) {
      const parsed = read(text);
      const path = "error" in parsed ? undefined : parsed.pathAt(offset);
      return path && path.length > 0 ? formatPath(path) : undefined;
    },
    open(text) {
      const parsed = read(text);
      if ("error" in parsed) return { error: parsed.error, ...(parsed.offset === undefined ? {} : { at: new LineIndex(text).position(parsed.offset) }) };
      const document = parsed;
      let lines: LineIndex | undefined;
      return {
        document: {
          run: (rules, base) =>
            runChecks("config", rules, text, () => (lines ??= new LineIndex(text)), base, { document }),
          dispose() {},
        },
      };
    },
    locate: plainLocate,
  };
}

/**
 * CUDA sources (`.cu`, `.cuh`): read by a lexer that never fails, so every text opens. Rules only hint here; no
 * check edits a CUDA document.
 */
export function cudaAdapter(): DocumentAdapter {
  return {
    open(text) {
      const document = new CudaSource(text);
      let lines: LineIndex | undefined;
      return {
        document: {
          run: (rules, base) =>
            runChecks("cuda", rules, text, () => (lines ??= new LineIndex(text)), base, { document }),
          dispose() {},
        },
      };
    },
    locate: plainLocate,
  };
}

export function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.type === "ERROR" || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return null;
}
