import { loadPythonParser, PythonSource, type Backend, type ParsedTree, type PythonParser, type SyntaxNode } from "@gpu-compat/python";
import { afterAll, beforeAll } from "vitest";

/** Every tree-dependent suite runs against both bindings. */
export const BACKENDS: readonly Backend[] = ["native", "wasm"];

export interface TestParser {
  readonly parser: PythonParser;
  parse(text: string): SyntaxNode;
  source(text: string): PythonSource;
}

/**
 * Loads the given backend for the enclosing describe block and frees the trees it parsed afterwards (the wasm
 * binding does not garbage-collect them).
 */
export function useParser(backend: Backend): TestParser {
  let parser: PythonParser | undefined;
  const trees: ParsedTree[] = [];
  beforeAll(async () => {
    parser = await loadPythonParser({ backend });
  });
  afterAll(() => {
    for (const tree of trees) tree.dispose();
    trees.length = 0;
  });
  const api: TestParser = {
    get parser() {
      if (!parser) throw new Error("parser used before beforeAll ran");
      return parser;
    },
    parse(text) {
      const tree = api.parser.parse(text);
      trees.push(tree);
      return tree.root;
    },
    source(text) {
      return new PythonSource(text, api.parse(text));
    },
  };
  return api;
}

/** The smallest node covering the first occurrence of `snippet` in `text` (the node is not necessarily exact). */
export function nodeAt(root: SyntaxNode, text: string, snippet: string): SyntaxNode {
  const start = text.indexOf(snippet);
  if (start < 0) throw new Error(`snippet ${JSON.stringify(snippet)} not in text`);
  const node = root.descendantForIndex(start, start + snippet.length);
  if (!node) throw new Error(`no node at ${JSON.stringify(snippet)}`);
  return node;
}

/** The first node of the given type, in document order. */
export function firstOfType(root: SyntaxNode, type: string): SyntaxNode {
  const node = root.descendantsOfType(type).find((n): n is SyntaxNode => n !== null);
  if (!node) throw new Error(`no ${type} node`);
  return node;
}
