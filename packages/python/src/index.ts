export * from "./browser.js";
export { loadGrammar, loadPythonParser, nativeLoadError, type GrammarPackage, type LoadOptions } from "./parser.js";
