/**
 * A small CUDA C++ lexer, enough to find declarations, calls and launches by their tokens without a C++ grammar.
 * Comments are dropped; a string or character literal is one token, so its text is never read as code; each
 * preprocessor line (with its `\` continuations) becomes a directive with its own tokens, and `#if` blocks are
 * kept as offset ranges. It expands no macros and knows no types: callers decide what a token sequence means.
 * It never fails: text it does not understand becomes one-character punctuation.
 */

export interface Token {
  kind: "identifier" | "number" | "string" | "punct";
  text: string;
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
}

export interface Directive {
  /** `define`, `if`, `ifndef`, `endif`, ... (empty for a lone `#`). */
  name: string;
  /** The tokens after the directive's name. */
  tokens: Token[];
  start: number;
  end: number;
  /** How many code tokens come before it: two directives with the same count have no code between them. */
  tokenIndex: number;
}

export interface LexedCuda {
  tokens: Token[];
  directives: Directive[];
  /** The text between an `#if`/`#ifdef`/`#ifndef` and its `#endif`, include guards excepted. */
  conditionalRanges: { start: number; end: number }[];
}

// Longest first: `<<<` and `>>>` are the kernel launch brackets.
const PUNCTUATORS = ["<<<", ">>>", "<<=", ">>=", "...", "::", "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /\.?\d(?:[eEpP][+-]|[\w.'])*/y;
const STRING_PREFIX = /^(?:L|u8|u|U)?R?$/;

export function lexCuda(text: string): LexedCuda {
  const directives: Directive[] = [];
  const tokens = lexRange(text, 0, text.length, directives);
  return { tokens, directives, conditionalRanges: conditionalRanges(directives, text.length) };
}

/** Tokens of text[from, to); with `directives`, preprocessor lines go there instead. */
function lexRange(text: string, from: number, to: number, directives?: Directive[]): Token[] {
  const tokens: Token[] = [];
  let i = from;
  let lineStart = true;
  while (i < to) {
    const c = text[i]!;
    if (c === "\n") {
      lineStart = true;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v" || c === "\\") {
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      i = lineEnd(text, i, to);
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close === -1 || close + 2 > to ? to : close + 2;
    } else if (c === "#" && lineStart && directives) {
      const end = directiveEnd(text, i, to);
      const body = lexRange(text, i + 1, end);
      const named = body[0]?.kind === "identifier" && body[0].text !== "" ? body.shift()! : null;
      directives.push({ name: named?.text ?? "", tokens: body, start: i, end, tokenIndex: tokens.length });
      i = end;
    } else {
      lineStart = false;
      const token = readToken(text, i, to);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}

function readToken(text: string, i: number, to: number): Token {
  IDENTIFIER.lastIndex = i;
  const word = IDENTIFIER.exec(text);
  if (word) {
    const after = i + word[0].length;
    const quote = text[after];
    if ((quote === '"' || quote === "'") && STRING_PREFIX.test(word[0])) return literal(text, i, after, to, word[0].endsWith("R"));
    return { kind: "identifier", text: word[0], start: i, end: after };
  }
  NUMBER.lastIndex = i;
  const number = NUMBER.exec(text);
  if (number) return { kind: "number", text: number[0], start: i, end: i + number[0].length };
  if (text[i] === '"' || text[i] === "'") return literal(text, i, i, to, false);
  const punct = PUNCTUATORS.find((p) => text.startsWith(p, i)) ?? text[i]!;
  return { kind: "punct", text: punct, start: i, end: i + punct.length };
}

/** A string or character literal starting at `quote` (after any prefix at `start`); it ends at its line's end if unclosed. */
function literal(text: string, start: number, quote: number, to: number, raw: boolean): Token {
  const q = text[quote]!;
  let end: number;
  if (raw && q === '"') {
    // R"delim( ... )delim"
    const open = text.indexOf("(", quote);
    const delimiter = open === -1 ? "" : text.slice(quote + 1, open);
    const close = open === -1 ? -1 : text.indexOf(`)${delimiter}"`, open);
    end = close === -1 ? to : close + delimiter.length + 2;
  } else {
    end = quote + 1;
    while (end < to && text[end] !== q && text[end] !== "\n") end += text[end] === "\\" ? 2 : 1;
    end = Math.min(to, end + 1);
  }
  return { kind: "string", text: text.slice(start, end), start, end };
}

function lineEnd(text: string, i: number, to: number): number {
  const newline = text.indexOf("\n", i);
  return newline === -1 || newline > to ? to : newline;
}

/** Where a preprocessor line ends: at a newline not escaped by `\`, skipping block comments. */
function directiveEnd(text: string, i: number, to: number): number {
  let j = i;
  while (j < to) {
    if (text[j] === "/" && text[j + 1] === "*") {
      const close = text.indexOf("*/", j + 2);
      j = close === -1 ? to : close + 2;
    } else if (text[j] === "/" && text[j + 1] === "/") {
      return lineEnd(text, j, to);
    } else if (text[j] === "\n" && !/\\\r?$/.test(text.slice(Math.max(i, j - 2), j))) {
      return j;
    } else {
      j++;
    }
  }
  return to;
}

/**
 * The ranges each `#if`/`#ifdef`/`#ifndef` ... `#endif` spans. An include guard (`#ifndef X` followed by an
 * empty `#define X` with no code between) is not a condition: the whole header would look conditional.
 */
function conditionalRanges(directives: readonly Directive[], length: number): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const open: { start: number; guard: boolean }[] = [];
  directives.forEach((directive, index) => {
    if (directive.name === "if" || directive.name === "ifdef" || directive.name === "ifndef") {
      open.push({ start: directive.start, guard: isIncludeGuard(directive, directives[index + 1]) });
    } else if (directive.name === "endif") {
      const opened = open.pop();
      if (opened && !opened.guard) ranges.push({ start: opened.start, end: directive.end });
    }
  });
  for (const opened of open) if (!opened.guard) ranges.push({ start: opened.start, end: length });
  return ranges;
}

function isIncludeGuard(directive: Directive, next: Directive | undefined): boolean {
  const name = directive.tokens[0]?.text;
  return (
    directive.name === "ifndef" &&
    next?.name === "define" &&
    next.tokenIndex === directive.tokenIndex &&
    next.tokens.length === 1 &&
    next.tokens[0]!.text === name
  );
}
