import { GuardFinder } from "./guards.js";
import { ImportMap } from "./imports.js";
import { LineIndex } from "./lines.js";
import type { SyntaxNode } from "./node.js";

/** One parsed Python text with the facts rules ask about, each computed on first use. */
export class PythonSource {
  private importsCache?: ImportMap;
  private guardsCache?: GuardFinder;
  private linesCache?: LineIndex;

  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
  ) {}

  get imports(): ImportMap {
    return (this.importsCache ??= ImportMap.fromTree(this.root));
  }

  get guards(): GuardFinder {
    return (this.guardsCache ??= new GuardFinder(this.root));
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  /**
   * The smallest node exactly covering each whole-word occurrence of `word` in the text. Rules anchor on the
   * literal that triggered them instead of walking the whole tree: the text search is cheap, and a comment or a
   * string shows up as such a node, so the rule can tell code from prose.
   */
  *occurrences(word: string): Generator<SyntaxNode> {
    const text = this.text;
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + word.length))) continue;
      const node = this.root.descendantForIndex(at, at + word.length);
      if (node) yield node;
    }
  }
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127
  );
}
