import { LexicalScan, notebookCode, type NotebookCells } from "@gpu-compat/python";
import { markdownShellText } from "@gpu-compat/shell";
import { triggersFor, type FileKind, type ProjectFacts, type Rule } from "@gpu-compat/rules";
import type { KnownContent } from "./adapters.js";
import { checkedKinds, type DiskKind } from "./kinds.js";
import { LiteralFinder } from "./literal-finder.js";

/** One rule's trigger literals for one kind of check, and where they count. */
interface Trigger {
  rule: Rule;
  checked: FileKind;
  literals: readonly string[];
  /** Of which the file must also hold one, anywhere in its bytes (KindCheck.needsOneOf); undefined: none needed. */
  needsOneOf: readonly string[] | undefined;
  /** A Python check whose literals count in code only, not in prose (see LexicalScan). */
  inCode: boolean;
}

interface KindTriggers {
  triggers: Trigger[];
  finder: LiteralFinder;
}

/** The texts the checks of a Python file or notebook read: its Python, and a notebook's shell snippets. */
interface Texts {
  python: string;
  shell: readonly string[];
  scan?: LexicalScan;
  /** A notebook's cells, as read for its texts. */
  cells?: NotebookCells;
}

/** Whether some rule wants a file and, for a notebook wanted, what was read of it on the way (the cells). */
export interface Verdict {
  wanted: boolean;
  known?: KnownContent;
}

/**
 * Decides from a file's bytes, without parsing it, whether some rule could report on it. A rule wants the file
 * when one of its trigger literals is there: in Python (notebook code cells included), in code rather than in a
 * comment or docstring unless the rule reads prose (`triggerScope: "text"`); in a notebook, where its check
 * reads (the code cells, or the `!` lines for shell checks; a Markdown file's shell blocks); the file holds one of
 * the check's `needsOneOf` literals, if it names some; and its `mayMatch` test, if it has one, does not rule the
 * file out. Only the files some rule wants are parsed, and then every rule runs on them.
 */
export class Prefilter {
  private readonly byKind = new Map<DiskKind, KindTriggers>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly project: ProjectFacts,
  ) {}

  /**
   * `decode` gives the file's text, or undefined when it is not UTF-8: such a file is wanted whenever a literal
   * is there, so that the engine reports it.
   */
  wants(kind: DiskKind, bytes: Buffer, decode: () => string | undefined): boolean {
    return this.read(kind, bytes, decode).wanted;
  }

  /** `wants`, with the cells of a notebook wanted: the thread that checks it need not parse its JSON again. */
  read(kind: DiskKind, bytes: Buffer, decode: () => string | undefined): Verdict {
    const notebook = kind === "notebook" ? textsOf(kind, decode) : undefined;
    const wanted = this.wanted(kind, bytes, decode, notebook);
    return wanted && notebook?.cells ? { wanted, known: { notebook: notebook.cells } } : { wanted };
  }

  private wanted(kind: DiskKind, bytes: Buffer, decode: () => string | undefined, notebook: Texts | undefined): boolean {
    const { triggers, finder } = this.triggersFor(kind);
    // A notebook's checks read its code cells only, and its bytes are mostly outputs: its code is searched, which
    // JSON.parse gives faster than a search of the whole text runs. The bytes are searched when it is no notebook.
    const found = notebook ? finder.findInText([notebook.python, ...notebook.shell].join("\n")) : finder.find(bytes);
    if (found.size === 0) return false;
    const candidates = triggers.filter((trigger) => trigger.literals.some((literal) => found.has(literal)) && (trigger.needsOneOf?.some((literal) => found.has(literal)) ?? true));
    if (candidates.length === 0) return false;
    if (kind !== "python" && kind !== "notebook" && kind !== "markdown") return true;

    // A notebook's texts were read above: one that is no notebook is not read again.
    const texts = kind === "notebook" ? notebook : textsOf(kind, decode);
    if (!texts) return true;
    const present = (trigger: Trigger) => trigger.literals.some((literal) => found.has(literal) && this.counts(trigger, literal, texts));
    // A literal where it counts settles it; the tests (which may read files) run only when nothing else does.
    const tested = (trigger: Trigger) => trigger.checked === "python" && trigger.rule.mayMatch !== undefined;
    if (candidates.some((trigger) => !tested(trigger) && present(trigger))) return true;
    return candidates.some((trigger) => tested(trigger) && present(trigger) && trigger.rule.mayMatch!((texts.scan ??= new LexicalScan(texts.python)), this.project));
  }

  private counts(trigger: Trigger, literal: string, texts: Texts): boolean {
    if (trigger.checked === "shell") return texts.shell.some((snippet) => snippet.includes(literal));
    if (!trigger.inCode) return texts.python.includes(literal);
    return (texts.scan ??= new LexicalScan(texts.python)).inCode(literal);
  }

  private triggersFor(kind: DiskKind): KindTriggers {
    let entry = this.byKind.get(kind);
    if (!entry) {
      const triggers = checkedKinds(kind).flatMap((checked) =>
        this.rules
          .filter((rule) => rule.checks[checked])
          .map((rule) => ({ rule, checked, literals: triggersFor(rule, checked), needsOneOf: rule.checks[checked]?.needsOneOf, inCode: checked === "python" && rule.triggerScope !== "text" })),
      );
      const literals = triggers.flatMap((trigger) => [...trigger.literals, ...(trigger.needsOneOf ?? [])]);
      this.byKind.set(kind, (entry = { triggers, finder: new LiteralFinder(literals) }));
    }
    return entry;
  }
}

/**
 * A Python file's text, a notebook's code cells and shell snippets, or a Markdown file's shell blocks (a literal
 * in its prose wants nothing); undefined when unsure.
 */
function textsOf(kind: DiskKind, decode: () => string | undefined): Texts | undefined {
  const text = decode();
  if (text === undefined) return undefined;
  if (kind === "markdown") return { python: "", shell: [markdownShellText(text)] };
  if (kind !== "notebook") return { python: text, shell: [] };
  return notebookCode(text);
}
