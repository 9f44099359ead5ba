import { namedChildrenOf, type SyntaxNode } from "@gpu-compat/python";

/**
 * One piece of a word: a run of literal characters, an escape, a quoted run, an expansion. A word's value is its
 * parts' texts joined; the parts say which characters of the value can be edited in place.
 */
export interface WordPart {
  /** What this part adds to the word's value (for an expansion: its source text, as a placeholder). */
  text: string;
  /** Its range in the script. */
  start: number;
  end: number;
  /** The text is the source, character for character: no quote, escape or expansion in between. */
  verbatim: boolean;
  /** An expansion (`$X`, `${X:-1}`, `$(cmd)`, `{1..3}`): known only when the script runs. */
  dynamic: boolean;
}

/** One word of a command line: a flag, a value, a path. */
export interface ShellWord {
  /** The word as the shell sees it after quote removal: `"--bf16"` -> `--bf16`. */
  value: string;
  /** The raw token's range in the text (quotes included). */
  start: number;
  end: number;
  /** The range of the value inside the quotes (equal to start/end for unquoted words). */
  valueStart: number;
  valueEnd: number;
  /** True when the word contains expansions (`$X`, `$(...)`), so its value is not known statically. */
  dynamic: boolean;
  node: SyntaxNode;
  parts: readonly WordPart[];
}

/** The node types a command's name and arguments can have (tree-sitter-bash's `_literal`). */
export const WORD_TYPES: ReadonlySet<string> = new Set([
  "word",
  "number",
  "string",
  "raw_string",
  "ansi_c_string",
  "translated_string",
  "concatenation",
  "simple_expansion",
  "expansion",
  "command_substitution",
  "process_substitution",
  "arithmetic_expansion",
  "brace_expression",
]);

const QUOTED = new Set(["string", "raw_string", "ansi_c_string", "translated_string"]);

export function readWord(node: SyntaxNode, text: string): ShellWord {
  const parts = partsOf(node, text);
  const value = parts.map((part) => part.text).join("");
  // A word that is one quoted string: its value sits between the quotes (a new value written there stays quoted).
  const inner = QUOTED.has(node.type) ? quotedInterior(node) : undefined;
  return {
    value,
    start: node.startIndex,
    end: node.endIndex,
    valueStart: inner?.start ?? node.startIndex,
    valueEnd: inner?.end ?? node.endIndex,
    dynamic: parts.some((part) => part.dynamic),
    node,
    parts,
  };
}

/** A word that is not in the script: the empty value of `NAME=` (at the offset after `=`). */
export function emptyWord(node: SyntaxNode, at: number): ShellWord {
  return { value: "", start: at, end: at, valueStart: at, valueEnd: at, dynamic: false, node, parts: [] };
}

function quotedInterior(node: SyntaxNode): { start: number; end: number } {
  // `"`/`'` open one character; `$'` and `$"` two.
  const open = node.type === "string" || node.type === "raw_string" ? 1 : 2;
  return { start: node.startIndex + open, end: node.endIndex - 1 };
}

function partsOf(node: SyntaxNode, text: string): WordPart[] {
  const { startIndex: start, endIndex: end } = node;
  switch (node.type) {
    case "word":
    case "number":
      if (node.namedChildren.length > 0) return [dynamicPart(node, text)];
      return unescape(text, start, end, () => true);
    case "raw_string":
      return [{ text: text.slice(start + 1, end - 1), start: start + 1, end: end - 1, verbatim: true, dynamic: false }];
    case "ansi_c_string": {
      const body = text.slice(start + 2, end - 1);
      // `$'...'` escapes (`\t`, `\x41`, ...) are not decoded: a body with one counts as unknown.
      return [{ text: body, start: start + 2, end: end - 1, verbatim: !body.includes("\\"), dynamic: body.includes("\\") }];
    }
    case "string":
    case "translated_string":
      return doubleQuoted(node, text);
    case "concatenation":
      return node.children.flatMap((child) => {
        if (!child) return [];
        // The grammar's bare `$` (`a$`) and `` ` `` pieces are anonymous nodes: literal characters.
        if (!WORD_TYPES.has(child.type)) return [{ text: child.text, start: child.startIndex, end: child.endIndex, verbatim: true, dynamic: false }];
        return partsOf(child, text);
      });
    default:
      return [dynamicPart(node, text)];
  }
}

function dynamicPart(node: SyntaxNode, text: string): WordPart {
  return { text: text.slice(node.startIndex, node.endIndex), start: node.startIndex, end: node.endIndex, verbatim: false, dynamic: true };
}

/** `"..."`: literal runs (with `\"`, `\\`, `\$`, `` \` `` and `\<newline>` unescaped) around expansions. */
function doubleQuoted(node: SyntaxNode, text: string): WordPart[] {
  const open = text.indexOf('"', node.startIndex);
  const close = node.endIndex - 1;
  const expansions = namedChildrenOf(node).filter((child) => child.type !== "string_content");
  const parts: WordPart[] = [];
  let cursor = open + 1;
  for (const expansion of expansions) {
    parts.push(...unescape(text, cursor, expansion.startIndex, (ch) => DOUBLE_QUOTE_ESCAPES.has(ch)));
    parts.push(dynamicPart(expansion, text));
    cursor = expansion.endIndex;
  }
  parts.push(...unescape(text, cursor, close, (ch) => DOUBLE_QUOTE_ESCAPES.has(ch)));
  return parts;
}

const DOUBLE_QUOTE_ESCAPES = new Set(['"', "\\", "$", "`", "\n"]);

/** Splits [start, end) at backslash escapes: verbatim runs and one part per escape the shell removes. */
function unescape(text: string, start: number, end: number, escapes: (ch: string) => boolean): WordPart[] {
  const parts: WordPart[] = [];
  let run = start;
  const flush = (to: number) => {
    if (to > run) parts.push({ text: text.slice(run, to), start: run, end: to, verbatim: true, dynamic: false });
  };
  for (let i = start; i < end; i++) {
    if (text[i] !== "\\" || i + 1 >= end) continue;
    const next = text[i + 1]!;
    const crlf = next === "\r" && text[i + 2] === "\n";
    if (!escapes(crlf ? "\n" : next)) continue;
    flush(i);
    const width = crlf ? 3 : 2;
    // `\<newline>` joins lines: it adds nothing to the value.
    parts.push({ text: next === "\n" || crlf ? "" : next, start: i, end: i + width, verbatim: false, dynamic: false });
    i += width - 1;
    run = i + 1;
  }
  flush(end);
  return parts;
}

/**
 * The script range of the characters [from, to) of a word's value, when they can be edited in place: both ends
 * fall in verbatim parts (or on a part boundary). `undefined` where an escape or expansion is in the way.
 */
export function rangeOf(word: ShellWord, from: number, to: number): { start: number; end: number } | undefined {
  const start = sourceOffset(word, from, "start");
  const end = from === to ? start : sourceOffset(word, to, "end");
  return start === undefined || end === undefined ? undefined : { start, end };
}

function sourceOffset(word: ShellWord, at: number, side: "start" | "end"): number | undefined {
  let position = 0;
  for (const part of word.parts) {
    const length = part.text.length;
    // A start offset belongs to the part it begins (at a boundary: the next part, inside its quotes); an end
    // offset to the part it closes.
    const inside = side === "start" ? at >= position && at < position + length : at > position && at <= position + length;
    if (inside) return part.verbatim ? part.start + (at - position) : undefined;
    position += length;
  }
  if (side === "start" && at === position) {
    const last = word.parts[word.parts.length - 1];
    return last ? (last.verbatim ? last.end : undefined) : word.valueEnd;
  }
  if (side === "end" && at === 0) return word.valueStart;
  return undefined;
}

/** The program a command word names, without its directory (`/usr/bin/python3` -> `python3`); undefined when expanded. */
export function programName(word: ShellWord): string | undefined {
  return isStatic(word) ? word.value.slice(word.value.lastIndexOf("/") + 1) : undefined;
}

/** No expansion among the characters [from, to) of the word's value. */
export function isStatic(word: ShellWord, from = 0, to = word.value.length): boolean {
  let position = 0;
  for (const part of word.parts) {
    const next = position + part.text.length;
    if (part.dynamic && position < to && next > from) return false;
    position = next;
  }
  return true;
}
