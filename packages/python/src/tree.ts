// What runs anywhere, Node or a browser: the parser interfaces, and a parser over web-tree-sitter given a grammar's
// .wasm (a path in Node, a URL or the bytes in a browser). parser.ts adds the Node loading: the native binding first.
import type { SyntaxNode } from "./node.js";

export type Backend = "native" | "wasm";

export interface ParsedTree {
  readonly root: SyntaxNode;
  /** Frees the tree's memory (the WebAssembly binding does not garbage-collect trees). */
  dispose(): void;
}

export interface TreeParser {
  readonly backend: Backend;
  parse(text: string): ParsedTree;
}

/** The parser of Python source. */
export type PythonParser = TreeParser;

// web-tree-sitter's runtime is initialised once per thread, however many grammars load.
let wasmRuntime: Promise<typeof import("web-tree-sitter")> | undefined;

/**
 * `locateFile`: where the runtime's own tree-sitter.wasm is, by its file name (a browser page serves it beside
 * itself; in Node, web-tree-sitter finds it in its package). The first call's choice holds for the thread.
 */
function initWasmRuntime(locateFile?: (name: string) => string): Promise<typeof import("web-tree-sitter")> {
  return (wasmRuntime ??= import("web-tree-sitter").then(async (module) => {
    await module.Parser.init(locateFile ? { locateFile } : undefined);
    return module;
  }));
}

/** A grammar's .wasm for web-tree-sitter: a file path (Node), a URL (a browser fetches it), or its bytes. */
export interface WasmGrammar {
  /** The grammar's name, for errors: "tree-sitter-python". */
  name: string;
  wasm: string | Uint8Array;
  /** See initWasmRuntime. */
  locateRuntime?: (name: string) => string;
}

/** A parser over web-tree-sitter. */
export async function loadWasmParser(grammar: WasmGrammar): Promise<TreeParser> {
  const { Parser, Language } = await initWasmRuntime(grammar.locateRuntime);
  const language = await Language.load(grammar.wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: "wasm",
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter (wasm) returned no tree for ${grammar.name}`);
      return { root: tree.rootNode as unknown as SyntaxNode, dispose: () => tree.delete() };
    },
  };
}
