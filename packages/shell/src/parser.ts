import { loadGrammar, type LoadOptions, type TreeParser } from "@gpu-compat/python";

/** A tree-sitter-bash parser: native where it loads, WebAssembly otherwise (as for Python). */
export function loadShellParser(options: LoadOptions = {}): Promise<TreeParser> {
  return loadGrammar({ module: "tree-sitter-bash", wasm: "tree-sitter-bash.wasm", from: import.meta.url }, options);
}
