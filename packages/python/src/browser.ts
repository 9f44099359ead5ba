// Everything of @gpu-compat/python that runs in a browser too (no Node module): the playground bundles this.
// index.ts adds the Node loading of the grammars.
export type { SyntaxNode } from "./node.js";
export { ancestors, childrenOf, closestAncestor, comparisonParts, namedChildrenOf, sameNode, unparenthesize } from "./node.js";
export { loadWasmParser, type Backend, type ParsedTree, type PythonParser, type TreeParser, type WasmGrammar } from "./tree.js";
export { LineIndex, type LineColumn } from "./lines.js";
export { isNameStart, isWordChar } from "./words.js";
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
export { BF16_CHOICE_STRINGS, GuardFinder, HARDWARE_CHECK_NAMES, isPrecisionFlagName, type Guard } from "./guards.js";
export { plainStringContent, stringValue } from "./strings.js";
export { LexicalScan, proseRanges } from "./lexical.js";
export { PythonSource } from "./source.js";
export {
  literalValue,
  parametersOf,
  SemanticModel,
  type ArgparseOption,
  type Binding,
  type BindingKind,
  type Constant,
  type DataclassField,
  type DataclassInfo,
  type Parameter,
  type ParameterKind,
  type PassedArgument,
  type Scope,
  type ScopeKind,
} from "./semantic/index.js";
export { normalizeProjectName, RequirementsSource, type Requirement, type RequirementsFormat } from "./requirements.js";
export { escapeJsonContent, Notebook, notebookCode, notebookFromCells, parseNotebook, type CellPosition, type NotebookCells, type NotebookCell, type NotebookShell } from "./notebook.js";
export { maskIPython, type CellRange, type CellShell, type MaskedCell } from "./ipython.js";
