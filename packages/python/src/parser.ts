import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import type { SyntaxNode } from "./node.js";

const require = createRequire(import.meta.url);

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

export interface LoadOptions {
  /** "auto" (default) tries the native binding and falls back to WebAssembly when it cannot load. */
  backend?: Backend | "auto";
  /**
   * The parser will read a few files only: with WebAssembly, keep V8 on its baseline compiler. Its optimizing tier
   * parses about 1.6x faster, but compiling the 1.4 MB bash grammar with it keeps the process from exiting for
   * ~0.65 s after the work is done: more than a short run (a pre-commit hook) spends parsing.
   */
  fewFiles?: boolean;
}

/** A tree-sitter grammar as npm ships it: a native binding module and a .wasm file in the same package. */
export interface GrammarPackage {
  /** The package name, e.g. "tree-sitter-python"; `require(name)` gives the native language. */
  module: string;
  /** The .wasm file inside the package. */
  wasm: string;
  /** Where to resolve the package from (the importing package's `import.meta.url`). */
  from: string;
}

// Large inputs: the native binding reads the string in chunks; without a bigger buffer it can stop early.
const NATIVE_BUFFER_MIN = 64 * 1024;

function loadNative(grammar: GrammarPackage): TreeParser {
  const requireFrom = createRequire(grammar.from);
  const NativeParser = require("tree-sitter") as new () => {
    setLanguage(language: unknown): void;
    parse(input: string, oldTree: null, options: { bufferSize: number }): { rootNode: SyntaxNode };
  };
  const language: unknown = requireFrom(grammar.module);
  const parser = new NativeParser();
  parser.setLanguage(language);
  return {
    backend: "native",
    parse(text) {
      const tree = parser.parse(text, null, { bufferSize: Math.max(NATIVE_BUFFER_MIN, text.length * 2 + 1) });
      return { root: tree.rootNode, dispose() {} };
    },
  };
}

// web-tree-sitter's runtime is initialised once per thread, however many grammars load.
let wasmRuntime: Promise<typeof import("web-tree-sitter")> | undefined;

function initWasmRuntime(): Promise<typeof import("web-tree-sitter")> {
  return (wasmRuntime ??= import("web-tree-sitter").then(async (module) => {
    await module.Parser.init();
    return module;
  }));
}

async function loadWasm(grammar: GrammarPackage, options: LoadOptions): Promise<TreeParser> {
  // A process-wide V8 flag, read when a module is compiled: set before the first grammar is.
  if (options.fewFiles) setFlagsFromString("--liftoff-only");
  const { Parser, Language } = await initWasmRuntime();
  const language = await Language.load(createRequire(grammar.from).resolve(`${grammar.module}/${grammar.wasm}`));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: "wasm",
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter (wasm) returned no tree for ${grammar.module}`);
      return { root: tree.rootNode as unknown as SyntaxNode, dispose: () => tree.delete() };
    },
  };
}

/** Why the native binding was not used, when the fallback was taken (for `--verbose` style output). */
export let nativeLoadError: string | undefined;

/**
 * Loads a parser for a grammar. The backend can also be forced with GPU_COMPAT_PARSER=native|wasm, which is how
 * the tests run both paths over the same fixtures.
 */
export async function loadGrammar(grammar: GrammarPackage, options: LoadOptions = {}): Promise<TreeParser> {
  const fromEnv = process.env.GPU_COMPAT_PARSER;
  const wanted = options.backend ?? (fromEnv === "native" || fromEnv === "wasm" ? fromEnv : "auto");
  if (wanted === "wasm") return loadWasm(grammar, options);
  try {
    return loadNative(grammar);
  } catch (error) {
    if (wanted === "native") throw error;
    nativeLoadError = error instanceof Error ? error.message : String(error);
    return loadWasm(grammar, options);
  }
}

const PYTHON_GRAMMAR: GrammarPackage = { module: "tree-sitter-python", wasm: "tree-sitter-python.wasm", from: import.meta.url };

export function loadPythonParser(options: LoadOptions = {}): Promise<PythonParser> {
  return loadGrammar(PYTHON_GRAMMAR, options);
}
