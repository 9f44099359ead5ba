import {
  callOfArgument,
  namedChildrenOf,
  plainStringContent,
  stringValue,
  unparenthesize,
  type ImportMap,
  type PythonSource,
  type SyntaxNode,
  type TextEdit,
} from "@gpu-compat/python";
import { torchLocalName } from "./torch-family.js";

/**
 * Helpers for rules that own the dtype argument of one library's call (bitsandbytes, vLLM, Unsloth): the right
 * replacement there is the library's own, not the float32 that `bf16-dtype` would choose.
 */

export interface KeywordUse {
  argument: SyntaxNode;
  call: SyntaxNode;
  value: SyntaxNode;
}

/** Every `name=value` keyword argument of a call in the file, found from the occurrences of `name`. */
export function* keywordArgumentsNamed(source: PythonSource, name: string): Generator<KeywordUse> {
  for (const node of source.occurrences(name)) {
    const argument = node.parent;
    if (node.type !== "identifier" || argument?.type !== "keyword_argument") continue;
    if (argument.childForFieldName("name")?.startIndex !== node.startIndex) continue;
    const call = callOfArgument(argument);
    const value = argument.childForFieldName("value");
    if (call && value) yield { argument, call, value };
  }
}

/** A part of a dtype argument that asks for bfloat16. */
export interface Bf16Leaf {
  node: SyntaxNode;
  /** "torch": `torch.bfloat16` in some spelling; "string": the string "bfloat16". */
  kind: "torch" | "string";
}

/**
 * The parts of a dtype value that ask for bfloat16: the value itself, or the branches of `a if c else b` (each
 * branch is judged, and guarded, on its own). `ignoreCase` for libraries that lower-case dtype strings (vLLM).
 */
export function bf16Leaves(value: SyntaxNode, imports: ImportMap, options: { ignoreCase?: boolean } = {}): Bf16Leaf[] {
  const node = unparenthesize(value);
  if (node.type === "conditional_expression") {
    const [whenTrue, , whenFalse] = namedChildrenOf(node);
    return [whenTrue, whenFalse].flatMap((branch) => (branch ? bf16Leaves(branch, imports, options) : []));
  }
  if (node.type === "string") {
    const text = stringValue(node);
    if (text === null) return [];
    return (options.ignoreCase ? text.toLowerCase() : text) === "bfloat16" ? [{ node, kind: "string" }] : [];
  }
  return isTorchBfloat16(node, imports) ? [{ node, kind: "torch" }] : [];
}

/** `torch.bfloat16`, `T.bfloat16`, `bf` from `from torch import bfloat16 as bf`, or a bare one from `torch import *`. */
function isTorchBfloat16(node: SyntaxNode, imports: ImportMap): boolean {
  if (imports.qualifiedName(node) === "torch.bfloat16") return true;
  return node.type === "identifier" && node.text === "bfloat16" && !imports.bindings.has("bfloat16") && imports.wildcardModules.includes("torch");
}

/**
 * The edit that turns a torch bfloat16 leaf into torch's `dtype`, in the file's own spelling: `T.bfloat16` ->
 * `T.float16`; an imported alias -> `torch.float16` (null when the file has no name bound to torch).
 */
export function torchDtypeEdit(leaf: SyntaxNode, dtype: string, imports: ImportMap): TextEdit | null {
  if (leaf.type === "attribute") {
    const name = leaf.childForFieldName("attribute");
    return name ? { start: name.startIndex, end: name.endIndex, text: dtype } : null;
  }
  if (leaf.text === "bfloat16" && !imports.bindings.has("bfloat16")) return { start: leaf.startIndex, end: leaf.endIndex, text: dtype };
  const torch = torchLocalName(imports);
  return torch ? { start: leaf.startIndex, end: leaf.endIndex, text: `${torch}.${dtype}` } : null;
}

/** The edit that replaces the text inside a string leaf's quotes. */
export function stringContentEdit(leaf: SyntaxNode, text: string): TextEdit | null {
  const content = plainStringContent(leaf);
  return content ? { start: content.startIndex, end: content.endIndex, text } : null;
}
