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
    for (const at of wordOffsets(this.text, word)) {
      const node = this.root.descendantForIndex(at, at + word.length);
      if (node) yield node;
    }
  }
}
