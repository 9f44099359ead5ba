import { createRequire } from "node:module";
import type { SyntaxNode } from "./node.js";

const require = createRequire(import.meta.url);

export type Backend = "native" | "wasm";

export interface ParsedTree {
  readonly root: SyntaxNode;
  /** Frees the tree's memory (the WebAssembly binding does not garbage-collect trees). */
  dispose(): void;
}

export interface PythonParser {
  readonly backend: Backend;
  parse(text: string): ParsedTree;
}

export interface LoadOptions {
  /** "auto" (default) tries the native binding and falls back to WebAssembly when it cannot load. */
  backend?: Backend | "auto";
}

// Large inputs: the native binding reads the string in chunks; without a bigger buffer it can stop early.
const NATIVE_BUFFER_MIN = 64 * 1024;

function loadNative(): PythonParser {
  const NativeParser = require("tree-sitter") as new () => {
    setLanguage(language: unknown): void;
    parse(input: string, oldTree: null, options: { bufferSize: number }): { rootNode: SyntaxNode };
  };
  const python: unknown = require("tree-sitter-python");
  const parser = new NativeParser();
  parser.setLanguage(python);
  return {
    backend: "native",
    parse(text) {
      const tree = parser.parse(text, null, { bufferSize: Math.max(NATIVE_BUFFER_MIN, text.length * 2 + 1) });
      return { root: tree.rootNode, dispose() {} };
    },
  };
}

async function loadWasm(): Promise<PythonParser> {
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: "wasm",
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error("tree-sitter (wasm) returned no tree");
      return { root: tree.rootNode as unknown as SyntaxNode, dispose: () => tree.delete() };
    },
  };
}

/** Why the native binding was not used, when the fallback was taken (for `--verbose` style output). */
export let nativeLoadError: string | undefined;

/**
 * Loads a Python parser. The backend can also be forced with GPU_COMPAT_PARSER=native|wasm, which is how the
 * tests run both paths over the same fixtures.
 */
export async function loadPythonParser(options: LoadOptions = {}): Promise<PythonParser> {
  const fromEnv = process.env.GPU_COMPAT_PARSER;
  const wanted = options.backend ?? (fromEnv === "native" || fromEnv === "wasm" ? fromEnv : "auto");
  if (wanted === "wasm") return loadWasm();
  try {
    return loadNative();
  } catch (error) {
    if (wanted === "native") throw error;
    nativeLoadError = error instanceof Error ? error.message : String(error);
    return loadWasm();
  }
}
