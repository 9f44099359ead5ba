import { callNamedAt, namedChildrenOf, plainStringContent, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import { argumentFor } from "../shared/integer-values.js";
import { CudaSource } from "./source.js";

/**
 * The CUDA sources a Python file compiles with `torch.utils.cpp_extension.load_inline(name, cpp_sources,
 * cuda_sources=...)`, when they are written in the file: a string literal, a list or tuple of them, or a name the
 * module assigns one string literal once. PyTorch joins the list with newlines into one `.cu` file, and so does
 * this. f-strings, bytes and computed strings are not read.
 */
export interface InlineCuda {
  call: SyntaxNode;
  cuda: CudaSource;
  /** The Python range of a CUDA range. */
  toPython(start: number, end: number): { start: number; end: number };
}

const LOAD_INLINE = "torch.utils.cpp_extension.load_inline";

export function inlineCudaSources(source: PythonSource): InlineCuda[] {
  const found: InlineCuda[] = [];
  for (const word of source.occurrences("load_inline")) {
    const named = callNamedAt(word);
    if (!named || source.imports.qualifiedName(named.callee) !== LOAD_INLINE) continue;
    const value = argumentFor(named.call, "cuda_sources", 2);
    const strings = value && stringsOf(source, value);
    const decoded = strings?.map(decodeString);
    if (!decoded || decoded.length === 0 || decoded.some((d) => d === null)) continue;
    found.push(joined(named.call, decoded as Decoded[]));
  }
  return found;
}

interface Decoded {
  text: string;
  /** The Python offset of each UTF-16 unit of `text`. */
  offsets: number[];
  /** Where the literal's content ends in the Python text. */
  end: number;
}

function joined(call: SyntaxNode, parts: readonly Decoded[]): InlineCuda {
  let text = "";
  const offsets: number[] = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      text += "\n";
      offsets.push(parts[i - 1]!.end);
    }
    text += part.text;
    offsets.push(...part.offsets);
  });
  const at = (offset: number) => offsets[offset] ?? parts[parts.length - 1]!.end;
  return { call, cuda: new CudaSource(text), toPython: (start, end) => ({ start: at(start), end: end > start ? at(end - 1) + 1 : at(start) }) };
}

/** The string literals a `cuda_sources` value consists of, or null when any part is not a literal. */
function stringsOf(source: PythonSource, value: SyntaxNode): SyntaxNode[] | null {
  if (value.type === "list" || value.type === "tuple") {
    const items = namedChildrenOf(value).filter((c) => c.type !== "comment").map((item) => literalOf(source, item));
    return items.every((item): item is SyntaxNode => item !== null) ? items : null;
  }
  const literal = literalOf(source, value);
  return literal ? [literal] : null;
}

function literalOf(source: PythonSource, node: SyntaxNode): SyntaxNode | null {
  if (node.type === "string" || node.type === "concatenated_string") return node;
  return node.type === "identifier" ? assignedOnce(source, node.text) : null;
}

/** The string literal a name is assigned, when the module assigns it exactly once and never augments it. */
function assignedOnce(source: PythonSource, name: string): SyntaxNode | null {
  const assignments = source.root.descendantsOfType(["assignment", "augmented_assignment"]).filter((a) => a?.childForFieldName("left")?.text === name);
  const right = assignments.length === 1 && assignments[0]!.type === "assignment" ? assignments[0]!.childForFieldName("right") : null;
  return right && (right.type === "string" || right.type === "concatenated_string") ? right : null;
}

/** The value of a str literal (implicit concatenation included) with where each character comes from. */
function decodeString(node: SyntaxNode): Decoded | null {
  const pieces = node.type === "concatenated_string" ? namedChildrenOf(node).filter((c) => c.type === "string") : [node];
  const result: Decoded = { text: "", offsets: [], end: node.endIndex };
  for (const piece of pieces) {
    const prefix = /^[a-zA-Z]*/.exec(piece.children[0]?.text ?? "")![0].toLowerCase();
    if (prefix.includes("f") || prefix.includes("b")) return null;
    const content = plainStringContent(piece);
    const empty = namedChildrenOf(piece).every((c) => c.type === "string_start" || c.type === "string_end");
    if (!content && !empty) return null;
    if (content) decodeInto(result, content.text, content.startIndex, prefix.includes("r"));
    result.end = content ? content.endIndex : piece.startIndex;
  }
  return result;
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** Appends a literal's content, resolving Python's escapes unless it is raw. */
function decodeInto(into: Decoded, content: string, base: number, raw: boolean): void {
  const emit = (text: string, at: number) => {
    into.text += text;
    for (let k = 0; k < text.length; k++) into.offsets.push(base + at);
  };
  for (let i = 0; i < content.length; ) {
    const c = content[i]!;
    if (raw || c !== "\\") {
      emit(c, i++);
      continue;
    }
    const next = content[i + 1] ?? "";
    const escape = /^(?:\r?\n|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\})/.exec(content.slice(i + 1));
    if (SIMPLE_ESCAPES[next] !== undefined) {
      emit(SIMPLE_ESCAPES[next]!, i);
      i += 2;
    } else if (escape && /^\r?\n$/.test(escape[0])) {
      i += 1 + escape[0].length; // a line continuation adds nothing
    } else if (escape && !escape[0].startsWith("N") && codePoint(escape[0]) <= 0x10ffff) {
      emit(String.fromCodePoint(codePoint(escape[0])), i);
      i += 1 + escape[0].length;
    } else {
      // `\N{...}` and unknown escapes: the character is not code the lexer reads; keep the text as it is.
      emit(c, i++);
    }
  }
}

/** `101` (octal), `x41`, `u0041`, `U00000041` -> the code point. */
function codePoint(escape: string): number {
  return /^[0-7]/.test(escape) ? parseInt(escape, 8) : parseInt(escape.slice(1), 16);
}
