import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import type { SyntaxNode } from "./node.js";
import { loadWasmParser, type Backend, type PythonParser, type TreeParser } from "./tree.js";

const require = createRequire(import.meta.url);

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

async function loadWasm(grammar: GrammarPackage, options: LoadOptions): Promise<TreeParser> {
  // A process-wide V8 flag, read when a module is compiled: set before the first grammar is.
  if (options.fewFiles) setFlagsFromString("--liftoff-only");
  return loadWasmParser({ name: grammar.module, wasm: createRequire(grammar.from).resolve(`${grammar.module}/${grammar.wasm}`) });
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
