// Loading the parsers in Node: the native tree-sitter binding, or its WebAssembly fallback (see @gpu-compat/python).
// A browser loads them through loadWasmParser itself (packages/playground).
import { loadPythonParser, nativeLoadError, type Backend } from "@gpu-compat/python";
import { loadShellParser } from "@gpu-compat/shell";
import type { Parsers } from "./kinds.js";

/** `fewFiles`: see LoadOptions in @gpu-compat/python. */
export async function loadParsers(backend?: Backend, { fewFiles = false } = {}): Promise<Parsers> {
  const options = { ...(backend ? { backend } : {}), fewFiles };
  return { python: await loadPythonParser(options), shell: await loadShellParser(options) };
}

/** Which tree-sitter binding a run uses (native, or the WebAssembly fallback and why), for `gpu-compat version`. */
export async function describeParserBackend(): Promise<string> {
  const { python } = await loadParsers(undefined, { fewFiles: true });
  if (python.backend === "native") return "native (tree-sitter)";
  const why = nativeLoadError ? `the native binding did not load: ${nativeLoadError.split("\n")[0]}` : "GPU_COMPAT_PARSER=wasm";
  return `wasm (web-tree-sitter; ${why})`;
}
