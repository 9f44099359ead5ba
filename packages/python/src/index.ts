export type { SyntaxNode } from "./node.js";
export { ancestors, childrenOf, closestAncestor, namedChildrenOf, sameNode, unparenthesize } from "./node.js";
export { loadPythonParser, nativeLoadError, type Backend, type ParsedTree, type PythonParser, type LoadOptions } from "./parser.js";
export { LineIndex, type LineColumn } from "./lines.js";
export { applyEdits, selectEditGroups, type TextEdit } from "./edits.js";
export { ImportMap } from "./imports.js";
export {
  argumentsOf,
  callNamedAt,
  callOfArgument,
  calleeName,
  hasSplat,
  isFalse,
  isTrue,
  keywordArgument,
  keywordArguments,
  keywordValue,
  removeArgumentEdit,
} from "./calls.js";
export { GuardFinder, HARDWARE_CHECK_NAMES, type Guard } from "./guards.js";
export { plainStringContent, stringValue } from "./strings.js";
export { PythonSource } from "./source.js";
