import { callNamedAt } from "./calls.js";
import { BF16_CHOICE_STRINGS, GuardFinder, HARDWARE_CHECK_NAMES } from "./guards.js";
import { ImportMap } from "./imports.js";
import { LineIndex } from "./lines.js";
import type { SyntaxNode } from "./node.js";
import { SemanticModel } from "./semantic/index.js";
import { wordOffsets } from "./words.js";

/** One parsed Python text with the facts rules ask about, each computed on first use. */
export class PythonSource {
  private importsCache?: ImportMap;
  private guardsCache?: GuardFinder;
  private linesCache?: LineIndex;
  private semanticCache?: SemanticModel;
  private readonly offsetCache = new Map<string, readonly number[]>();
  private readonly occurrenceCache = new Map<string, readonly SyntaxNode[]>();

  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
  ) {}

  get imports(): ImportMap {
    return (this.importsCache ??= ImportMap.fromTree(this.root));
  }

  get guards(): GuardFinder {
    return (this.guardsCache ??= new GuardFinder(this.root, HARDWARE_CHECK_NAMES, this.text, BF16_CHOICE_STRINGS, this.semantic));
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  /** Scopes, bindings, name resolution and constant values, built on first use and shared by all rules. */
  get semantic(): SemanticModel {
    return (this.semanticCache ??= new SemanticModel(this));
  }

  /**
   * The smallest node exactly covering each whole-word occurrence of `word` in the text. Rules anchor on the
   * literal that triggered them instead of walking the whole tree: the text search is cheap, and a comment or a
   * string shows up as such a node, so the rule can tell code from prose.
   */
  *occurrences(word: string): Generator<SyntaxNode> {
    yield* this.occurrenceNodes(word);
  }

  /**
   * The nodes of `occurrences`, found once per word: rules and their shared helpers ask for the same words over
   * and over (on Megatron-LM each file was searched ~40 times for words asked before, 700 MB of text in all).
   */
  private occurrenceNodes(word: string): readonly SyntaxNode[] {
    let nodes = this.occurrenceCache.get(word);
    if (!nodes) {
      const found: SyntaxNode[] = [];
      for (const at of this.wordOffsets(word)) {
        const node = this.root.descendantForIndex(at, at + word.length);
        if (node) found.push(node);
      }
      this.occurrenceCache.set(word, (nodes = found));
    }
    return nodes;
  }

  /**
   * The calls made by one of these names (`f(...)`, or the `f` of `x.f(...)`), each with its callee expression: by
   * name in the order given, each name's calls in document order. Rules find the calls they read from the name
   * that calls them instead of visiting every call of the file.
   */
  *callsNamed(names: Iterable<string>): Generator<{ call: SyntaxNode; callee: SyntaxNode }> {
    for (const name of names) {
      for (const node of this.occurrenceNodes(name)) {
        const found = callNamedAt(node);
        if (found) yield found;
      }
    }
  }

  /** The offsets of each whole-word occurrence of `word` in the text (see `wordOffsets`), found once per word. */
  wordOffsets(word: string): readonly number[] {
    let offsets = this.offsetCache.get(word);
    if (!offsets) this.offsetCache.set(word, (offsets = [...wordOffsets(this.text, word)]));
    return offsets;
  }
}
